import pytest

from bot.domain.errors import InputError
from bot.parse.minutes import parse_minutes, read_minutes

MINUTES = """\
---
title: Example Call
---
# Example Call (March 5th, 2025)

## Topics

### Storage

* Ann will send the patch.
  * Sub point about the patch.
* [ ] @bob review it
* [x] Carol

A paragraph line
that wraps here.
Second line starts a new statement.

```
* Ann will not be mined from code
```

| Who | What |
| --- | --- |
| Dan | will write docs |

> * quoted item
"""


def by_line(meeting):
    return {s.line: s for s in meeting.statements}


def test_statements_have_exact_lines_topics_and_nesting():
    meeting = parse_minutes(MINUTES, "minutes/2025-03-05.md")
    lines = by_line(meeting)
    assert lines[10].text == "Ann will send the patch."
    assert lines[10].topic == "Storage" and lines[10].depth == 1
    assert lines[11].parent_line == 10 and lines[11].depth == 2
    assert lines[12].checkbox == "open" and lines[12].text == "@bob review it"
    assert lines[13].checkbox == "done"
    assert lines[15].text == "A paragraph line that wraps here."
    assert lines[17].text == "Second line starts a new statement."
    assert not any("mined from code" in s.text for s in meeting.statements)
    assert [s.text for s in meeting.statements if s.kind == "cell" and s.line == 25] == [
        "Dan",
        "will write docs",
    ]
    assert lines[27].quoted


def test_title_from_front_matter_and_date_from_heading():
    meeting = parse_minutes(MINUTES, "notes.md")
    assert meeting.title == "Example Call"
    assert str(meeting.date) == "2025-03-05"


@pytest.mark.parametrize(
    ("title", "file", "expected"),
    [
        ("# SVSM Development Call (September 17th, 2025)", "x.md", "2025-09-17"),
        ("# Call 17 September 2025", "x.md", "2025-09-17"),
        ("# Weekly call", "Meetings/devel-call-2024-02-14.md", "2024-02-14"),
        ("# Weekly call", "CCC_TAC_Minutes_2026-02-05.md", "2026-02-05"),
        ("# Weekly call", "2024/03/notes.md", None),
    ],
)
def test_meeting_date_from_title_else_file_name(title, file, expected):
    meeting = parse_minutes(title + "\n\n* text\n", file)
    assert (str(meeting.date) if meeting.date else None) == expected


def test_bom_and_crlf_keep_line_numbers():
    data = "\ufeff# Call 2025-01-08\r\n\r\n* Ann will do it\r\n".encode()
    meeting = read_minutes(data, "a.md")
    assert by_line(meeting)[3].text == "Ann will do it"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "is empty"), (b"\xff\xfe# x", "not valid UTF-8"), (b"# a\x00b", "NUL bytes")],
)
def test_unreadable_minutes_are_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        read_minutes(data, "bad.md")


def test_statements_are_the_models_pydantic_would_build() -> None:
    """The walker's quick construction makes what `Statement.model_construct` makes: equal,
    hashable alike, the same fields set, dumped alike, and still frozen."""
    from bot.domain.models import Statement

    for statement in parse_minutes(MINUTES, "m.md").statements:
        reference = Statement.model_construct(
            **{name: getattr(statement, name) for name in Statement.model_fields}
        )
        assert statement == reference
        assert hash(statement) == hash(reference)
        assert statement.model_fields_set == reference.model_fields_set
        assert statement.model_dump_json() == reference.model_dump_json()
        assert Statement.model_validate(statement.model_dump()) == statement
        with pytest.raises(ValueError):
            statement.text = "changed"  # type: ignore[misc]
