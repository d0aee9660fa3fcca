"""Follow-up extraction on small minutes written for each trap of GUIDELINE.md."""

from datetime import date

import pytest

from bot.domain.config import Person
from bot.domain.models import FollowUp
from bot.domain.people import Roster
from bot.extract.followups import find_follow_ups
from bot.parse.minutes import parse_minutes

ROSTER = Roster(
    [
        Person(name="Jörg Rödel", github="joergroedel", aliases=["Joerg Roedel", "Jörg", "Joerg"]),
        Person(name="Richard Relph", github="RARelph", aliases=["Richard"]),
        Person(name="Stefano Garzarella", github="stefano-garzarella", aliases=["Stefano"]),
        Person(name="Tyler Fanelli", github="tylerfanelli", aliases=["Tyler"]),
        Person(name="Tom Lendacky", github="tlendacky"),
        Person(name="Tom Dohrmann", github="Freax13"),
        Person(name="Oliver Steffen", github="osteffenrh", aliases=["Oliver"]),
        Person(name="Jeff Wayman", github="thiswayman"),
        Person(name="Zach Steindler", github="steiza", aliases=["Zach", "Zach S"]),
        Person(name="Aeva Black", github="AevaOnline", aliases=["Aeva"]),
    ]
)


def extract(body: str, title: str = "# Dev Call (September 17th, 2025)") -> list[FollowUp]:
    meeting = parse_minutes(f"{title}\n\n## Topics\n\n### Topic\n\n{body}", "minutes/call.md")
    return find_follow_ups(meeting, ROSTER)[0]


def by_line(items: list[FollowUp]) -> dict[int, list[FollowUp]]:
    found: dict[int, list[FollowUp]] = {}
    for item in items:
        found.setdefault(item.line, []).append(item)
    return found


FIRST = 7  # the line of the first body line in `extract`


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("* Jörg plans to post his own work.", ["joergroedel"]),
        ("* Joerg Roedel agreed to investigate musl integration.", ["joergroedel"]),
        ("* Richard offered to write a design note.", ["RARelph"]),
        ("* Richard is requested to write a one-page document.", ["RARelph"]),
        ("* Stefano will review the block layer.", ["stefano-garzarella"]),
        ("* **Action Item for Richard:** write the reset semantics down.", ["RARelph"]),
        ("* Action item: Stefano to reach out to the QEMU folks.", ["stefano-garzarella"]),
        ("* **ACTION**: Oliver to fix the CI job.", ["osteffenrh"]),
        ("* AI: Joerg will rebase the console PR.", ["joergroedel"]),
        ("* AI (Stefano): send the GSoC details to the list.", ["stefano-garzarella"]),
        ("* Joerg to retest with the feature flag.", ["joergroedel"]),
        ("* Jörg asked Richard to split the PR.", ["RARelph"]),
        ("* Stefano plans to investigate with Tyler.", ["stefano-garzarella", "tylerfanelli"]),
        ("* Stefano and Oliver will port the demo.", ["stefano-garzarella", "osteffenrh"]),
        ("* The team agreed to fix this issue.", []),
        ("* Funding for the logo will be discussed with the CCC.", []),
    ],
)
def test_commitments_are_found_with_their_owners(text: str, owners: list[str]) -> None:
    items = extract(text)
    assert [item.line for item in items] == [FIRST]
    assert sorted(items[0].owners) == sorted(owners)


@pytest.mark.parametrize(
    "text",
    [
        "* Jörg said no one is currently working on it.",
        "* Paolo is working on a new patch set, there's no timeline for when it will be posted.",
        "* PRs without tests will not be accepted.",
        "* This will allow the downstream repositories to be updated.",
        "* The next steps include finishing the allocator, which will enable other features.",
        "* Richard Relph announced he has posted his reboot code for review.",
        "* Luigi suggested forking the repository.",
        "* We discussed AI: its use in code review is not settled.",
        "* The transaction log was discussed at length.",
        "* Richard was asked to speak up if his situation changes.",
        "* Jörg Rödel will be taking vacation for the next two weeks.",
        "* Will this become a recurring expense?",
        "* Adam confirmed Google is not planning to support restricted injection.",
        "* Joerg expressed interest in implementing this feature.",
        "* Stefano asked if Richard could take a look and then moved to the next topic.",
        "* Stefano raised the question of how the guest will obtain the manifest.",
    ],
)
def test_false_friends_are_not_follow_ups(text: str) -> None:
    assert extract(text) == []


