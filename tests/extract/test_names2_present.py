"""`FileNames.present` reads the attendance texts in one scan: it finds the logins a scan per text finds.

The texts are joined by `SEPARATOR`, which the handle and word patterns must see as a text's
edge; a login half in one text and half in the next, or an "@" or "/" next to the join, would
otherwise count where it does not.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import HANDLE, Roster
from bot.extract.names import FileNames
from bot.parse.minutes import parse_minutes

ROSTER = Roster(
    [
        Person(name="Carlos López", github="00xc", aliases=["Carlos"]),
        Person(name="Carlos Bilbao", github="Zildj1an", aliases=["Carlos"]),
        Person(name="Ada Lovelace", github="ada-l"),
    ]
)
_PIECES = [
    "@00xc", "00xc", "00", "xc", "@Zildj1an", "ZILDJ1AN", "zildj", "1an", "ada-l", "ada", "-l", "@", "/", ".",
    "-", " ", ", ", "x", "_", "é", "\x00", "Carlos López", "Carlos",
]  # fmt: skip
_TEXTS = st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), max_size=5)


def _present_text_by_text(names: FileNames) -> set[str]:
    """What `present` answered when it scanned each attendance text alone."""
    present: set[str] = set()
    for text, mentions in names._attendance:
        for mention in mentions:
            people = [mention.person] if mention.person else list(mention.candidates)
            if len(people) == 1 or " " in mention.written.strip():
                present.update(p.github.lower() for p in people)
        present |= ROSTER.logins_among(login.lower() for login in HANDLE.findall(text))
        present |= ROSTER.logins_among(word.lower() for word in re.findall(r"[\w-]+", text))
    return present


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_one_scan_of_the_attendance_finds_the_logins_of_a_scan_per_text(texts: list[str]) -> None:
    names = FileNames(ROSTER, parse_minutes("# Call\n", "call.md"))
    names._attendance = [(text, tuple(ROSTER.mentions(text))) for text in texts]
    assert names.present == _present_text_by_text(names)


def test_a_login_split_across_two_attendance_texts_is_not_present() -> None:
    minutes = "# Call\n\n## Attendees\n\n* 00\n* xc\n* ada\n* -l\n* Zildj\n* 1an\n"
    assert FileNames(ROSTER, parse_minutes(minutes, "call.md")).present == set()


def test_every_attendance_text_counts() -> None:
    minutes = "# Call\n\n## Attendees\n\n* @00xc\n* someone\n* ada-l, zildj1an\n"
    assert FileNames(ROSTER, parse_minutes(minutes, "call.md")).present == {"00xc", "ada-l", "zildj1an"}


def test_a_handle_opening_a_text_after_another_counts() -> None:
    """A handle followed by a hyphen is one only as a handle: the word "00xc-" is no login."""
    minutes = "# Call\n\n## Attendees\n\n* Ann\n* @00xc-\n"
    assert FileNames(ROSTER, parse_minutes(minutes, "call.md")).present == {"00xc"}
