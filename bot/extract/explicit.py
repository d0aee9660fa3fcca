"""Explicit references: PR and issue numbers written out.

URLs, `owner/repo#N`, `repo#N`, `#N`, `PR 855`, `PRs 920, 922, and 952`, `Issue #34`
and link text hiding the number (`scan_explicit`; number columns of tables are read by
`references._table_mentions`), and the collector every reference reader adds to
(`_Collector`). Which repository a bare number belongs to is settled in `repositories.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Literal

from bot.domain.models import Reference, Statement
from bot.domain.people import Roster, handles
from bot.extract.discussed import blank_out, link_spans, url_spans
from bot.extract.repositories import Repositories
from bot.parse.words import sentence_spans

if TYPE_CHECKING:
    from bot.extract.implicit import PullIndex

_NUM = r"[1-9]\d{0,6}"
_URL = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9][\w.-]*)/(?P<repo>[\w.-]+?)"
    rf"/(?P<kind>pull|pulls|issues)/(?P<number>{_NUM})(?!\d)",
    re.IGNORECASE,
)
# "an issue 2 weeks ago": a number that counts something is not an issue number.
_COUNTED = r"(?:weeks?|days?|months?|years?|hours?|minutes?|times|people|percent)\b"
# The forms of a mention written out, in the order they are tried at each position: the
# first form that matches there wins. Scanned as their alternation would be (`_form_matches`).
_FULL = rf"(?<![\w/.-])(?P<owner>[A-Za-z0-9][\w.-]*)/(?P<repo>[A-Za-z0-9_.-]+)\#(?P<full>{_NUM})(?!\w)"
_KEYWORD = rf"""
    (?P<keyword>\bPRs?|\b[Pp]ull[ -][Rr]equests?|\b[Ii]ssues?)
    (?:\s*[:\#-]\s*|\s+|(?=\d))\#?(?P<first>{_NUM})(?!\s+{_COUNTED})
    (?P<more>(?:\s*,\s*(?:and\s+|or\s+|&\s*)?\#?{_NUM}(?!\w|\.\d)|\s+(?:and|or|&)\s+\#?{_NUM}(?!\w|\.\d))*)
    (?!\w|\.\d)
"""
# "identified as 1062, 1088, and 1100": a list of numbers, one reference each.
_LISTED = rf"""
    \b(?:as|see)\s+(?P<listed>\#?{_NUM}(?:\s*,\s*(?:and\s+|or\s+)?\#?{_NUM}|\s+(?:and|or)\s+\#?{_NUM})+)
    (?!\w|\.\d|\s+{_COUNTED})
"""
_SHORT = rf"(?<![\w/.-])(?P<name>[A-Za-z][\w.-]*)\#(?P<short>{_NUM})(?!\w)"
_BARE = rf"(?<![\w&\#/])\#(?P<bare>{_NUM})(?![\w-])"
_FORMS = (_FULL, _KEYWORD, _LISTED, _SHORT, _BARE)
# Cheap tests that let most statements skip the scans above. Every form of both holds a
# number, and a number (`_NUM`) starts with a digit 1-9: a text without one (most
# statements) holds no mention. Then a GitHub URL has "github.com/" (`_may_hold_url`), and
# every form of `_FORMS` has a "#", the keyword "PR", "[Pp]ull request" or "[Ii]ssue", or a
# list of numbers.
_NUMBER_START = re.compile(r"[1-9]")


_NUMBER_LIST = re.compile(r"\d\s*,\s*(?:and\s+|or\s+)?\#?\d|\d\s+(?:and|or)\s+\#?\d")


def _may_hold_url(text: str) -> bool:
    """Whether `_URL` may match: each match holds "github.com/" in some case. "hub.com/" has
    no "i", "s" or "k", the letters that other characters ("ı", "ſ", "K") match while
    ignoring case, so a text holding it in any case holds it in lower case once lowered."""
    return "hub.com/" in text.lower()


def _may_mention(text: str) -> bool:
    """Whether the scan for the forms is made: without a "#" or a keyword, only when the text
    holds a list; and then only the list form can match, which opens on "as" or "see"."""
    if "#" in text or "PR" in text or "ull" in text or "ssue" in text:
        return True
    return ("as" in text or "see" in text) and _NUMBER_LIST.search(text) is not None


@lru_cache(maxsize=len(_FORMS))
def _form(index: int) -> re.Pattern[str]:
    """The form `_FORMS[index]` alone, compiled when a text first may hold it.

    Compiling each form once costs a fifth of compiling the alternations of the forms held
    that a run meets (up to nine of them, each holding the costly keyword and list forms):
    a run reads few mentions, so the compiles were much of the scan's cost.
    """
    return re.compile(_FORMS[index], re.VERBOSE)


def _form_matches(masked: str, held: Sequence[bool]) -> Iterator[re.Match[str]]:
    """The matches of the alternation of the forms `held` (`_forms_held`), in their order, as
    its `finditer` gives them, from one scan per form.

    The alternation matches at the leftmost position any form matches, with the first form
    in order that matches there, as that form alone would (nothing follows it in the
    alternation), then goes on from the match's end. So each form's next match is kept, the
    leftmost (first in order on a tie) is given, and the forms whose next match starts
    before its end search again from there: a search from a later position sees the same
    text around it (look-behinds and `\\b` read before `pos`). No form matches an empty text.
    A form left out matches nowhere in `masked`, so it would win no position either.
    """
    ahead = {index: _form(index).search(masked) for index, keep in enumerate(held) if keep}
    ahead = {index: match for index, match in ahead.items() if match is not None}
    while ahead:
        index = min(ahead, key=lambda at: (ahead[at].start(), at))
        match = ahead[index]
        yield match
        end = match.end()
        for other, found in list(ahead.items()):
            if found.start() < end:
                again = _form(other).search(masked, end)
                if again is None:
                    del ahead[other]
                else:
                    ahead[other] = again


# The character before the "#" of `_FULL` and `_SHORT` (`[A-Za-z0-9_.-]`, `[\w.-]`).
_WORD_HASH = re.compile(r"[\w.-]\#")


def _forms_held(masked: str) -> tuple[bool, bool, bool, bool, bool]:
    """Which forms of `_FORMS` may match in `masked` (the order of `_FORMS`).

    Each holds a literal: "#" after a word character (`_FULL`, with a "/", and `_SHORT`) or
    any "#" (`_BARE`); "PR", "ull" or "ssue" (`_KEYWORD`); a list (`_LISTED`) holds what
    `_NUMBER_LIST` matches. URLs and link texts are blanked out of `masked`, and with them
    the "/pull/" and "#issuecomment" that would let a form be tried for nothing.
    """
    hashed = "#" in masked
    after_word = hashed and _WORD_HASH.search(masked) is not None
    keyword = "PR" in masked or "ull" in masked or "ssue" in masked
    listed = _NUMBER_LIST.search(masked) is not None
    return after_word and "/" in masked, keyword, listed, after_word, hashed


_LIST_NUMBER = re.compile(rf"\#?({_NUM})")
# "#3" after these words numbers something other than a PR: "item #3", "meeting #12".
_NOT_A_PR_BEFORE = re.compile(
    r"\b(?:item|step|meeting|call|week|sprint|episode|no|number|option|point|slide|page|line|session|"
    r"part|phase|round|rank|release|day|agenda|topic|question|room|table|figure|chapter|section|"
    r"colou?r|vote|ranked|rule|rfc|rfcs|pep|peps|cve|proposal|adr)\s*:?\s*$",
    re.IGNORECASE,
)


Kind = Literal["pull", "issue", "unknown"]


@dataclass
class _Mention:
    """One explicit mention before its repository is settled."""

    statement: Statement
    start: int
    number: int
    kind: Kind
    repository: str | None = None  # owner/repo as written
    name: str | None = None  # repo of "repo#N"
    written: str = ""


def scan_statements(statements: Sequence[Statement]) -> list[_Mention]:
    """`scan_explicit` of each statement, in order; only those holding a digit 1-9 or a link
    are read, as every mention holds a number and no other statement finds one."""
    numbered = _numbered([statement.text for statement in statements])
    return [
        mention
        for index, statement in enumerate(statements)
        if statement.links or index in numbered
        for mention in _scan(statement, index in numbered)
    ]


def _numbered(texts: Sequence[str]) -> set[int]:
    """The indexes of the texts holding a digit 1-9 (where `_NUMBER_START` matches).

    One `str.find` per digit through the texts joined: a search for one character runs far
    faster than a regex's scan of each text, and most texts hold no digit. A hit marks its
    text, and the search goes on from the next text.
    """
    joined = "\n".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))  # where the next text starts
    found: set[int] = set()
    for digit in "123456789":
        at = joined.find(digit)
        while at >= 0:
            index = bisect_right(ends, at)
            found.add(index)
            at = joined.find(digit, ends[index])
    return found


def scan_explicit(statement: Statement) -> list[_Mention]:
    """Explicit mentions in a statement's text and links, in order of appearance."""
    return _scan(statement, _NUMBER_START.search(statement.text) is not None)


def _scan(statement: Statement, numbered: bool) -> list[_Mention]:
    """`scan_explicit`, told whether the text holds a digit 1-9 (`scan_statements` knows)."""
    text = statement.text
    found: list[_Mention] = []
    if numbered and _may_hold_url(text):
        for match in _URL.finditer(text):
            found.append(_url_mention(statement, match, match.start()))
    for link in statement.links:
        if not _may_hold_url(link.href):
            continue
        for match in _URL.finditer(link.href):
            start = text.find(link.text) if link.text else -1
            found.append(_url_mention(statement, match, max(start, 0)))
    if numbered and _may_mention(text):
        urls = url_spans(text)
        masked = blank_out(text, [*urls, *link_spans(statement)])
        held = _forms_held(masked)
        if any(held):
            for match in _form_matches(masked, held):
                found += _text_mentions(statement, match)
    found.sort(key=lambda m: m.start)
    return found


def _url_mention(statement: Statement, match: re.Match[str], start: int) -> _Mention:
    kind: Kind = "issue" if match.group("kind").lower() == "issues" else "pull"
    return _Mention(
        statement,
        start,
        int(match.group("number")),
        kind,
        repository=f"{match.group('owner')}/{match.group('repo')}",
        written=match.group(0),
    )


def _text_mentions(statement: Statement, match: re.Match[str]) -> list[_Mention]:
    group = match.groupdict()  # a form a scan left out has no groups: absent is not matched
    start, written = match.start(), match.group(0)
    if group.get("full"):
        repository = f"{group['owner']}/{group['repo']}"
        return [_Mention(statement, start, int(group.get("full")), "unknown", repository, written=written)]
    if group.get("short"):
        return [
            _Mention(
                statement,
                start,
                int(group.get("short")),
                "unknown",
                name=group.get("name"),
                written=written,
            )
        ]
    if group.get("listed"):
        numbers = [int(n) for n in _LIST_NUMBER.findall(group.get("listed"))]
        if min(numbers) < 10 or all(1900 <= n <= 2100 for n in numbers):
            return []  # "as 1, 2 and 3": list items or steps, not issue numbers
        return [_Mention(statement, start, number, "unknown", written=written) for number in numbers]
    if group.get("bare"):
        if _NOT_A_PR_BEFORE.search(statement.text[max(0, start - 20) : start]):
            return []
        return [_Mention(statement, start, int(group.get("bare")), "unknown", written=written)]
    keyword = group["keyword"].lower()
    kind: Kind = "issue" if keyword.startswith("issue") else "pull"
    numbers = [int(group["first"])]
    numbers += [int(n) for n in _LIST_NUMBER.findall(group.get("more"))]
    return [_Mention(statement, start, number, kind, written=written) for number in numbers]


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that contains `offset`: the evidence quoted for a reference.

    Sentences end where the follow-up extractor's do (`bot.parse.words.sentence_spans`),
    but a clause is quoted with its sentence: "PR #12 - Fix the build" names the PR in full.
    """
    starts, spans = _sentences(text)
    if not spans:
        return ""
    start, end = spans[max(bisect_right(starts, offset) - 1, 0)]
    return text[start:end].strip()


@lru_cache(maxsize=256)
def _sentences(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The sentences of `text` and where each starts: found once for a line of many PRs.

    `sentence_spans` ends a sentence (not a clause) only at a ".", "!" or "?": a text without
    one, as most that name a PR are, is one sentence unless it is only white space.
    """
    if "." in text or "!" in text or "?" in text:
        spans = sentence_spans(text, clauses=False)
    else:
        spans = [(0, len(text))] if text and not text.isspace() else []
    return [start for start, _ in spans], spans


def _people(statement: Statement, roster: Roster) -> list[str]:
    return list(_people_of(statement.text, roster))


@lru_cache(maxsize=256)
def _people_of(text: str, roster: Roster) -> tuple[str, ...]:
    """Once per statement, not per reference in it: a line of many PRs stays linear."""
    named = [m.person.github for m in roster.mentions(text) if m.person]
    return tuple(dict.fromkeys([*named, *handles(text)]))


class _Collector:
    """References by (repository, number), each once, at its first line."""

    def __init__(self, index: PullIndex | None, repositories: Repositories) -> None:
        self.index = index
        self.repositories = repositories
        self.found: dict[tuple[str, int], Reference] = {}

    def add(
        self,
        repository: str,
        number: int,
        kind: Kind,
        line: int,
        evidence: str,
        people: Sequence[str],
        implicit: bool,
        discussed: bool = True,
    ) -> None:
        repository = self.repositories.canonical(repository)
        pull = self.index.get(repository, number) if self.index is not None else None
        if pull is not None:
            kind = "pull"
        involved = [pull.author] if pull is not None and pull.author else []
        involved = list(dict.fromkeys([*involved, *people]))
        key = (repository.lower(), number)
        old = self.found.get(key)
        if old is None:
            self.found[key] = Reference(
                line=line,
                repository=repository,
                number=number,
                kind=kind,
                implicit=implicit,
                people=involved,
                evidence=evidence,
                discussed=discussed,
            )
            return
        first = line < old.line
        self.found[key] = old.model_copy(
            update={
                "line": min(line, old.line),
                "evidence": evidence if first else old.evidence,
                "implicit": old.implicit and implicit,
                "kind": old.kind if old.kind != "unknown" else kind,
                "people": list(dict.fromkeys([*old.people, *involved])),
                "discussed": old.discussed or discussed,
            }
        )