def test_attendance_check_boxes_are_not_tasks_but_task_items_are() -> None:
    items = extract(
        "* [ ] Tom Lendacky (AMD)\n* [x] Jörg Rödel (SUSE)\n* [ ] @osteffenrh update the CI image\n"
    )
    assert [(i.line, i.owners) for i in items] == [(FIRST + 2, ["osteffenrh"])]


def test_quoted_review_check_boxes_are_ignored() -> None:
    assert extract("> * [ ] @osteffenrh\n> * [ ] @stefano-garzarella\n") == []


def test_pronoun_resolves_to_last_named_person_of_the_item_or_previous_item() -> None:
    items = extract("* Richard Relph posted his reboot code.\n* He will split the bitmap into its own PR.\n")
    assert [(i.line, i.owners) for i in items] == [(FIRST + 1, ["RARelph"])]
    items = extract("* Jörg said he plans to review Carlos's PR.")
    assert items[0].owners == ["joergroedel"]


def test_two_owners_on_one_line_are_two_entries_with_their_own_dates() -> None:
    text = "* Jörg will be away. Stefano will run next week's meeting, and Richard will run the meeting on October 1st."
    items = extract(text)
    assert {(tuple(i.owners), i.due) for i in items} == {
        (("stefano-garzarella",), date(2025, 9, 24)),
        (("RARelph",), date(2025, 10, 1)),
    }
    assert {i.line for i in items} == {FIRST}
    assert len({i.id for i in items}) == 2


def test_shared_first_name_pings_nobody() -> None:
    items = extract("* Tom will review the spec change.")
    assert items and items[0].owners == []


def test_first_name_shared_with_a_non_roster_attendee_pings_nobody() -> None:
    body = (
        "## Attendees\n\nJeff Wayman, Jeffrey Borek, Jeff Smith\n\n## Notes\n\n* Jeff will send the survey.\n"
    )
    meeting = parse_minutes(f"# Call (2025-09-17)\n\n{body}", "call.md")
    items = find_follow_ups(meeting, ROSTER)[0]
    assert len(items) == 1 and items[0].owners == []


def test_person_not_in_roster_is_unresolved_never_a_login() -> None:
    items = extract("* David Altobelli offered to contribute to the IGVM tooling.")
    assert items[0].owners == [] and items[0].unresolved_names == ["David Altobelli"]


def test_initials_defined_in_the_file_resolve_to_the_name() -> None:
    items = extract("* Alec Fernandez (AF) reviewed the paper. AF will circulate a shared link.")
    assert items[0].unresolved_names == ["Alec Fernandez"]


def test_action_items_section_name_colon_lines() -> None:
    body = "### Action Items\n\n* Richard: Verify the author approval.\n* All TAC members: Review the draft before the next meeting.\n"
    items = extract(body)
    assert [(i.line - FIRST, i.owners) for i in items] == [(2, ["RARelph"]), (3, [])]


def test_restated_commitment_is_counted_once_at_the_explicit_marker() -> None:
    items = extract(
        "* Oliver plans to add the MMIO routines.\n* **Decision**: Oliver to add the MMIO access routines now.\n"
    )
    assert [i.line for i in items] == [FIRST + 1]


def test_next_steps_label_makes_its_items_follow_ups_but_not_past_reports() -> None:
    items = extract(
        "* Next Steps:\n  * Oliver is preparing a 6.11 kernel.\n  * Tom Lendacky shared a link.\n"
    )
    assert [(i.line, i.owners) for i in items] == [(FIRST + 1, ["osteffenrh"])]


def test_speaker_lines_resolve_i_and_lets() -> None:
    items = extract("* Zach S: I can commit to attending July 19 meeting.\n")
    assert items[0].owners == ["steiza"]
    assert items[0].due == date(2026, 7, 19)  # the next July 19 after the meeting


def test_passive_and_subjectless_commitments_have_no_owner_but_a_due_date() -> None:
    items = extract("* After Friday, if no issues are reported, the changes will be merged.")
    assert items[0].owners == [] and items[0].due == date(2025, 9, 19)
    items = extract(
        "* There are some changes planned, will update by end of week. Please submit comments by end of Thursday."
    )
    assert {i.due for i in items} == {date(2025, 9, 19), date(2025, 9, 18)}


