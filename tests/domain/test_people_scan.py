"""One scan of a file's statements finds the names one scan per statement would.

`Roster.mentions_each` joins the texts with a separator and scans once; extraction relies on
it giving, for every text, exactly what `Roster.mentions` gives (positions included), and on
later `mentions` calls answering the same from what it kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import Mention, Roster

PEOPLE = [
    Person(name="Ada Lovelace", github="ada", aliases=["Countess"]),
    Person(name="Adam Smith", github="adamsmith"),
    Person(name="Jörg Müller", github="joerg", aliases=["Jörg M."]),
    Person(name="Zhao Rong Hou", github="zrh"),
    Person(name="Ada Byron", github="byron"),
]
# Names, their parts and spellings, and what sits next to a name in minutes.
_PIECES = [
    "Ada", "ada", "ADA", "Adam", "Ada Lovelace", "Adam Smith", "Smith", "Jörg", "Joerg", "Jorg Muller",
    "Jörg M.", "Zhao Rong Hou", "Zhao", "Countess", "Byron", "@ada", "adamsmith", " ", "  ", "\n", ".",
    ",", "-", "'s", "@", "_", "x", "1", "é", "will", "and", "(", ")",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


def _as_found(mentions: Iterable[Mention]) -> list[tuple[int, int, str, str | None, tuple[str, ...]]]:
    return [
        (
            m.start,
            m.end,
            m.written,
            m.person.github if m.person else None,
            tuple(p.github for p in m.candidates),
        )
        for m in mentions
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_one_scan_of_all_texts_finds_what_one_scan_per_text_finds(texts: list[str]) -> None:
    each = Roster(PEOPLE).mentions_each(texts)
    alone = Roster(PEOPLE)
    assert [_as_found(found) for found in each] == [_as_found(alone.mentions(text)) for text in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6))
def test_mentions_after_one_scan_answer_as_a_fresh_roster_does(texts: list[str]) -> None:
    roster = Roster(PEOPLE)
    roster.mentions_each(texts)
    fresh = Roster(PEOPLE)
    assert [_as_found(roster.mentions(text)) for text in texts] == [
        _as_found(fresh.mentions(text)) for text in texts
    ]


def test_names_at_the_edges_of_texts_are_found_in_each_text() -> None:
    texts = ["Ada Lovelace will", "review it, Adam Smith", "", "@ada and Jörg", "Joerg"]
    found = Roster(PEOPLE).mentions_each(texts)
    assert [[(m.start, m.written) for m in mentions] for mentions in found] == [
        [(0, "Ada Lovelace")],
        [(11, "Adam Smith")],
        [],
        [(9, "Jörg")],
        [(0, "Joerg")],
    ]


def test_a_text_holding_the_separator_is_still_read_on_its_own() -> None:
    texts = ["Ada Lovelace\x00Adam Smith", "Jörg"]
    found = Roster(PEOPLE).mentions_each(texts)
    assert [[m.written for m in mentions] for mentions in found] == [["Ada Lovelace", "Adam Smith"], ["Jörg"]]
