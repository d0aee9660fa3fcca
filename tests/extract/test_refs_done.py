"""`find_done` runs the search of `_DONE_WORDS.may_match` once over a file, not per statement.

The texts are joined by "\\0" and each match is given to the text it sits in (`_may_report`).
Hypothesis builds statements from the pieces the search reacts to (the words of a report,
white space it reads as `\\s+`, the letters `normal` folds, "İ" whose lower case is two
characters, "\\0" itself) and checks that the texts found are those `may_match` passes, and
that `find_done` finds what asking `reports_done` of every statement finds.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import Done, Meeting, Statement
from bot.extract.done import _DONE_WORDS, _may_report, find_done, reports_done

_PIECES = [
    "has", "have", "had", "been", " been ", "now ", "merged", "MERGED", "landed", "done", "closed", "complete",
    "is ", "are ", "can ", "be ", "posted", "sent", "shared", "ſhared", "İs complete", "finiſhed", "resolved",
    " ", "\n", "\t", "\x00", ".", "!", "?", "not ", "will ", "Σ", "é", "the PR ", "x",
]  # fmt: skip
_TEXTS = st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), max_size=8)


@settings(max_examples=800, deadline=None)
@given(_TEXTS)
def test_the_texts_found_at_once_are_those_may_match_passes(texts: list[str]) -> None:
    assert _may_report(texts) == [index for index, text in enumerate(texts) if _DONE_WORDS.may_match(text)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.lists(st.sampled_from(["item", "heading", "cell", "quoted"]), min_size=8, max_size=8))
def test_find_done_finds_what_asking_every_statement_finds(texts: list[str], kinds: list[str]) -> None:
    statements = [
        Statement(
            line=line,
            end_line=line,
            kind="item" if kind == "quoted" else kind,  # type: ignore[arg-type]
            text=text,
            raw=text,
            quoted=kind == "quoted",
        )
        for line, (text, kind) in enumerate(zip(texts, kinds, strict=False), 1)
    ]
    meeting = Meeting(file="m.md", title=None, date=None, statements=statements, line_count=len(texts))
    expected = [
        Done(line=s.line, text=s.text)
        for s in statements
        if s.kind != "heading" and not s.quoted and reports_done(s.text)
    ]
    assert find_done(meeting) == expected


def test_a_report_is_found_in_the_statement_it_is_in() -> None:
    texts = ["Call", "The patch has been merged.", "Will it be merged?", "", "It landed"]
    assert _may_report(texts) == [1, 2, 4]