def test_multi_meeting_file_counts_from_the_section_date() -> None:
    text = "# TAC minutes 2024\n\n## 2024-03-05\n\n* Jörg will report back next week.\n\n## 2024-04-02\n\n* Stefano will send it tomorrow.\n"
    items = find_follow_ups(parse_minutes(text, "2024.md"), ROSTER)[0]
    assert [i.due for i in items] == [date(2024, 3, 12), date(2024, 4, 3)]


def test_ids_are_stable_when_other_lines_change() -> None:
    first = extract("* Jörg plans to post his work.")
    second = extract("* A new line above.\n* Jörg plans to post his work.")
    assert first[0].id == second[0].id and first[0].line != second[0].line


def test_confidence_is_a_probability() -> None:
    items = extract(
        "* Jörg plans to post.\n* Investigate virtio-mmio.\n* AI: Further discussion is needed.\n"
    )
    assert items and all(0 <= i.confidence <= 1 for i in items)


@pytest.mark.parametrize(
    "text",
    [
        "* I think we'll get participation from other groups.",
        "* If one vendor ships it, the others will do it too.",
        "* Andreas will say it's so we can merge modules.",
        "* It lets you try out more things.",
        "* Peter Fang started exploring this, but it's not trivial and will take time.",
    ],
)
def test_guesses_hypotheticals_and_speech_are_not_follow_ups(text: str) -> None:
    assert extract(text) == []


def test_speakers_written_as_initials_speak_for_themselves() -> None:
    body = "DS: The publication is announced.\n\nAR: will that involve more steps?\n\nAR: I will make a PR out of it.\n"
    items = extract(body)
    assert [(i.line - FIRST, i.unresolved_names) for i in items] == [(4, ["AR"])]


def test_passive_task_has_no_owner_even_after_a_pronoun() -> None:
    items = extract(
        "* Zach reviewed the projects.\n* Pending approval, they will be moved to the approved status.\n"
    )
    assert [(i.line - FIRST, i.owners) for i in items] == [(1, [])]


def test_first_name_without_alias_needs_the_full_name_in_the_file() -> None:
    assert extract("* Jeff will send the survey.")[0].owners == []
    assert extract("* Jeff Wayman joined.\n* Jeff will send the survey.")[0].owners == ["thiswayman"]


def test_elided_subject_after_and_is_the_first_subject() -> None:
    items = extract("* Stefano acknowledged the issue and plans to investigate.")
    assert items[0].owners == ["stefano-garzarella"]
    items = extract("* Omkhar expressed interest and will post on the list.")
    assert items[0].owners == [] and items[0].unresolved_names == ["Omkhar"]


def test_different_tasks_of_one_owner_are_both_kept() -> None:
    items = extract(
        "* Oliver will review the console PR.\n* AI: Oliver to email the mailing list about the sprint.\n"
    )
    assert [i.line for i in items] == [FIRST, FIRST + 1]


def test_next_meeting_is_a_due_date_only_when_the_minutes_state_it() -> None:
    stated = (
        "* Richard will present the framework at the next TAC meeting.\n\n## Future Business\n\n"
        "* Next meeting will be October 1, 2025\n"
    )
    assert [i.due for i in extract(stated)] == [date(2025, 10, 1)]
    assert [i.due for i in extract("* Richard will present the framework at the next meeting.\n")] == [None]
    fortnightly = extract(
        "* Richard will present it at the next meeting.", title="# Bi-Weekly Call 2025-09-17"
    )
    assert [i.due for i in fortnightly] == [date(2025, 10, 1)]


def test_action_item_names_outside_the_roster_stay_unresolved() -> None:
    items = extract("### Action Items\n\n* Jens Albers: Coordinate a presentation for the next meeting.\n")
    assert [(i.owners, i.unresolved_names) for i in items] == [([], ["Jens Albers"])]


@pytest.mark.parametrize(
    "text", ["* Richard to the rescue on the CI front.", "* Oliver to a conference in May."]
)
def test_a_name_before_to_and_no_verb_is_no_assignment(text: str) -> None:
    assert extract(text) == []
