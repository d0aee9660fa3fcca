"""`FileNames` tests a heading path for attendance once for the statements that share it.

The answer is kept while the statements carry the same path object; a path that changes must
be tested again, or names under "Notes" would count as attendees (or the reverse).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import Roster
from bot.extract.names import _ATTENDANCE, FileNames
from bot.parse.minutes import parse_minutes

ROSTER = Roster([Person(name="Ada Lovelace", github="ada")])
_HEADINGS = st.sampled_from(["Attendees", "Notes", "Present", "Action items", "Regrets"])
_SECTIONS = st.lists(st.tuples(_HEADINGS, st.integers(min_value=0, max_value=3)), max_size=6)


def _attendance_by_heading(minutes: str) -> list[str]:
    """The texts of the attendance list, each statement's heading tested on its own."""
    meeting = parse_minutes(minutes, "call.md")
    return [s.text for s in meeting.statements if s.headings and _ATTENDANCE.search(s.headings[-1])]


@settings(max_examples=150, deadline=None)
@given(_SECTIONS)
def test_each_heading_decides_for_the_statements_under_it(sections: list[tuple[str, int]]) -> None:
    minutes = "# Call\n\n" + "".join(
        f"## {heading}\n\n" + "".join(f"* Person {number} of {heading}\n" for number in range(items)) + "\n"
        for heading, items in sections
    )
    names = FileNames(ROSTER, parse_minutes(minutes, "call.md"))
    assert [text for text, _ in names._attendance] == _attendance_by_heading(minutes)


def test_names_under_notes_after_the_attendees_are_no_attendees() -> None:
    minutes = "# Call\n\n## Attendees\n\n* Ada Lovelace\n\n## Notes\n\n* Bob Smith spoke\n"
    names = FileNames(ROSTER, parse_minutes(minutes, "call.md"))
    assert [text for text, _ in names._attendance] == ["Attendees", "Ada Lovelace"]
