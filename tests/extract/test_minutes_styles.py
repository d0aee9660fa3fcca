"""Minutes styles of many communities: each class of issue 11 on a sentence written for it.

Every test states one user-visible promise: the line becomes one follow-up with the right
owner (or none, never a wrong one), or it does not become a follow-up at all.
"""

from datetime import date

import pytest

from bot.domain.config import Person
from bot.domain.models import FollowUp
from bot.domain.people import Roster
from bot.extract.followups import find_follow_ups
from bot.parse.minutes import parse_minutes

ROSTER = Roster(
    [
        Person(name="Priya Raman", github="praman", aliases=["Priya"]),
        Person(name="Ole Lindqvist", github="olind", aliases=["Ole"]),
        Person(name="Marta Kowalska", github="mkowal", aliases=["Marta"]),
        Person(name="Samuel Okafor", github="sokafor"),
        Person(name="Samuel Byrne", github="sbyrne"),
        Person(name="Hana Sato", github="hanasato", aliases=["quietfox"]),
        Person(name="Tomas Lund", github="tlund"),
    ]
)
MEETING = date(2025, 3, 12)  # a Wednesday


def extract(body: str, title: str = "# Infra WG call (March 12, 2025)") -> list[FollowUp]:
    meeting = parse_minutes(f"{title}\n\n{body}", "notes/call.md")
    return find_follow_ups(meeting, ROSTER)[0]


def line_of(body: str, needle: str) -> int:
    """The file line of `needle` in the minutes `extract` builds (title, blank, body)."""
    return 3 + next(i for i, text in enumerate(body.split("\n")) if needle in text)


def only(items: list[FollowUp], line: int) -> FollowUp:
    found = [f for f in items if f.line == line]
    assert len(found) == 1, [(f.line, f.text) for f in items]
    return found[0]


# Structure: explicit action markers and sections written in many ways.


@pytest.mark.parametrize(
    "marker",
    ["***ACTION*** Ole to", "ACTION - Ole to", "TODO: Ole to", "ToDo Ole to"],
)
def test_a_shouted_or_decorated_marker_needs_no_colon(marker: str) -> None:
    body = f"* Billing review\n\n  {marker} renew the build server lease"
    item = only(extract(body), line_of(body, "renew"))
    assert item.owners == ["olind"]


@pytest.mark.parametrize("heading", ["## ➡️ Next Steps", "### 🚀 Action Items", "## Action items:"])
def test_items_under_a_decorated_action_heading_are_follow_ups(heading: str) -> None:
    body = f"{heading}\n\n- Publish the survey results\n- Book the venue for the sprint"
    items = extract(body)
    assert sorted(f.line for f in items) == [line_of(body, "Publish"), line_of(body, "Book")]
    assert all(f.owners == [] for f in items)


def test_a_lead_line_naming_next_steps_opens_an_action_list() -> None:
    body = "The group went over the budget.\n\nNext steps agreed in this session:\n\n- Draft the grant call"
    assert [f.line for f in extract(body)] == [line_of(body, "Draft")]


def test_a_marked_action_under_an_attendance_heading_is_still_read() -> None:
    body = "## Roll call\n\n* Priya Raman\n* Ole Lindqvist\n\n**ACTION**: Priya to update the charter"
    items = extract(body)
    assert [(f.line, f.owners) for f in items] == [(line_of(body, "charter"), ["praman"])]


# Grammar: commitments written in other forms.


@pytest.mark.parametrize(
    ("sentence", "owners"),
    [
        ("* Marta hopes to send the proposal this week.", ["mkowal"]),
        ("* Ole expects to publish the benchmark numbers soon.", ["olind"]),
        ("* Priya and Ole agree to rework the release checklist.", ["praman", "olind"]),
        ("* It was agreed that Marta would ask the board for a budget.", ["mkowal"]),
        ("* Ole said he would update the tracking issue.", ["olind"]),
        ("* The maintainers are to review the open proposals.", []),
        ("* Solution: the group decides to drop the legacy flag.", []),
    ],
)
def test_other_commitment_forms(sentence: str, owners: list[str]) -> None:
    items = extract(sentence)
    assert [f.owners for f in items] == [owners]


def test_a_passive_task_written_with_to_be_has_no_owner() -> None:
    items = extract("* Travel questions to be clarified with the venue")
    assert [(f.owners, f.unresolved_names) for f in items] == [([], [])]


