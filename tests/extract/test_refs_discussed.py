"""The shortcuts of `NotDiscussed` read what reading every line reads.

It reads what reaches other lines only in a file with a mark or a marked heading (most files
have neither; the hypothesis test of tests/extract/test_references_shortcuts.py compares the
whole reading with reading every line, these are its edge cases); it reads a text closely for
being only the mark only where `_MARK_AT_START` matches; and `_links_only` looks for a word that
is no label instead of blanking every label first.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import Link, Statement
from bot.extract.discussed import (
    _LINK_LABEL,
    _MARK_AT_START,
    NotDiscussed,
    _links_only,
    _only_skipped,
    blank_out,
    link_spans,
    url_spans,
)
from bot.parse.minutes import parse_minutes


def _lines(text: str) -> list[int]:
    not_discussed = NotDiscussed(parse_minutes(text, "minutes.md"))
    return [line for line in range(1, text.count("\n") + 2) if line in not_discussed]


def test_a_file_without_a_mark_marks_only_what_says_so_itself() -> None:
    text = "# Call\n\n* Docs #12\n  * details #13\n* Build #14 (deferred)\n* [slides](https://x.org/s)\n"
    assert _lines(text) == [5, 6]


def test_a_marked_heading_alone_marks_what_is_under_it() -> None:
    text = "# Call\n\n## Skipped\n\n* Docs #12\n  * details #13\n\n## Next\n\n* Build #14\n"
    assert _lines(text) == [3, 5, 6]


def test_a_mark_alone_marks_its_parent_its_children_and_its_section() -> None:
    text = "# Call\n\n* Docs #12\n  * not discussed\n* Skipped:\n  * CI #13\n\n## Other\n\n* not discussed\n"
    assert _lines(text) == [3, 4, 5, 6, 8, 10]


def _links_only_plain(statement: Statement) -> bool:
    """`_links_only` as it read before: every label blanked, then any two letters in a row."""
    if statement.kind == "cell":
        return False
    urls = url_spans(statement.text)
    if not statement.links and not urls:
        return False
    rest = _LINK_LABEL.sub(" ", blank_out(statement.text, [*urls, *link_spans(statement)]))
    return not re.search(r"[A-Za-z]{2,}", rest)


_LABEL_PIECES = [
    "Docs", "SLIDES", "ſee", "see", "and", "andx", "docs_", "docs2", "2docs", "é", "éa", "ab", "a", "x",
    "Ref", "refs", "minutes", "notes", "note", "labels", "-", ",", ":", " ", "|", "_", "1", "(", ")",
    "https://x.org/s", "www.y.com", "the doc", "github.com/o/r",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.sampled_from(_LABEL_PIECES), max_size=10).map("".join),
    st.lists(st.sampled_from(["the doc", "x", "", "Docs"]), max_size=2),
)
def test_a_line_is_links_only_as_when_every_label_was_blanked(text: str, link_texts: list[str]) -> None:
    links = tuple(Link(text=link_text, href="https://x.org/d") for link_text in link_texts)
    statement = Statement(line=1, end_line=1, kind="item", text=text, raw=text, links=links)
    assert _links_only(statement) == _links_only_plain(statement)


def test_a_label_glued_to_a_word_is_a_word() -> None:
    links = (Link(text="the doc", href="https://x.org/d"),)
    statement = Statement(line=1, end_line=1, kind="item", text="Slides: the doc", raw="", links=links)
    assert _links_only(statement)
    assert not _links_only(statement.model_copy(update={"text": "Slidesx: the doc"}))
    assert not _links_only(statement.model_copy(update={"text": "docs2 the doc"}))


_MARK_PIECES = [
    "not discussed", "Not  Discussed", "wasn’t discussed", "skipped", "ſkipped", "SKİPPED", "deferred",
    "no update", "NO UPDATES", "out of time", "tabled", "next time", "nothing new", "carried over",
    "item ", "was ", " as ", " to ", "Docs", "#12", "(", ")", " - ", ": ", ", ", ". ", "*", "_", "~",
    "!", ".", ":", " ", "\t", "\n", "x",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=8).map("".join))
def test_a_text_that_is_only_the_mark_opens_with_its_words(text: str) -> None:
    # `NotDiscussed` reads `_only_skipped` only where `_MARK_AT_START` matches.
    if _only_skipped(text):
        assert _MARK_AT_START.match(text)


def _blank_out_by_character(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab #/é\n", max_size=30))
    bounds = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(bounds, bounds), max_size=4))
    return text, [(min(pair), max(pair)) for pair in pairs]


@settings(max_examples=800, deadline=None)
@given(_text_and_spans())
def test_blank_out_turns_every_character_of_the_spans_to_a_space(
    case: tuple[str, list[tuple[int, int]]],
) -> None:
    text, spans = case
    assert blank_out(text, spans) == _blank_out_by_character(text, spans)
    assert blank_out(text, iter(spans)) == _blank_out_by_character(text, spans)
