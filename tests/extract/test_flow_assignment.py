"""`assignment_owners` reads the sentence's names only when the words of "X" may be a person.

"Encourage everyone to ...", "Need to ...", "Joyee, to get fewer problems we ...": the first
word or a trailing comma rules the assignment out, so the names (the costly part) are not read.
"""

from types import SimpleNamespace

import pytest

from bot.extract.names import Who
from bot.extract.owners import assignment_owners
from tests.extract.test_minutes_styles import extract


class _NoNames:
    def people(self, text: str) -> list[Who]:
        raise AssertionError(f"names read for {text!r}")


@pytest.mark.parametrize(
    ("who", "sentence"),
    [
        ("Encourage everyone", "Encourage everyone to review the draft"),
        ("Need", "Need to update the docs"),
        ("Joyee,", "Joyee, to get fewer problems we pinned it"),
        ("  remind Kim", "  remind Kim to send the notes"),
    ],
)
def test_a_rejected_x_is_decided_without_reading_names(who: str, sentence: str) -> None:
    context = SimpleNamespace(names=_NoNames())
    lead = len(sentence) - len(sentence.lstrip())
    assert assignment_owners(who, sentence, lead, context, explicit=True) is None  # type: ignore[arg-type]


def test_a_named_x_still_owns_the_assignment() -> None:
    found = extract("* Ole to retest the exporter on the new cluster")
    assert [f.owners for f in found] == [["olind"]]


@pytest.mark.parametrize(
    "line", ["* Encourage Ole to retest the exporter", "* Ole, to get fewer problems we pinned it"]
)
def test_an_asking_verb_or_a_comma_after_a_name_assigns_nobody(line: str) -> None:
    assert extract(line) == []
