"""The language module: sentences, stop words, stems and content words of minutes text.

One home for the English that several readers share: the follow-up extractor splits
sentences here, carry-over compares a follow-up with an issue by the content words
computed here, and the PR ranking (`bot/extract/implicit.py`) stems with the same `stem`,
so a tuning lands once. Commitment cues stay in `bot/extract/cues.py`; names in
`bot/parse/names.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.parse.text import strip_accents

_WORD = re.compile(r"[a-z0-9][a-z0-9+_-]*")

# A sentence ends at "." before a capital, at "!" or "?" after a word and before anything
# (chat minutes write "why? ok, let's ..."; "the ? operator" is no end); "e.g." and "Dr." do
# not end one. A clause ends at ";" or at a spaced dash before a capital ("unavailable - Kim
# to present"): the follow-up extractor reads each clause as a sentence of its own, while a
# quote keeps them together ("PR #12 - Fix the build" is one title).
_SENTENCE_BREAK = re.compile(r"[.](?=\s+[\"“(*\[A-Z0-9@])|[!?](?=\s+\S)|;\s+|\s+[-–—]\s+(?=[A-Z])")
# The same breaks but the spaced dash, for the many texts without a dash after white space:
# each branch then opens on its mark, so the regex engine skips ahead to the marks instead of
# trying every branch at every position.
_SENTENCE_END = re.compile(r"\.(?=\s+[\"“(*\[A-Z0-9@])|!(?=\s+\S)|\?(?=\s+\S)|;\s+")
_SPACED_DASH = re.compile(r"[-–—](?<=\s[-–—])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|approx|cf|[A-Z])\.$")
# The longest abbreviation ("approx.") and the character before it, which `\b` looks at: the
# test reads only this tail, so a long sentence is not rescanned at every full stop.
_ABBREVIATION_REACH = 8


def word_char(char: str) -> bool:
    r"""What `\w` matches in a str pattern: letters and numbers of any script, and "_"."""
    return char.isalnum() or char == "_"


STOP_WORDS = frozenset(
    """a about above after again against agreed all also an and any are as asked at be been before being
    below between both but by can could did do does doing done during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just let me more most my next
    no nor not now of off on once only or other our out over own plan plans planned same she should so
    some such than that the their them then there these they this those through to too under until up
    us very was we week were what when where which while who whom why will with would you your offered
    going wants want today tomorrow later soon work working able make made get gets got
    pr prs pull request requests patch patches issue issues""".split()  # noqa: SIM905
)


# The ranking of PRs by subject drops more than that: besides English glue, the words minutes
# use to report speech and the vocabulary of code review, since every PR is a "change" that
# gets "reviewed"; carry-over compares a follow-up with its own issue, where "plan" or
# "review" may be the very subject both share, so it keeps them.
SUBJECT_STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our out over own same she should so some such than
    that the their them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your one two new next last
    week weeks today currently still already may might must need needs needed want wanted wants
    mention mentioned note noted discuss discussed discussion ask asked say said announce announced
    agree agreed raise raised give gave provide provided explain explained suggest suggested express
    expressed bring brought talk talked report reported confirm confirmed inquire inquired plan plans
    planned think thought work working worked look looking
    pr prs pull pulls request requests patch patches patchset set series code review reviews reviewed
    reviewing post posted posting open opened opening submit submitted propose proposed change
    changes changed upcoming pending merge merged merging rebase rebased rebasing commit commits
    comment comments feedback status update updates updated version v2 v3 part parts first second
    team group people someone github address addressed addressing resolve resolved concern concerns
    issue issues problem problems question questions acknowledge acknowledged intention
    quickly soon later plan action item items decision next step steps ai meeting call agenda
    process processes track tracking
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_STEM_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")


def stem(word: str) -> str:
    """A light stemmer: "posting", "posted" and "posts" meet, so do "merge" and "merging".

    One suffix goes, keeping at least three letters ("class" keeps its "ss"), then a final
    "e", which the "-ing" and "-ed" forms drop. No "-ation": it made "cross-compilation"
    name a PR that compiles something else, and the PR ranking already meets "document"
    with "documentation" as a prefix.
    """
    for suffix in _STEM_SUFFIXES:
        if (
            word.endswith(suffix)
            and len(word) - len(suffix) >= 3
            and not (suffix == "s" and word.endswith("ss"))
        ):
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    words = _WORD.findall(strip_accents(text).casefold())
    return frozenset(stem(word) for word in words if word not in STOP_WORDS and not word.isdigit())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of the smaller text's words: a short restatement still matches its issue.

    One shared word is chance ("code", "support"), so fewer than two count as nothing.
    """
    shared = len(a & b)
    if shared < 2:
        return 0.0
    return shared / min(len(a), len(b))


def _sentence_breaks(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_SENTENCE_BREAK` in `text`: its spaced-dash branch needs white space
    before a dash, so a text without one is searched without that branch."""
    return (_SENTENCE_BREAK if _SPACED_DASH.search(text) else _SENTENCE_END).finditer(text)


def sentence_spans(text: str, clauses: bool = True) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends (the break that ends it included).

    The one rule for where a sentence ends, shared by every reader: the follow-up
    extractor reads the pieces, clauses included (`split_sentences`); the reference
    readers quote the whole sentence around a PR number, `clauses=False`
    (`bot/extract/explicit.sentence_at`). A stretch of only whitespace is no sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _sentence_breaks(text):
        at = match.start()
        mark = text[at]
        if mark == ".":
            if _ABBREVIATIONS.search(text[max(start, match.end() - _ABBREVIATION_REACH) : match.end()]):
                continue
        elif mark in "!?":
            if at == 0 or text[at - 1].isspace():
                continue  # "the ? operator": a mark after a space is no end
        elif not clauses:
            continue
        if not text[start : match.end()].isspace():
            spans.append((start, match.end()))
        start = match.end()
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return spans


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences and clauses with their offsets, cut where `sentence_spans` says."""
    return [(start, text[start:end]) for start, end in sentence_spans(text)]