@pytest.mark.parametrize(
    "sentence",
    [
        "* The vendor list will be taken up next week.",
        "* Hope to use the new runner at some point.",
        "* Marta expects to keep an eye on it.",
        "* The request for allowing plugins to be added was noted.",
        "* Would like some WG volunteers to lend a hand.",
        "* The roadmap item to be discussed next week.",
    ],
)
def test_not_follow_ups(sentence: str) -> None:
    assert extract(sentence) == []


# Dialogue: the speaker is the first person.


def test_first_person_offers_belong_to_the_speaker() -> None:
    body = "Priya: I can write up the options in the doc.\n\nOle: I'd be happy to prototype it."
    items = extract(body)
    assert [(f.line, f.owners) for f in items] == [
        (line_of(body, "write up"), ["praman"]),
        (line_of(body, "prototype"), ["olind"]),
    ]


def test_a_first_person_view_is_not_an_offer() -> None:
    assert extract("Priya: I can imagine a second mode for it.") == []


def test_a_login_or_alias_in_lower_case_speaks() -> None:
    body = "quietfox: I'll take an action item to close the old PR.\n\ntlund volunteers to read the RFC"
    items = extract(body)
    assert [(f.line, f.owners) for f in items] == [
        (line_of(body, "close the old"), ["hanasato"]),
        (line_of(body, "read the RFC"), ["tlund"]),
    ]


def test_initials_resolve_through_the_attendance_list() -> None:
    body = "## Attendees\n\n- Tomas Lund\n- Marta Kowalska\n\n## Notes\n\nTL: I will send the slides to the list."
    assert [f.owners for f in extract(body)] == [["tlund"]]


def test_a_second_verb_after_a_named_subject_is_not_the_speakers() -> None:
    body = "* Priya: Ole will draft it, will send the link to the list."
    assert [f.owners for f in extract(body)] == [["olind"]]


# Names: a first name means the one person of that name who is at the meeting.


def test_a_first_name_resolves_among_the_people_present() -> None:
    body = "## Present\n\n- Samuel Okafor\n- Priya Raman\n\n## Notes\n\n* Samuel will file the bug."
    assert [f.owners for f in extract(body)] == [["sokafor"]]


def test_a_first_name_shared_by_two_people_present_pings_nobody() -> None:
    body = "## Present\n\n- Samuel Okafor\n- Samuel Byrne\n\n## Notes\n\n* Samuel will file the bug."
    items = extract(body)
    assert [f.owners for f in items] == [[]]
    assert items[0].unresolved_names == ["Samuel"]


# Not follow-ups, and never a wrong ping.


@pytest.mark.parametrize(
    "sentence",
    [
        "* Will reduce special cases in the loader.",
        "* Ole: the table is large, so will increase the image size.",
        "* Priya: yes, though I don't think we can promise no regressions will be reported.",
        "* Occasionally people will rerun the job by hand.",
        "* Reviewers were encouraged to look at the draft.",
        "* Priya, to keep it simple we may want to have one copy.",
        "* Ole will leave his objection in place for now.",
    ],
)
def test_outcomes_opinions_and_generic_subjects_are_not_follow_ups(sentence: str) -> None:
    assert extract(sentence) == []


def test_they_never_resolves_to_one_person() -> None:
    body = "* Marta reported on the mirrors.\n* They will move the cache to the new host."
    items = extract(body)
    assert [f.owners for f in items] == [[]]


def test_they_after_two_people_named_together_means_both() -> None:
    body = "* Priya and Ole will pair on the importer.\n* They will also write the migration guide."
    items = extract(body)
    assert [f.owners for f in items] == [["praman", "olind"], ["praman", "olind"]]


def test_a_speaker_in_parentheses_owns_the_first_person() -> None:
    body = "* (Marta Kowalska) - Note: I intend to set up a small review group."
    assert [f.owners for f in extract(body)] == [["mkowal"]]


def test_a_chat_remark_by_initials_is_not_an_action_marker() -> None:
    body = "PR: I will send the notes.\n\nAR(chat): a cache would only help cold starts"
    assert [f.line for f in extract(body)] == [line_of(body, "send the notes")]


# Groups, decisions and assignments without a person.


@pytest.mark.parametrize(
    "sentence",
    [
        "- Steering Council to follow up on the sponsorship process",
        "* The board decided that we should gather input from the maintainers.",
        "* Consensus: rebase and land the series before the freeze.",
    ],
)
def test_group_tasks_have_no_owner(sentence: str) -> None:
    items = extract(sentence)
    assert [(f.owners, f.unresolved_names) for f in items] == [([], [])]


