"""Agenda items the call did not get to: "not discussed", "skipped", a line of only links.

Nothing on such a line gets a comment (`references.find_references`). Also the text
helpers that blank out URLs and link texts, which the other reference readers share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.domain.models import Meeting, Statement
from bot.extract.triggers import Triggers, normal

_ANY_URL = re.compile(r"\b(?:https?://|www\.)\S+|\bgithub\.com/\S+", re.IGNORECASE)


def blank_out(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span (within it) turned to spaces: what is left keeps its offsets, so a
    match in it points into the original text (a URL's or a link text's number is not read
    twice). Built from slices of the text, not character by character."""
    pieces: list[str] = []
    done = 0  # the text up to here is in `pieces`
    for start, end in sorted(spans):
        start = max(start, done)  # spans may overlap: a link text inside a URL
        if end > start:
            pieces += (text[done:start], " " * (end - start))
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def link_spans(statement: Statement) -> list[tuple[int, int]]:
    """Where link texts sit in the plain text: a number there belongs to the link target."""
    spans: list[tuple[int, int]] = []
    position = 0
    for link in statement.links:
        if not link.text:
            continue
        start = statement.text.find(link.text, position)
        if start < 0:
            start = statement.text.find(link.text)
        if start >= 0:
            spans.append((start, start + len(link.text)))
            position = start + len(link.text)
    return spans


# An agenda item the call did not get to: "not discussed", "skipped as we ran out of time",
# "deferred to next week", "no update". Only at the start of the item or of a part of it
# ("#12 (not discussed)", "#12 - skipped"), and followed by nothing or by its reason, so
# "Skipped tests are flaky" or "the deferred free path" is not one.
_MARK = (
    r"(?:was\s+|were\s+|is\s+|item\s+)?(?:not\s+discussed|wasn['’]t\s+discussed|not\s+covered|"
    r"skipped|deferred|postponed|no\s+updates?|nothing\s+new|carried\s+over|next\s+time|"
    r"ran\s+out\s+of\s+time|out\s+of\s+time|no\s+time|tabled)"
)
_SKIPPED = re.compile(
    _MARK
    + r"(?=\s*$|\s*[-–—,.;:)\]!(]|\s+(?:as|because|due|since|to|until|for|this|today|again|yet|from|at|in)\b)",
    re.IGNORECASE,
)
# A text that is only the mark (`_only_skipped`) opens with its words once the characters
# it strips are passed: one match at the start tells the few texts worth reading closely.
_MARK_AT_START = re.compile(r"[ *_~.:!]*" + _MARK, re.IGNORECASE)
_PART_START = re.compile(r"(?:^|[(\[]|\s[-–—|]\s|[:;,.]\s)[\s*_~]*")
# What is left of a line of only links: separators, and the labels of a list of documents.
_LINK_LABEL = re.compile(
    r"\b(?:labels?|docs?|documents?|links?|slides?|notes|recording|video|minutes|agenda|see|ref|refs|and)\b",
    re.IGNORECASE,
)
# A word (all of a run of `\w`) holding two ASCII letters in a row. A label is such a word
# whole, as its `\b`s say, so what is left once the labels are blanked holds two letters in
# a row exactly when some word of this kind is not a label: read word by word, the first
# word that is not a label answers, where blanking every label read the whole text.
_LETTERED_WORD = re.compile(r"(?<!\w)\w*?[A-Za-z]{2}\w*")


# The words `_SKIPPED` cannot match without ("discussed", "skipped", "no", ...), read from
# the pattern: most statements hold none and need no scan of their parts.
_SKIPPED_WORDS = Triggers([_SKIPPED], "not_discussed")


def _skipped_part(text: str) -> bool:
    """Whether the item, or a part of it set off by a bracket or a dash, says it was not discussed."""
    return any(_SKIPPED.match(text, match.end()) for match in _PART_START.finditer(text))


