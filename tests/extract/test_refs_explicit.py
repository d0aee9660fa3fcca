"""The shortcuts of `scan_explicit` find what its plain reading finds.

The plain reading (`_plain_scan`) is the scan as it was before them: every form of
`_MENTION` over the masked text of each statement that holds a digit 1-9 and a sign of a
mention. The scan now leaves out the forms a text cannot hold (`_forms_held`), scans each
form held alone and merges what they find as the alternation would (`_form_matches`), and
`scan_statements` reads only the statements holding a digit or a link. Hypothesis builds
texts from the pieces the forms react to, with link texts that blanking turns into spaces
(which can join a list of numbers), and compares.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import Link, Meeting, Statement
from bot.extract.discussed import blank_out, link_spans, url_spans
from bot.extract.explicit import (
    _FORMS,
    _NUMBER_LIST,
    _NUMBER_START,
    _URL,
    _form_matches,
    _forms_held,
    _may_hold_url,
    _Mention,
    _sentences,
    _text_mentions,
    _url_mention,
    scan_explicit,
    scan_statements,
)
from bot.extract.repositories import Repositories, _heading_repository
from bot.parse.words import sentence_spans

# Every form written out as one alternation: the scan the shortcuts are held to.
_MENTION = re.compile("|".join(_FORMS), re.VERBOSE)

_PIECES = [
    "PR", "PRs ", "pr ", "Pull Request ", "pull-requests", "Issue", "issues ", "#", "/", "-", ".", ",",
    " ", " and ", " or ", " & ", "as ", "see ", "svsm", "nodejs/node", "a", "Z_", ":", "the fix", "x",
    "github.com/o/r/pull/", "https://www.GitHub.com/o/r/issues/", "http://x.org/", "gİthub.com/",
    "0", "00", "٣", "１", "1", "10", "7", "42", "1088", "2024", " weeks", " times", "\n", "item ",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
_LINKS = st.lists(
    st.builds(
        Link,
        text=st.sampled_from(["", "the fix", "x", "#12", "PR 7", ", 1100"]),
        href=st.sampled_from(["https://github.com/o/r/pull/5", "https://example.org/0", "/docs"]),
    ),
    max_size=2,
)


_GITHUB = re.compile(r"github\.com/", re.IGNORECASE)


def _may_mention_plain(text: str) -> bool:
    """`_may_mention` before it looked for "as" or "see" ahead of a list."""
    return "#" in text or "PR" in text or "ull" in text or "ssue" in text or bool(_NUMBER_LIST.search(text))


def _plain_scan(statement: Statement) -> list[_Mention]:
    """`scan_explicit` before its form-by-form shortcut: the whole of `_MENTION`."""
    text = statement.text
    numbered = _NUMBER_START.search(text) is not None
    found: list[_Mention] = []
    if numbered and _GITHUB.search(text):
        found += [_url_mention(statement, match, match.start()) for match in _URL.finditer(text)]
    for link in statement.links:
        for match in _URL.finditer(link.href):
            start = text.find(link.text) if link.text else -1
            found.append(_url_mention(statement, match, max(start, 0)))
    if numbered and _may_mention_plain(text):
        masked = blank_out(text, [*url_spans(text), *link_spans(statement)])
        for match in _MENTION.finditer(masked):
            found += _text_mentions(statement, match)
    found.sort(key=lambda m: m.start)
    return found


def _statement(text: str, links: list[Link], line: int = 3) -> Statement:
    return Statement(line=line, end_line=line, kind="item", text=text, raw=f"* {text}", links=tuple(links))


@settings(max_examples=600, deadline=None)
@given(_TEXTS, _LINKS)
def test_scan_explicit_finds_what_the_plain_scan_finds(text: str, links: list[Link]) -> None:
    statement = _statement(text, links)
    assert scan_explicit(statement) == _plain_scan(statement)


@settings(max_examples=600, deadline=None)
@given(_TEXTS, st.sampled_from(["", "the fix", "x", ", 1100", "  "]))
def test_each_form_left_out_matches_nowhere_in_the_masked_text(text: str, blanked: str) -> None:
    start = text.find(blanked) if blanked else -1
    masked = blank_out(text, [(start, start + len(blanked))] if start >= 0 else [])
    held = _forms_held(masked)
    full = [(m.span(), m.groupdict()) for m in _MENTION.finditer(masked)]
    if not any(held):
        assert full == []
        return
    kept = [(m.span(), m.groupdict()) for m in _form_matches(masked, held)]
    assert [(span, {k: v for k, v in groups.items() if v is not None}) for span, groups in full] == [
        (span, {k: v for k, v in groups.items() if v is not None}) for span, groups in kept
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TEXTS, _LINKS), max_size=8))
def test_scan_statements_finds_what_scanning_each_statement_finds(
    items: list[tuple[str, list[Link]]],
) -> None:
    statements = [_statement(text, links, line) for line, (text, links) in enumerate(items, 1)]
    assert scan_statements(statements) == [m for s in statements for m in _plain_scan(s)]


def test_a_list_joined_by_a_blanked_link_text_is_read_as_before() -> None:
    # "see 1088" then a link whose text is blanked, then ", 1100": the spaces join the list in
    # the masked text, but the text itself shows no list, no "#" and no keyword: not scanned.
    statement = _statement("see 1088x, 1100", [Link(text="x", href="/docs")])
    assert scan_explicit(statement) == _plain_scan(statement) == []
    listed = _statement("see 1088, and 1100 and #12", [])
    assert [m.number for m in scan_explicit(listed)] == [1088, 1100, 12]


def test_the_form_scans_give_what_the_alternation_gives_where_forms_overlap() -> None:
    # "#12" is both a bare number and the end of "svsm#12"; "PR #7" both a keyword and a bare
    # number: at each position the first form in order wins, and the scan goes on after it.
    masked = "PR #7 svsm#12, nodejs/node#3 see 1088, 1100 #5 issue 4 and 6"
    full = [(m.span(), m.groupdict()) for m in _MENTION.finditer(masked)]
    kept = [(m.span(), m.groupdict()) for m in _form_matches(masked, (True,) * 5)]
    assert [(span, {k: v for k, v in groups.items() if v is not None}) for span, groups in full] == [
        (span, groups) for span, groups in kept
    ]
    assert len(full) == 6


_HEADING_PIECES = ["nodejs", "node", "/", "#", "`", "*", " ", "-", ".", "_", "TSC", "Ü", "[", "]", ":"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_HEADING_PIECES), max_size=10).map("".join),
    st.sets(st.sampled_from(["nodejs", "tsc"])),
)
def test_a_heading_names_a_repository_only_with_a_slash(heading: str, owners: set[str]) -> None:
    # `Repositories` reads only the headings holding a "/".
    if "/" not in heading:
        assert _heading_repository(heading, owners) is None


def test_a_heading_naming_a_repository_is_still_read() -> None:
    meeting = Meeting(
        file="m.md",
        title=None,
        date=None,
        statements=[_heading("nodejs/node", 1), _statement("Landed #12", [], 2), _heading("Other", 3)],
        line_count=3,
    )
    repositories = Repositories([], meeting, [])
    assert repositories.headings == {"nodejs/node": "nodejs/node"}
    assert (
        repositories.context(meeting.statements[1].model_copy(update={"headings": ("nodejs/node",)}))
        == "nodejs/node"
    )


def _heading(text: str, line: int) -> Statement:
    return Statement(line=line, end_line=line, kind="heading", text=text, raw=f"## {text}", headings=(text,))


_URL_PIECES = [
    "github.com/", "GitHub.COM/", "gİthub.com/", "gıthub.com/", "GITHUB.com/", "githu", "b.com/", "https://",
    "www.", "o/r/pull/", "O/R/PULLS/", "o/r/issues/", "ſ", "K", "/", ".", "1", "42", "0", " ",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_URL_PIECES), max_size=10).map("".join))
def test_a_text_holding_a_github_url_is_read_for_one(text: str) -> None:
    # `_scan` reads `_URL` in a text or link target only where `_may_hold_url` says.
    if _URL.search(text) or _GITHUB.search(text):
        assert _may_hold_url(text)


_SENTENCE_PIECES = [
    "PR #12",
    "Fix",
    "e.g.",
    ".",
    "!",
    "?",
    ";",
    " - ",
    " — ",
    "A",
    "a",
    " ",
    "\n",
    "\t",
    "(",
    "1",
]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=10).map("".join))
def test_the_sentences_of_a_text_are_those_sentence_spans_finds(text: str) -> None:
    # `_sentences` takes a text without ".", "!" or "?" for one sentence, unread.
    spans = sentence_spans(text, clauses=False)
    assert _sentences.__wrapped__(text) == ([start for start, _ in spans], spans)