def test_encouraging_everyone_is_not_an_assignment() -> None:
    assert extract("* Encourage everyone to try the nightly build.") == []


def test_a_task_under_a_dated_agenda_slot_is_due_on_that_date() -> None:
    body = "## Upcoming meetings\n\n* Mar 26th -- packaging sync\n  * Priya/Ole to write the agenda doc"
    item = only(extract(body), line_of(body, "agenda doc"))
    assert (item.owners, item.due) == (["praman", "olind"], date(2025, 3, 26))


# Action tables, "Name: task" items and lead lines that name the owners.

TABLE = """## Action items

| Action | Owner(s) | Due |
|---|---|---|
| Rotate the signing key | Priya, Ole | 2025-03-20 |
| Write the restore runbook | Marta | next week |
| Archive the old wiki | Ole | done |"""


def test_an_action_table_gives_one_follow_up_per_open_row() -> None:
    items = extract(TABLE)
    assert [(f.line, f.owners, f.due) for f in items] == [
        (line_of(TABLE, "signing key"), ["praman", "olind"], date(2025, 3, 20)),
        (line_of(TABLE, "runbook"), ["mkowal"], date(2025, 3, 19)),
    ]


def test_the_header_row_of_an_action_table_is_never_a_follow_up() -> None:
    assert all(f.line != line_of(TABLE, "| Action |") for f in extract(TABLE))


def test_a_name_task_item_under_an_action_heading_belongs_to_the_name() -> None:
    body = "## 🚀 Action Items\n\n- Marta: Email Priya to confirm the venue\n- Dana Ito: Book the room"
    items = extract(body)
    assert [(f.owners, f.unresolved_names) for f in items] == [(["mkowal"], []), ([], ["Dana Ito"])]


def test_a_lead_line_names_the_owners_of_the_tasks_under_it() -> None:
    body = (
        "Steps to be done by @praman and @olind:\n\n- [ ] Review the migration guide\n\n"
        "* @mkowal will:\n  * update the mirror list"
    )
    items = extract(body)
    assert [(f.line, f.owners) for f in items] == [
        (line_of(body, "migration guide"), ["praman", "olind"]),
        (line_of(body, "mirror list"), ["mkowal"]),
    ]


def test_each_meeting_of_a_multi_meeting_file_counts_from_its_own_date() -> None:
    body = "## 2025-03-05\n\n* Ole will send the notes next week.\n\n## 2025-03-19\n\n* Priya will tag it on Friday."
    items = extract(body, title="# Infra WG notes 2025")
    assert [(f.owners, f.due) for f in items] == [
        (["olind"], date(2025, 3, 12)),
        (["praman"], date(2025, 3, 21)),
    ]


def test_a_named_next_steps_item_gives_its_sub_items_to_that_person() -> None:
    body = "* Release status\n  * Marta next steps\n    * get the mirror patches merged"
    assert [(f.line, f.owners) for f in extract(body)] == [(line_of(body, "mirror patches"), ["mkowal"])]


def test_a_roster_person_speaking_after_a_dash_owns_a_subjectless_plan() -> None:
    body = "* Priya - good news, going to move the nightly jobs to the new runners"
    assert [f.owners for f in extract(body)] == [["praman"]]


def test_a_commitment_restated_in_the_action_list_is_one_follow_up_at_the_list_line() -> None:
    body = (
        "## Discussion\n\n* Ole offered to write the restore runbook for the mirrors.\n\n"
        "## Action items\n\n* Ole: write the restore runbook"
    )
    items = extract(body)
    assert [(f.line, f.owners, f.also_stated_at) for f in items] == [
        (line_of(body, "Ole: write"), ["olind"], [line_of(body, "offered")])
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "* Will the installer add shims outside the prefix -",
        '* Ole: it is not as simple as "let\'s ship what people ask for", sadly.',
        "* Marta: we guarantee the cache will keep the old entries.",
    ],
)
def test_questions_quotations_and_descriptions_are_not_follow_ups(sentence: str) -> None:
    assert extract(sentence) == []


def test_a_heading_that_mentions_presence_is_not_an_attendance_list() -> None:
    body = "### Symbols only present in the output when reachable\n\nOle: I'll write the test case."
    assert [f.owners for f in extract(body)] == [["olind"]]


