"""The shortcuts of the reference readers find what the full reading finds.

`scan_explicit` skips a text without a digit 1-9, and `not_discussed_lines` reads closely
only a statement holding a word of its mark. Each skip is sound only if no text it skips
could have given a result: hypothesis builds texts from the pieces the patterns react to
(keywords, "#", slashes, URLs, zeros and digits that are not ASCII, case folds) and checks
the shortcut against the full path.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import Link, Statement
from bot.extract.discussed import (
    _SKIPPED_WORDS,
    _Marks,
    _marks,
    _only_skipped,
    _skipped_part,
    blank_out,
    link_spans,
    url_spans,
)
from bot.extract.explicit import _MENTION, _URL, _Mention, _text_mentions, _url_mention, scan_explicit

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
    assert _marks(text) == _Marks(part=_skipped_part(text), only=_only_skipped(text))


def test_the_close_reading_still_tells_the_mark_from_the_word() -> None:
    assert _SKIPPED_WORDS.may_match("**Skipped**")
    assert _marks("**Skipped**") == _Marks(part=False, only=True)
    assert _marks("Docs #12 (deferred)") == _Marks(part=True, only=False)
    assert _marks("Skipped tests are flaky") == _Marks(part=False, only=False)