def _only_skipped(text: str) -> bool:
    """The whole item is the mark itself ("not discussed", "Skipped:"): it labels its neighbours."""
    stripped = text.strip(" *_~.:!")
    found = _SKIPPED.match(stripped)
    return found is not None and len(stripped[found.end() :].split()) <= 8


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where `_ANY_URL` matches, looked for only in texts holding a literal one of its
    branches needs: "://", "www." or "github.com/" (in `normal` form, as it ignores case)."""
    if "://" not in text:
        folded = normal(text)
        if "www." not in folded and "github.com/" not in folded:
            return []
    return [match.span() for match in _ANY_URL.finditer(text)]


def _links_only(statement: Statement) -> bool:
    """A line that only lists links (labels, documents) names things; it does not discuss them.

    A table cell is read with its row, which this does not see: it is never link-only.
    """
    if statement.kind == "cell":
        return False
    urls = url_spans(statement.text)
    if not statement.links and not urls:
        return False
    rest = blank_out(statement.text, [*urls, *link_spans(statement)])
    return not any(not _LINK_LABEL.fullmatch(word.group()) for word in _LETTERED_WORD.finditer(rest))


def _says_skipped(text: str) -> bool:
    """Whether a part of the text is the mark; read closely only when the text holds a word
    `_SKIPPED` needs, as few do."""
    return _SKIPPED_WORDS.may_match(text) and _skipped_part(text)


class NotDiscussed:
    """Lines of agenda items the call did not discuss, so nothing on them gets a comment:
    ask `line in not_discussed`.

    An item is not discussed when it says so itself ("#12 Flaky CI (deferred)"), when a
    sub-item is only the mark ("* not discussed"), when an item that is only the mark
    heads a list ("* Skipped:" with the items under it), or when the first thing under a
    heading is the mark ("## Strategic Initiatives" then "* skipped, out of time"). A
    line that only lists links is not discussion, unless notes of the call sit under it.

    What reaches other lines (a statement that is only the mark, a heading that says it)
    is read for every statement when built; the test for "only the mark" is anchored at
    the start of the text, so cheap. What an item says of itself (a part of it is the mark,
    it only lists links) counts for its own line alone, so it is read when that line is
    asked about: references sit on few of a file's lines.
    """

    def __init__(self, meeting: Meeting) -> None:
        statements = meeting.statements
        only = [
            _MARK_AT_START.match(text) is not None and _only_skipped(text)
            for text in [statement.text for statement in statements]
        ]
        self._children: dict[int, list[int]] = {}
        self._items: dict[int, list[Statement]] = {}  # the statements on a line, headings aside
        for statement in statements:
            if statement.parent_line is not None:
                self._children.setdefault(statement.parent_line, []).append(statement.line)
            if statement.kind != "heading":
                self._items.setdefault(statement.line, []).append(statement)
        # A heading comes before everything under it, so every heading read first marks what
        # is under it just as reading them in file order would.
        marked_headings = {
            statement.headings
            for statement in statements
            if statement.kind == "heading" and _says_skipped(statement.text)
        }
        has_marks = any(only)
        if has_marks:
            marked_headings |= self._marked_by_first(statements, only)
        self._lines: set[int] = set()
        # Only a mark or a marked heading reaches other lines, and most files have neither.
        if has_marks or marked_headings:
            self._mark(statements, only, marked_headings)
        self._asked: dict[int, bool] = {}

    def _marked_by_first(self, statements: list[Statement], only: list[bool]) -> set[tuple[str, ...]]:
        """The headings whose first item is only the mark ("## Strategic Initiatives" then
        "* skipped, out of time"); "* Not discussed:" with items under it labels those items,
        not the whole section."""
        first_under: dict[tuple[str, ...], tuple[Statement, bool]] = {}
        for statement, is_mark in zip(statements, only, strict=True):
            if statement.kind != "heading" and statement.parent_line is None:
                first_under.setdefault(statement.headings, (statement, is_mark))
        return {
            headings
            for headings, (first, is_mark) in first_under.items()
            if is_mark and first.line not in self._children
        }

    def _mark(
        self, statements: list[Statement], only: list[bool], marked_headings: set[tuple[str, ...]]
    ) -> None:
        """The lines under a marked heading, of an item with a sub-item that is only the mark,
        and under an item that is only the mark."""
        parents_of_marks = {
            statement.parent_line
            for statement, is_mark in zip(statements, only, strict=True)
            if is_mark and statement.parent_line is not None
        }
        for statement, is_mark in zip(statements, only, strict=True):
            if statement.kind == "heading":
                if statement.headings in marked_headings:
                    self._lines.add(statement.line)
                continue
            marked = bool(marked_headings) and any(
                statement.headings[: i + 1] in marked_headings for i in range(len(statement.headings))
            )
            if marked or statement.line in parents_of_marks:
                self._lines.add(statement.line)
            if is_mark:
                self._lines |= _descendants(statement.line, self._children)

    def __contains__(self, line: object) -> bool:
        if line in self._lines:
            return True
        if not isinstance(line, int):
            return False
        if line not in self._asked:
            self._asked[line] = any(self._says_itself(statement) for statement in self._items.get(line, ()))
        return self._asked[line]

    def _says_itself(self, statement: Statement) -> bool:
        return _says_skipped(statement.text) or (
            statement.line not in self._children and _links_only(statement)
        )


def _descendants(line: int, children: dict[int, list[int]]) -> set[int]:
    found: set[int] = set()
    stack = [line]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