def test_a_hope_with_a_task_is_a_follow_up_with_its_due_date() -> None:
    items = extract("* Ole is working on the cache and hopes to get a PR open this week.")
    assert [(f.owners, f.due) for f in items] == [(["olind"], date(2025, 3, 14))]


@pytest.mark.parametrize(
    ("sentence", "owners", "due"),
    [
        ("* Tomas Lund will assume responsibility for the release notes.", ["tlund"], None),
        ("* Let's look at it during the working session next week.", [], date(2025, 3, 19)),
    ],
)
def test_more_commitment_forms(sentence: str, owners: list[str], due: date | None) -> None:
    assert [(f.owners, f.due) for f in extract(sentence)] == [(owners, due)]


def test_an_owner_outside_the_roster_is_reported_by_name_never_dropped() -> None:
    body = "## Attendees\n\n- Dana Ito\n- Priya Raman\n\n## Notes\n\n* Dana to send the survey to the list"
    items = extract(body)
    assert [(f.owners, f.unresolved_names) for f in items] == [([], ["Dana"])]


@pytest.mark.parametrize(
    "sentence",
    [
        "* Plan of Action - Remaining Items for the migration",
        "* The test plan to cover the new parser was shared.",
        "* Let's skip December 29 (a holiday for many).",
    ],
)
def test_agenda_titles_nouns_and_cancellations_are_not_follow_ups(sentence: str) -> None:
    assert extract(sentence) == []


def test_next_meeting_is_due_by_the_cadence_the_minutes_state() -> None:
    body = "The working group meets every two weeks.\n\n* Ole will bring the numbers to the next meeting."
    assert [f.due for f in extract(body)] == [date(2025, 3, 26)]


def test_a_different_task_of_the_same_person_in_the_action_list_is_not_a_restatement() -> None:
    body = "## Notes\n\n* Priya will rotate the signing key by Friday.\n\n## Action items\n\n* Priya: publish the survey"
    assert sorted(f.line for f in extract(body)) == [line_of(body, "signing key"), line_of(body, "survey")]


@pytest.mark.parametrize("item", ["* Ole to drop the old flag (done)", "* ✅ Ole to drop the old flag"])
def test_an_item_marked_done_is_not_a_follow_up(item: str) -> None:
    assert extract(item) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "* Leads to a clean split of the config per tenant.",
        "* Allows room for the TAC to ask questions as needed.",
        "* let's continue the discussion on the issue, skip for this week",
        "* No conclusion on the licence question yet, to be revisited.",
        "* The value may be used wherever we would expect to find a type.",
        "* We finished the roadmap last year; not clear we'll make another one.",
    ],
)
def test_descriptions_and_deferrals_that_look_like_tasks(sentence: str) -> None:
    assert extract(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Priya: I can give a two minute update on the mirrors.",
        "Ole: I can answer part of that from the benchmarks.",
        "* The sponsor and the foundation will officially announce the winner on April 30th.",
        "* The summit will be held in Lisbon in October.",
    ],
)
def test_speech_in_the_meeting_and_outside_events_are_not_follow_ups(sentence: str) -> None:
    assert extract(sentence) == []


def test_a_shared_first_name_means_the_one_this_file_names_in_full() -> None:
    body = "* Samuel Byrne joined the group.\n* Priya asked Samuel to write the onboarding notes."
    assert [f.owners for f in extract(body)] == [["sbyrne"]]


@pytest.mark.parametrize(
    ("sentence", "owners"),
    [
        ("* Ole said the fix is ready, although he still needs to test it on arm64.", [["olind"]]),
        ("* Marta needs to read the proposal.", [["mkowal"]]),
        ("* The branch needs to be rebased first.", []),
        ("* Priya said she needs to think more about the design.", []),
    ],
)
def test_a_person_who_needs_to_act_has_a_task(sentence: str, owners: list[list[str]]) -> None:
    assert [f.owners for f in extract(sentence)] == owners


def test_a_decision_taken_in_the_meeting_is_not_a_task() -> None:
    assert extract("* After some discussion, the council decided to approve the new charter.") == []


def test_an_assignment_under_an_attendance_heading_is_still_read() -> None:
    body = "## Roll call\n\n* Priya Raman\n* Samuel Byrne unavailable - Tomas Lund to present"
    assert [f.owners for f in extract(body)] == [["tlund"]]


