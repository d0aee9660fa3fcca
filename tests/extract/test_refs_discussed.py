"""`NotDiscussed` reads what reaches other lines only in a file with a mark or a marked heading.

Most files have neither, and then no line is marked by another: only what an item says of
itself counts. The hypothesis test of tests/extract/test_references_shortcuts.py compares the
whole reading with reading every line; these are the edge cases of the skip.
"""

from bot.extract.discussed import NotDiscussed
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
