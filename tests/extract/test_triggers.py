"""The trigger-word prefilter: the sentence grammar may skip a sentence only when no rule can match it.

`followups.may_commit` skips sentences without a trigger word; the words are derived from the
grammar's patterns (`bot/extract/triggers.py`). These tests hold that derivation sound (a
sentence a pattern matches always passes), make sure every pattern of `cues.py` is either in
the grammar the prefilter reads or known to only filter, and pin down the analysis on the
regex constructs it relies on.
"""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract import cues, dialogue, followups, labels, trigger_table
from bot.extract.needles import Needle, needles
from bot.extract.triggers import Triggers, named_sets, normal, render_table

# Patterns of cues.py that do not make a follow-up by themselves: they only remove or qualify
# what the grammar found. A new pattern in cues.py must be added here or to `cues.GRAMMAR`.
NOT_GRAMMAR = {
    "_NOT_A_TASK_BEFORE",
    "_VERB_IN_CLAUSE",
    "_FIRST_PERSON",
    "_OWN_PLAN",
    "_LATER",
    "_NEGATION",
    "_SENTENCE_NEGATION",
    "_ABSENCE",
    "_NOUN_BEFORE",
    "_DETERMINED_NOUN",
    "_HYPOTHETICAL",
    "_HEDGE",
    "_EMBEDDED_QUESTION",
    "_THING_BEFORE_MODAL",
    "_CONDITION_AFTER",
    "_PAST_REPORT",
    "_PAST_SUBJECT_VERB",
    "_REPORTING",  # the verbs REPORTED_WOULD and AGREED_SHOULD need, searched for first
    "_REQUESTING",  # the verbs REQUEST needs, searched for first
}
# What the sentence grammar also reads, outside cues.py, to make a follow-up.
GRAMMAR = (*cues.GRAMMAR, followups._OFFER_QUESTION)


def _patterns(module: object) -> dict[str, re.Pattern[str]]:
    return {name: value for name, value in vars(module).items() if isinstance(value, re.Pattern)}


def test_every_pattern_of_cues_is_in_the_grammar_or_known_to_only_filter() -> None:
    grammar = {id(p) for p in cues.GRAMMAR}
    unclassified = sorted(
        name for name, p in _patterns(cues).items() if id(p) not in grammar and name not in NOT_GRAMMAR
    )
    assert unclassified == [], (
        f"add each to cues.GRAMMAR (it can make a follow-up) or to NOT_GRAMMAR: {unclassified}"
    )
    assert set(_patterns(cues)) >= NOT_GRAMMAR, "NOT_GRAMMAR names a pattern cues.py no longer has"


def test_action_labels_open_statements_outside_the_grammar() -> None:
    """A label is read on every statement before the prefilter, so none of its patterns may be
    one the prefilter alone would let through."""
    grammar = {id(p) for p in GRAMMAR}
    assert _patterns(labels), "labels.py has no patterns left to check"
    assert not [name for name, p in _patterns(labels).items() if id(p) in grammar]


def test_the_trigger_table_is_what_the_patterns_give() -> None:
    """The literal searches in trigger_table.py are the derivation's: a changed pattern fails here
    until `make triggers` writes them again, so the table cannot fall behind the grammar."""
    sets = named_sets()
    assert set(sets) == {
        "grammar",
        "phrases",
        "prose",
        "dialogue",
        "not_discussed",
        "done",
        "next_meeting",
        "cadence",
    }
    assert sets["grammar"] is followups._TRIGGERS and sets["prose"] is cues._PROSE_WORDS
    assert sets["phrases"] is followups._PHRASE_TRIGGERS and sets["dialogue"] is dialogue._DIALOGUE_WORDS
    for name, triggers in sets.items():
        assert trigger_table.TABLE[name] == triggers.derived_source(), f"run `make triggers` ({name})"
        assert trigger_table.ANCHORED[name] == triggers.anchored_source(), f"run `make triggers` ({name})"
    with open(trigger_table.__file__, encoding="utf-8") as table:
        assert table.read() == render_table(), "run `make triggers`"


def test_a_named_set_searches_as_its_derivation_does() -> None:
    named = followups._TRIGGERS
    derived = Triggers(named.patterns)
    for sentence in ("Kim will send it.", "Lee to review the draft", "The numbers were reviewed.", "wİll"):
        assert named.may_match(sentence) == derived.may_match(sentence), sentence


