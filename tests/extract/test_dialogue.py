"""Dialogue minutes ("Name: remark" lines): who a remark asks to act.

A speaker's remark can give a task to the speaker ("we should talk to Tomas"), to the person
it answers ("please open an issue" after their question), or to both ("let's talk later");
a proposal someone volunteers for just after is that volunteer's task, never a ping for the
one who proposed it.
"""

from tests.extract.test_minutes_styles import extract, line_of, only


def test_a_reply_asking_for_an_issue_is_a_task_for_the_one_who_asked() -> None:
    body = (
        "Ole: Could the exporter also emit traces for the cache?\n\n"
        "Priya: Possibly, it needs some design first. Please open an issue with the use case."
    )
    item = only(extract(body), line_of(body, "Please open"))
    assert item.owners == ["olind"]


def test_a_please_for_everyone_is_not_a_task_for_the_previous_speaker() -> None:
    body = "Ole: Any news on the training course?\n\nPriya: It is free now, so please share it widely."
    assert not [f for f in extract(body) if f.line == line_of(body, "please share")]


def test_a_request_that_answers_no_question_pings_nobody() -> None:
    body = "Ole: The exporter emits traces now.\n\nPriya: Nice. Please file bugs against the tracker."
    assert not [f for f in extract(body) if f.line == line_of(body, "Please file")]


def test_a_speakers_we_should_talk_to_a_named_person_is_the_speakers_task() -> None:
    body = "Marta: Good point, I had not considered mirrors. We should check with Tomas Lund before merging."
    item = only(extract(body), line_of(body, "check with"))
    assert item.owners == ["mkowal"]


def test_we_should_talk_about_a_topic_names_no_one_to_contact() -> None:
    body = "Marta: We should talk about the release schedule at some point."
    assert extract(body) == []


def test_a_next_step_the_speaker_names_is_the_speakers() -> None:
    body = "Ole: Right. That sounds like a sensible next step, measuring the cold start first."
    item = only(extract(body), line_of(body, "next step"))
    assert item.owners == ["olind"]


def test_a_question_about_the_next_step_is_not_a_task() -> None:
    body = "Priya: What would the next step be for the mirrors?"
    assert extract(body) == []


def test_lets_talk_said_to_someone_is_the_task_of_both() -> None:
    body = "Priya: It gets tricky for the mirrors.\n\nOle: hmm, ok, let's talk after the call"
    item = only(extract(body), line_of(body, "let's talk"))
    assert sorted(item.owners) == ["olind", "praman"]


def test_a_proposal_taken_up_by_a_volunteer_is_the_volunteers_task_only() -> None:
    body = (
        "Marta: Fine by me, but let's write down the objections in the tracking issue.\n\n"
        "Ole: agreed.\n\n"
        "Tomas Lund: I'll take an action item to summarise the objections in the tracking issue."
    )
    items = extract(body)
    assert [(f.line, f.owners) for f in items] == [(line_of(body, "I'll take"), ["tlund"])]


def test_a_proposal_nobody_takes_up_stays_the_speakers() -> None:
    body = "Marta: +1, let's rename the flag.\n\nOle: the docs need a refresh too."
    item = only(extract(body), line_of(body, "rename"))
    assert item.owners == ["mkowal"]


def test_an_in_meeting_ask_to_explain_is_not_a_task() -> None:
    body = "Ole: Can you walk us through the retry logic once more?\n\nPriya: Sure, it backs off twice."
    assert extract(body) == []


def test_a_reply_accepting_a_request_is_the_task_of_the_one_who_accepts() -> None:
    body = "Priya: Ole, could you take the release notes this time?\n\nOle: sure, I'll draft them tomorrow"
    item = only(extract(body), line_of(body, "sure"))
    assert item.owners == ["olind"]
    assert item.due is not None and item.due.isoformat() == "2025-03-13"
    assert [f.line for f in extract(body)] == [line_of(body, "sure")]
