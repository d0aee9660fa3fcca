"""Who is who: roster spellings, ambiguity, @handles, and names checked against the file."""

from bot.domain.config import Person
from bot.domain.people import Roster, handles
from bot.extract.names import FileNames
from bot.parse.minutes import parse_minutes

PEOPLE = [
    Person(name="Jörg Rödel", github="joergroedel", aliases=["Jörg"]),
    Person(name="Carlos López", github="00xc"),
    Person(name="Carlos Bilbao", github="Zildj1an"),
    Person(name="Nicolai Stange", github="nicstange"),
]
ROSTER = Roster(PEOPLE)


def test_ascii_and_accented_spellings_are_the_same_person() -> None:
    for written in ("Jörg Rödel", "Joerg Roedel", "Jorg Rodel", "Jörg", "Joerg"):
        person = ROSTER.lookup(written)
        assert person is not None and person.github == "joergroedel", written


def test_shared_first_name_is_ambiguous() -> None:
    assert ROSTER.lookup("Carlos") is None
    assert {p.github for p in ROSTER.candidates("Carlos")} == {"00xc", "Zildj1an"}
    assert ROSTER.lookup("Carlos Lopez").github == "00xc"


def test_unique_first_name_of_the_roster_resolves() -> None:
    assert ROSTER.lookup("Nicolai").github == "nicstange"


def test_mentions_skip_lower_case_words_and_find_names_in_order() -> None:
    found = ROSTER.mentions("joerg said Nicolai and Joerg Roedel will look")
    assert [(m.written, m.person.github if m.person else None) for m in found] == [
        ("Nicolai", "nicstange"),
        ("Joerg Roedel", "joergroedel"),
    ]


def test_by_login_is_case_insensitive() -> None:
    assert ROSTER.by_login("NICSTANGE").name == "Nicolai Stange"


def test_handles_ignore_emails_and_urls() -> None:
    assert handles("ping @joergroedel and @nicstange, not a@b.com or github.com/@x") == [
        "joergroedel",
        "nicstange",
    ]


def _names(text: str) -> FileNames:
    return FileNames(ROSTER, parse_minutes(text, "call.md"))


def test_first_name_shared_with_an_attendee_outside_the_roster_resolves_to_nobody() -> None:
    names = _names(
        "# Call 2025-01-01\n\n## Attendees\n\nNicolai Stange, Nicolai Berg\n\n## Notes\n\n* Nicolai will do it.\n"
    )
    [who] = names.people("Nicolai will do it.")
    assert who.login is None


def test_full_name_resolves_even_when_first_name_is_shared() -> None:
    names = _names("# Call\n\n## Attendees\n\nNicolai Stange, Nicolai Berg\n")
    [who] = names.people("Nicolai Stange will do it.")
    assert who.login == "nicstange"


def test_initials_come_from_the_file_and_must_match_the_name() -> None:
    names = _names("# Call\n\n* Dan Middleton (DM) opened the call.\n* Nathaniel McCallum (AMD) joined.\n")
    assert names.initials == {"DM": "Dan Middleton"}
    [who] = names.people("DM will post in Slack.")
    assert who.name == "Dan Middleton" and who.login is None


def test_ordinary_capitalised_words_are_not_names() -> None:
    names = _names("# Call\n\n* The mitigation will take time.\n")
    assert names.single("Mitigation") is None
    assert names.single("Omkhar") is not None


def test_roster_login_written_without_at_is_that_person() -> None:
    names = _names("# Call\n\n* nicstange to read it\n")
    assert [(w.name, w.login) for w in names.people("nicstange to read it")] == [
        ("Nicolai Stange", "nicstange")
    ]
    assert names.people("Nicstange to read it") == []  # logins are matched as written


def test_an_attendee_whose_name_holds_a_particle_makes_a_first_name_ambiguous() -> None:
    names = _names(
        "# Call\n\n## Attendees\n\nNicolai Stange, Nicolai del Campo\n\n## Notes\n\n* Nicolai will do it.\n"
    )
    [who] = names.people("Nicolai will do it.")
    assert who.login is None


def test_words_that_are_never_names_are_shared_by_the_roster_and_the_extractor() -> None:
    names = _names("# Call\n\n* Thanks Maria for the notes.\n")
    assert names.single("Thanks Maria") is None
    assert names.single("Maria Okafor") is not None