def test_every_grammar_pattern_has_a_trigger_the_prefilter_looks_for() -> None:
    triggers = followups._TRIGGERS
    for pattern in GRAMMAR:
        found = triggers.found[pattern]
        assert found, f"no trigger word in {pattern.pattern[:60]!r}: the prefilter could skip nothing"
        assert found <= triggers.needles


# Words of the rules, spellings the case-insensitive patterns accept, and ordinary words.
_WORDS = [
    "will", "WILL", "wİll", "ſhall", "shall", "'ll", "’ll", "is going to", "going to", "to", "be", "reviewed",
    "plans", "plan", "planning", "agreed", "agreed on", "fixing", "asked", "requested", "Kim", "Lee",
    "I", "I can", "can", "would", "should", "please", "Please", "let's", "Let’s", "consensus", "the", "our",
    "next", "step", "business", "is", "are", "object", "concerns", "if", "before", "review", "send", "and",
    ",", ".", "today", "topic", "into", "decided", "that", "we", "said", "he", "volunteers", "happy",
    "took", "an", "action", "item", "needs", "hopes", "expects", "committed", "signed", "up",
]  # fmt: skip


# What may lie between words: the prefilter reads a run of white space as one, checked apart.
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\t", " \n ", "\u00a0", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), st.lists(_GAPS, min_size=12, max_size=12))
def test_a_sentence_any_grammar_pattern_matches_is_never_skipped(words: list[str], gaps: list[str]) -> None:
    sentence = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    for pattern in GRAMMAR:
        if pattern.search(sentence) or pattern.search(sentence.strip()):
            assert followups.may_commit(sentence), (pattern.pattern[:60], sentence)


# Words of trigger phrases, and what may follow one: white space, punctuation, the letters
# `normal` folds (İ ı ſ K).
_PIECES = [
    *("will", "shall", "'ll", "’ll", "to", "be", "next", "step", "steps", "is", "complete", "merged"),
    *("done", "asked", "agreed", "that", "i", "can", "no", "time", "every", "other", "weeks", "bi-weekly"),
    *("action", "item", "took", "the", "plans", "object", "wasn’t", "not", "discussed", "a", "x"),
]
_AFTER = [" ", " ", " ", "  ", "\t", " \n ", "", ".", "!", ",", "'", "’", "-", "\u0130", "\u0131", "\u017f", "\u212a"]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_AFTER)), max_size=10))
def test_the_anchored_search_passes_every_text_the_scan_finds_a_needle_in(
    pieces: list[tuple[str, str]],
) -> None:
    """`may_match` reads `anchored_source`, `starts` the scan of `derived_source`: the first may
    let more through (a long run of white space), never less; with single spaces, the same."""
    text = "".join(word + after for word, after in pieces)
    single_spaced = not re.search(r"\s\s", text)
    for name, triggers in named_sets().items():
        scanned = re.search(trigger_table.TABLE[name], normal(text)) is not None
        assert triggers.may_match(text) >= scanned, (name, text)
        if single_spaced:
            assert triggers.may_match(text) == scanned, (name, text)


def test_the_anchored_search_reads_white_space_runs_and_word_starts() -> None:
    """A needle opens on its rarer letter, "x" of "next"; what comes before is read behind it."""
    steps = Triggers([re.compile(r"\bnext\s+steps?\b")])
    assert steps.anchored_source() == r"x(?:t(?<=next)(?<!\wnext)\s+step\b|t(?<=next)(?<!\wnext)\s+steps\b)"
    assert steps.may_match("Next \t steps: ship it") and steps.may_match("the next step")
    assert not steps.may_match("annext step") and not steps.may_match("next stepper")
    complete = Triggers([re.compile(r"is\s+complete")])
    assert all(complete.may_match(text) for text in ("It is complete", "it is\tcomplete", "it is   complete"))
    assert not complete.may_match("it was complete") and not complete.may_match("it is completing")
    # a needle another one implies is not looked for: " to " is in every "going to "
    going = Triggers([re.compile(r"going\s+to\s+"), re.compile(r"\s+to\s+")])
    assert "going" not in (going.anchored_source() or "") and going.may_match("we are going  to go")
    # a needle of white space only has no letter to open on: the scan answers
    spaces = Triggers([re.compile(r"\s+")])
    assert spaces.may_match("a\tb") and not spaces.may_match("ab")


