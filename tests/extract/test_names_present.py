"""Who was present settles a name two roster people share, however late it is asked.

`FileNames.present` is worked out from the attendance list only when a shared name needs it:
these check that the list it reads is the one the file's attendance holds, in every form.
"""

from __future__ import annotations

import pytest

from bot.domain.config import Person
from bot.domain.people import Roster
from bot.extract.names import FileNames
from bot.parse.minutes import parse_minutes

ROSTER = Roster(
    [
        Person(name="Carlos López", github="00xc", aliases=["Carlos"]),
        Person(name="Carlos Bilbao", github="Zildj1an", aliases=["Carlos"]),
    ]
)


def _carlos(minutes: str) -> str | None:
    names = FileNames(ROSTER, parse_minutes(minutes, "call.md"))
    [who] = names.people("Carlos will send the patch.")
    return who.login


@pytest.mark.parametrize(
    "attendance",
    ["@00xc, someone else", "00xc, someone else", "Carlos López and Ann", "@zildj1an @00xc"],
)
def test_the_one_carlos_at_the_meeting_is_the_one_meant(attendance: str) -> None:
    expected = None if "zildj1an" in attendance else "00xc"  # both present: still unsure
    assert _carlos(
        f"# Call\n\n## Attendees\n\n{attendance}\n\n## Notes\n\n* Carlos will send the patch.\n"
    ) == (expected)


def test_an_attendance_paragraph_under_no_attendance_heading_counts() -> None:
    assert _carlos("# Call\n\nPresent:\n\n* @Zildj1an\n\n## Notes\n\n* Carlos will send it.\n") == "Zildj1an"


def test_a_login_written_outside_the_attendance_list_says_nothing() -> None:
    assert _carlos("# Call\n\n## Notes\n\n* @00xc asked for it. Carlos will send it.\n") is None
