"""The shortcuts of the reference readers find what the full reading finds.

`scan_explicit` skips a text without a digit 1-9; `NotDiscussed` reads closely only a
statement holding a word of its mark, and what an item says of itself only when its line is
asked about. Each skip is sound only if what it skips could not change the result:
hypothesis builds texts and minutes from the pieces the patterns react to (keywords, "#",
slashes, URLs, zeros and digits that are not ASCII, case folds, marks, links, nesting) and
checks the shortcut against the full reading.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import Link, Meeting, Statement
from bot.extract.discussed import (
    NotDiscussed,
    _links_only,
    _only_skipped,
    _says_skipped,
    _skipped_part,
    blank_out,
    link_spans,
    url_spans,
)
from bot.extract.explicit import _FORMS, _URL, _Mention, _text_mentions, _url_mention, scan_explicit
from bot.parse.minutes import parse_minutes

# Every form written out as one alternation, as `scan_explicit`'s form scans read it.
_MENTION = re.compile("|".join(_FORMS), re.VERBOSE)

_MENTION_PIECES = [
    "PR", "PRs ", "pr ", "Pull Request ", "pull-requests", "Issue", "issues ", "#", "/", "-", ".", ",",
    " ", " and ", " or ", " & ", "as ", "see ", "svsm", "nodejs/node", "a", "Z_", ":",
    "github.com/o/r/pull/", "https://www.GitHub.com/o/r/issues/", "http://x.org/", "www.",
    "0", "00", "٣", "１", "²", "1", "10", "7", "42", "1088", "2024", " weeks", " times",
]  # fmt: skip


_NO_NUMBER_PIECES = [piece for piece in _MENTION_PIECES if not any(c in piece for c in "123456789")]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NO_NUMBER_PIECES)).map("".join))
def test_a_text_without_a_digit_one_to_nine_holds_no_mention(text: str) -> None:
    assert _URL.search(text) is None
    assert _MENTION.search(text) is None


def _full_scan(statement: Statement) -> list[_Mention]:
    """`scan_explicit` without its cheap tests: every pattern over every text."""
    text = statement.text
    found = [_url_mention(statement, match, match.start()) for match in _URL.finditer(text)]
    for link in statement.links:
        for match in _URL.finditer(link.href):
            start = text.find(link.text) if link.text else -1
            found.append(_url_mention(statement, match, max(start, 0)))
    masked = blank_out(text, [*url_spans(text), *link_spans(statement)])
    for match in _MENTION.finditer(masked):
        found += _text_mentions(statement, match)
    found.sort(key=lambda m: m.start)
    return found


_LINKS = st.lists(
    st.builds(
        Link,
        text=st.sampled_from(["", "the fix", "#12", "PR 7"]),
        href=st.sampled_from(["https://github.com/o/r/pull/5", "https://example.org/0", "/docs"]),
    ),
    max_size=2,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MENTION_PIECES)).map("".join), _LINKS)
def test_scan_explicit_finds_what_the_full_scan_finds(text: str, links: list[Link]) -> None:
    statement = Statement(line=3, end_line=3, kind="item", text=text, raw=f"* {text}", links=tuple(links))
    assert scan_explicit(statement) == _full_scan(statement)


def test_scan_explicit_still_reads_numbers_and_links() -> None:
    statement = Statement(
        line=1,
        end_line=1,
        kind="item",
        text="Merged PR 12 and the fix",
        raw="* Merged PR 12 and [the fix](https://github.com/o/r/pull/5)",
        links=(Link(text="the fix", href="https://github.com/o/r/pull/5"),),
    )
    assert [(m.number, m.repository) for m in scan_explicit(statement)] == [(12, None), (5, "o/r")]
    bare = statement.model_copy(update={"text": "see the fix", "raw": "* see [the fix](x)"})
    assert [(m.number, m.repository) for m in scan_explicit(bare)] == [(5, "o/r")]


_MARK_PIECES = [
    "not discussed", "Not  Discussed", "wasn’t discussed", "skipped", "ſkipped", "SKİPPED", "deferred",
    "no update", "NO UPDATES", "out of time", "tabled", "next time", "nothing new", "carried over",
    "item ", "was ", " as ", " to ", "Docs", "the", "#12", "(", ")", "[", " - ", " – ", ": ", ", ",
    ". ", ";", "*", "_", "~", "!", ".", ":", " ", "\t", "\n", "x",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=8).map("".join))
def test_a_statement_is_read_closely_whenever_it_may_carry_the_mark(text: str) -> None:
    assert _says_skipped(text) == _skipped_part(text)


def _every_line_read(meeting: Meeting) -> set[int]:
    """The lines not discussed, reading every statement in file order (as it was done)."""
    statements = meeting.statements
    children: dict[int, list[Statement]] = {}
    for statement in statements:
        if statement.parent_line is not None:
            children.setdefault(statement.parent_line, []).append(statement)
    lines: set[int] = set()
    marked_headings: set[tuple[str, ...]] = set()
    first_under: dict[tuple[str, ...], Statement] = {}
    for statement in statements:
        if statement.kind != "heading" and statement.parent_line is None:
            first_under.setdefault(statement.headings, statement)
    for headings, first in first_under.items():
        if _only_skipped(first.text) and first.line not in children:
            marked_headings.add(headings)
    for statement in statements:
        if statement.kind == "heading":
            if _skipped_part(statement.text) or statement.headings in marked_headings:
                marked_headings.add(statement.headings)
            continue
        marked = any(statement.headings[: i + 1] in marked_headings for i in range(len(statement.headings)))
        below = children.get(statement.line, [])
        if (
            marked
            or _skipped_part(statement.text)
            or any(_only_skipped(child.text) for child in below)
            or (_links_only(statement) and not below)
        ):
            lines.add(statement.line)
        if _only_skipped(statement.text):
            stack = [statement.line]
            while stack:
                for child in children.get(stack.pop(), []):
                    if child.line not in lines:
                        lines.add(child.line)
                        stack.append(child.line)
    for statement in statements:
        if statement.kind == "heading" and statement.headings in marked_headings:
            lines.add(statement.line)
    return lines


_LINE_STARTS = ["# ", "## ", "### ", "* ", "  * ", "    * ", "1. ", "", "| "]
_LINE_TEXTS = [
    "Call", "Topic", "Docs #12", "skipped", "Not discussed:", "(deferred)", " - no update", "Ann said hi",
    "[slides](https://x.org/s)", "https://github.com/o/r/pull/3", "see [doc](https://x.org/d) and [b](y)",
    "ran out of time", "| #7 | skipped |", "|---|---|", "**Skipped**", "Labels: [a](b)",
]  # fmt: skip
_MINUTES = st.lists(
    st.tuples(st.sampled_from(_LINE_STARTS), st.lists(st.sampled_from(_LINE_TEXTS), min_size=1, max_size=3)),
    max_size=14,
).map(lambda lines: "\n".join(start + " ".join(texts) for start, texts in lines) + "\n")


@settings(max_examples=400, deadline=None)
@given(_MINUTES)
def test_asking_line_by_line_gives_what_reading_every_line_gives(text: str) -> None:
    meeting = parse_minutes(text, "minutes.md")
    not_discussed = NotDiscussed(meeting)
    lines = range(0, text.count("\n") + 3)
    assert {line for line in lines if line in not_discussed} == _every_line_read(meeting)


def test_an_item_that_says_so_and_the_items_under_a_mark_are_not_discussed() -> None:
    text = "# Call\n\n* Docs #12 (deferred)\n* Skipped:\n  * CI #13\n* Build #14\n"
    not_discussed = NotDiscussed(parse_minutes(text, "minutes.md"))
    assert [line for line in range(1, 7) if line in not_discussed] == [3, 4, 5]
