"""A roster keeps whom each name asked about may mean, for every file of a run.

`Roster.candidates` folds a name once per run, not once per file: what it keeps must be what a
fresh roster answers, whatever was asked before, and no caller may change it through an answer.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import people
from bot.domain.config import Person
from bot.domain.people import Roster

PEOPLE = [
    Person(name="Jörg Rödel", github="joergroedel", aliases=["Jörg"]),
    Person(name="Carlos López", github="00xc"),
    Person(name="Carlos Bilbao", github="Zildj1an"),
    Person(name="Ada Lovelace", github="ada"),
]
_NAMES = st.sampled_from(
    ["Jörg", "Joerg", "JORG", "jörg rödel", "Carlos", "carlos lopez", "Carlos Bilbao", "Ada", "ADA LOVELACE", "Bob", ""]
)  # fmt: skip


def _logins(found: list[Person]) -> list[str]:
    return [person.github for person in found]


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAMES, max_size=20))
def test_a_roster_answers_each_name_as_a_fresh_roster_does(names: list[str]) -> None:
    roster = Roster(PEOPLE)
    for name in names:
        fresh = Roster(PEOPLE)
        assert _logins(roster.candidates(name)) == _logins(fresh.candidates(name))
        assert roster.lookup(name) == fresh.lookup(name)


def test_changing_an_answer_changes_no_later_one() -> None:
    roster = Roster(PEOPLE)
    found = roster.candidates("Carlos")
    found.clear()
    assert _logins(roster.candidates("Carlos")) == ["00xc", "Zildj1an"]


def test_a_roster_keeps_no_more_names_than_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(people, "_ASKED", 3)
    roster = Roster(PEOPLE)
    for name in ("Jörg", "Carlos", "Ada", "Bob", "Joerg", "Ada"):
        assert len(roster.candidates(name)) == len(Roster(PEOPLE).candidates(name))
        assert len(roster._asked) <= 3