def test_a_due_note_dates_the_tasks_just_above_it() -> None:
    body = (
        "## Guides\n\n* Packaging guide: Ole volunteered to draft it.\n"
        "* Upgrade guide: Marta will draft it.\n* First drafts are due by the end of April."
    )
    assert [(f.owners, f.due) for f in extract(body)] == [
        (["olind"], date(2025, 4, 30)),
        (["mkowal"], date(2025, 4, 30)),
    ]


def test_a_label_that_states_the_task_takes_its_owner_from_the_sub_item() -> None:
    body = "* New action item to close the stale RFC:\n    * Ole can do it"
    assert [(f.line, f.owners) for f in extract(body)] == [(line_of(body, "stale RFC"), ["olind"])]


def test_an_unknown_person_sharing_a_roster_first_name_is_reported_in_full() -> None:
    body = "* Samuel Ferreira (Acme) volunteered to draft the guide."
    items = extract(body)
    assert [(f.owners, f.unresolved_names) for f in items] == [([], ["Samuel Ferreira"])]


def test_a_question_mark_ends_a_sentence_even_before_lower_case() -> None:
    body = "Marta: why? ok, I'll write it up after the call."
    assert [f.owners for f in extract(body)] == [["mkowal"]]


def test_a_spoken_promise_summed_up_in_a_note_below_is_one_follow_up_at_the_note() -> None:
    body = "Ole: I will read the RFC and send comments.\n\nOle volunteers to read the RFC."
    items = extract(body)
    assert [(f.line, f.owners, f.also_stated_at) for f in items] == [
        (line_of(body, "volunteers"), ["olind"], [line_of(body, "I will read")])
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ole: does anyone object if I just open a PR to drop it?",
        "Ole: any last concerns before I start the vote?",
    ],
)
def test_a_speaker_asking_for_objections_to_their_own_plan_owns_it(sentence: str) -> None:
    assert [f.owners for f in extract(sentence)] == [["olind"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "* The plan is to move the docs into the main repository.",
        "* The group's first order of business will be to elect a chair.",
        "* After the demo, we had consensus to land the parser behind a flag.",
    ],
)
def test_a_plan_stated_for_the_group_has_no_owner(sentence: str) -> None:
    assert [(f.owners, f.unresolved_names) for f in extract(sentence)] == [([], [])]


@pytest.mark.parametrize(
    "sentence", ["* Consensus to focus on stability for now.", "* Any dispute requires consensus to settle."]
)
def test_consensus_on_a_focus_or_a_rule_is_not_a_task(sentence: str) -> None:
    assert extract(sentence) == []


def test_a_long_attendance_heading_still_marks_an_attendance_list() -> None:
    body = "## Attendance (please add yourself when you join late)\n\n* Ole Lindqvist, will update this list"
    assert extract(body) == []


def test_in_a_file_of_several_meetings_the_next_meeting_is_the_next_dated_section() -> None:
    body = "## 2025-03-05\n\n* Ole will bring the numbers to the next meeting.\n\n## 2025-03-19\n\n* Numbers shown."
    assert [f.due for f in extract(body, title="# Infra WG notes 2025")] == [date(2025, 3, 19)]


def test_before_the_call_is_due_on_the_next_meeting_date_the_minutes_state() -> None:
    body = "* Ole will circulate the draft before the call.\n\nNext meeting: March 26, 2025"
    assert [f.due for f in extract(body)] == [date(2025, 3, 26)]


def test_dialogue_written_with_a_name_tag_belongs_to_the_tagged_person() -> None:
    body = "[name=Marta] I will send the minutes template tomorrow."
    assert [(f.owners, f.due) for f in extract(body)] == [(["mkowal"], date(2025, 3, 13))]


@pytest.mark.parametrize(
    "sentence",
    [
        "* Release planning (to be added in future discussions)",
        "* The patch seems ready to be merged.",
        "* Speed matters here since there is so much more work to be done per call.",
    ],
)
def test_to_be_after_a_state_or_a_noun_or_put_off_is_not_a_task(sentence: str) -> None:
    assert extract(sentence) == []


def test_i_think_i_will_is_the_speakers_own_plan_but_i_think_we_will_is_a_guess() -> None:
    body = "Ole: I think I will drop my objection.\n\nMarta: I think we will see more reports."
    assert [(f.line, f.owners) for f in extract(body)] == [(line_of(body, "drop my"), ["olind"])]


def test_the_person_said_to_be_assigned_owns_an_ownerless_task() -> None:
    body = "* Someone to review the draft -- Ole is assigned but has not had time"
    assert [f.owners for f in extract(body)] == [["olind"]]