def test_sentences_without_a_trigger_word_are_skipped() -> None:
    assert not followups.may_commit("The group reviewed the latest numbers from the lab.")
    assert not followups.may_commit("Notes were taken; items listed in the agenda document.")
    assert followups.may_commit("Kim will send the notes.")
    assert followups.may_commit("Lee to review the draft")
    assert followups.may_commit("Let’s look at it again next week")


def test_needles_read_literals_optional_letters_white_space_and_boundaries() -> None:
    assert needles(re.compile(r"\bwill\b")) == {Needle("will", True, True)}
    # " " in a needle stands for any run of white space, as `\s+` does in the pattern
    assert needles(re.compile(r"plans?\s+to")) == {Needle("plan to"), Needle("plans to")}
    assert Triggers([re.compile(r"plans?\s+to")]).may_match("Kim PLANS\tto fix it")
    assert not Triggers([re.compile(r"plans?\s+to")]).may_match("Kim plans a trip to Rome")
    assert needles(re.compile(r"let['’]s\b", re.I)) == {
        Needle("let's", False, True),
        Needle("let’s", False, True),
    }
    # each branch brings its own needle; one of them is enough
    assert needles(re.compile(r"\b(?:asked|told)\s+\w+")) == {Needle("asked ", True), Needle("told ", True)}
    # a branch without any literal leaves the pattern without a trigger: nothing may be skipped
    assert needles(re.compile(r"will|[A-Z]\w+")) is None
    assert Triggers([re.compile(r"will|[A-Z]\w+")]).may_match("nothing here")
    # a look-ahead consumes nothing: what follows it is still next to the literal
    assert needles(re.compile(r"are\s+to(?=\s+[a-z])")) == {Needle("are to")}


def test_letters_that_match_only_while_ignoring_case_are_folded() -> None:
    """`normal` must keep every needle an IGNORECASE pattern can match: checked for all of Unicode."""
    ascii_letters = re.compile(r"[A-Za-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isascii() or not ascii_letters.fullmatch(char):
            continue
        letters = [a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, char, re.IGNORECASE)]
        assert normal(char) in letters, (hex(code), letters)
    pattern = re.compile(r"\bwill\b", re.IGNORECASE)
    assert pattern.search("Kim wİll send it") and Triggers([pattern]).may_match("Kim wİll send it")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
def test_the_commitment_phrases_are_scanned_for_whenever_they_can_match(words: list[str]) -> None:
    """`find_cues` scans for `cues.PROSE` only in sentences holding one of its trigger words."""
    sentence = " ".join(words)
    if cues.PROSE.search(sentence):
        assert cues._PROSE_WORDS.may_match(sentence), sentence


def test_the_statement_prescans_keep_every_statement_their_pattern_matches() -> None:
    """done.py and context.py read only statements holding a trigger word of their pattern."""
    sets = named_sets()
    cases = {
        "done": ["The fix has been MERGED.", "It is complete", "PR landed!", "The doc can now be closed"],
        "next_meeting": ["Next Meeting: October 3", "the next community call is on Friday"],
        "cadence": ["The group meets bi-weekly", "We meet every other week.", "Fortnightly sync"],
    }
    for name, texts in cases.items():
        (pattern,) = sets[name].patterns
        for text in texts:
            assert pattern.search(text), text
            assert sets[name].may_match(text), (name, text)
    assert not sets["done"].may_match("We will look at the backlog next time.")


def test_trigger_starts_are_positions_in_the_original_text() -> None:
    words = Triggers([re.compile(r"\bnext\s+meeting\b", re.IGNORECASE)])
    text = "Agenda\x00The NEXT  meeting is Friday\x00next"
    assert words.starts(text) == [text.index("NEXT")]
    # the one letter whose lower case is longer ("İ" -> "i̇") is folded first: positions hold
    assert words.starts("İ next meeting") == [2]
    assert all(len(normal(chr(code))) == 1 for code in range(sys.maxunicode + 1))
    assert Triggers([re.compile(r"will|[A-Z]\w+")]).starts("anything") is None


def test_the_url_prescan_finds_every_url_the_pattern_does() -> None:
    from bot.extract.discussed import _ANY_URL, url_spans

    texts = ["see HTTPS://example.org/x", "WWW.example.org/docs", "GİTHUB.com/a/b", "hTTp://host/x"]
    for text in texts:
        assert url_spans(text) == [m.span() for m in _ANY_URL.finditer(text)] != [], text
    assert url_spans("no link here, only github or www") == [] == url_spans("ftp://host/x")
