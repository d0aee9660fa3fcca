"""Agenda items the call did not get to: "not discussed", "skipped", a line of only links.

Nothing on such a line gets a comment (`references.find_references`). Also the text
helpers that blank out URLs and link texts, which the other reference readers share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from bot.domain.models import Meeting, Statement
from bot.extract.triggers import Triggers, normal

_ANY_URL = re.compile(r"\b(?:https?://|www\.)\S+|\bgithub\.com/\S+", re.IGNORECASE)


def blank_out(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span turned to spaces: what is left keeps its offsets, so a match in
    it points into the original text (a URL's or a link text's number is not read twice)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


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
_SKIPPED = re.compile(
    r"(?:was\s+|were\s+|is\s+|item\s+)?(?:not\s+discussed|wasn['’]t\s+discussed|not\s+covered|"
    r"skipped|deferred|postponed|no\s+updates?|nothing\s+new|carried\s+over|next\s+time|"
    r"ran\s+out\s+of\s+time|out\s+of\s+time|no\s+time|tabled)"
    r"(?=\s*$|\s*[-–—,.;:)\]!(]|\s+(?:as|because|due|since|to|until|for|this|today|again|yet|from|at|in)\b)",
    re.IGNORECASE,
)
_PART_START = re.compile(r"(?:^|[(\[]|\s[-–—|]\s|[:;,.]\s)[\s*_~]*")
# What is left of a line of only links: separators, and the labels of a list of documents.
_LINK_LABEL = re.compile(
    r"\b(?:labels?|docs?|documents?|links?|slides?|notes|recording|video|minutes|agenda|see|ref|refs|and)\b",
    re.IGNORECASE,
)


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
    rest = _LINK_LABEL.sub(" ", rest)
    return not re.search(r"[A-Za-z]{2,}", rest)


class _Marks(NamedTuple):
    """What a statement says of itself: a part of it is the mark, or it is only the mark."""

    part: bool
    only: bool


_UNMARKED = _Marks(part=False, only=False)


def _marks(text: str) -> _Marks:
    """Read closely only when the text holds a word `_SKIPPED` needs: few statements do."""
    if not _SKIPPED_WORDS.may_match(text):
        return _UNMARKED
    return _Marks(part=_skipped_part(text), only=_only_skipped(text))


def not_discussed_lines(meeting: Meeting) -> set[int]:
    """Lines of agenda items the call did not discuss, so nothing on them gets a comment.

    An item is not discussed when it says so itself ("#12 Flaky CI (deferred)"), when a
    sub-item is only the mark ("* not discussed"), when an item that is only the mark
    heads a list ("* Skipped:" with the items under it), or when the first thing under a
    heading is the mark ("## Strategic Initiatives" then "* skipped, out of time"). A
    line that only lists links is not discussion, unless notes of the call sit under it.
    """
    statements = meeting.statements
    # Each statement is read once, not again as its parent's child or its section's first.
    marks = [_marks(statement.text) for statement in statements]
    children: dict[int, list[int]] = {}
    parents_of_marks: set[int] = set()  # items with a sub-item that is only the mark
    for statement, mark in zip(statements, marks, strict=True):
        if statement.parent_line is not None:
            children.setdefault(statement.parent_line, []).append(statement.line)
            if mark.only:
                parents_of_marks.add(statement.parent_line)
    lines: set[int] = set()
    marked_headings: set[tuple[str, ...]] = set()
    first_under: dict[tuple[str, ...], tuple[Statement, _Marks]] = {}
    for statement, mark in zip(statements, marks, strict=True):
        if statement.kind != "heading" and statement.parent_line is None:
            first_under.setdefault(statement.headings, (statement, mark))
    for headings, (first, mark) in first_under.items():
        # "* Not discussed:" with items under it labels those items, not the whole section.
        if mark.only and first.line not in children:
            marked_headings.add(headings)
    for statement, mark in zip(statements, marks, strict=True):
        if statement.kind == "heading":
            if mark.part or statement.headings in marked_headings:
                marked_headings.add(statement.headings)
            continue
        marked = bool(marked_headings) and any(
            statement.headings[: i + 1] in marked_headings for i in range(len(statement.headings))
        )
        if (
            marked
            or mark.part
            or statement.line in parents_of_marks
            or (statement.line not in children and _links_only(statement))
        ):
            lines.add(statement.line)
        if mark.only:
            lines |= _descendants(statement.line, children)
    for statement in statements:
        if statement.kind == "heading" and statement.headings in marked_headings:
            lines.add(statement.line)
    return lines


def _descendants(line: int, children: dict[int, list[int]]) -> set[int]:
    found: set[int] = set()
    stack = [line]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
