"""The planner: ordered, deterministic, idempotent writes for one meeting."""

from datetime import UTC, date, datetime

from bot.domain.actions import CreateComment, CreateIssue, EnsureLabel
from bot.domain.config import Person, PullRequests, Series
from bot.domain.markers import Marker, find_marker, neutralise
from bot.domain.models import Alternative, Candidate, Findings, Reference
from bot.domain.state import Issue, RepoState
from bot.plan.items import MeetingConfig, PlanContext, follow_up_key, item_keys, meeting_key, reference_key
from bot.plan.meeting import held, plan_meeting
from tests.conftest import follow_up

PATH = "Meetings/call-2025-09-17.md"
CONFIG = MeetingConfig(
    people=(Person(name="Ada Lovelace", github="ada", aliases=["Ada"]),),
    pull_requests=PullRequests(repositories=["org/code"]),
)
SERIES = Series(name="Dev Call", issues_repository="org/meta")


def reference(line, number, implicit=False, repository="org/code"):
    return Reference(
        line=line,
        repository=repository,
        number=number,
        kind="pull",
        implicit=implicit,
        people=[],
        evidence="PR",
    )


def findings(follow_ups=(), references=(), warnings=()):
    return Findings(
        file=PATH,
        title="Dev Call",
        date=date(2025, 9, 17),
        follow_ups=list(follow_ups),
        references=list(references),
        warnings=list(warnings),
    )


def context(**overrides):
    values = dict(
        series=SERIES,
        issues_repository="org/meta",
        minutes_repository="org/minutes",
        commit="c0ffee",
        quotes={3: "Ada plans to write the docs by Friday.", 5: "We looked at PR 808 from @mallory."},
        assignable=frozenset({"ada"}),
        authors={"org/code#808": "rrelph"},
    )
    values.update(overrides)
    return PlanContext(**values)


def state(issues=(), keys=()):
    markers = {key: Marker(kind="follow-up", key=key) for key in keys}
    for issue in issues:
        markers[issue.marker.key] = issue.marker
    return RepoState(repository="org/meta", bot_login="bot", issues=list(issues), markers=markers)


def bot_issue(number, key, kind="follow-up", status="open"):
    moment = datetime(2025, 9, 18, tzinfo=UTC)
    return Issue(
        repository="org/meta",
        number=number,
        title="t",
        body="",
        state=status,
        author="bot",
        created_at=moment,
        updated_at=moment,
        marker=Marker(kind=kind, key=key),
    )


DOCS = follow_up(
    3, "Ada plans to write the docs by Friday.", ["ada"], ["Ada Lovelace"], due=date(2025, 9, 19)
)
UNOWNED = follow_up(4, "Someone will fix CI; Paolo may help.", unresolved=["Paolo"])
MEETING = findings([DOCS, UNOWNED], [reference(5, 808), reference(9, 808), reference(6, 900, implicit=True)])


def test_items_come_first_in_line_order_with_labels_before_issues():
    actions = plan_meeting(MEETING, state(), CONFIG, context())
    ops = [(a.op, getattr(a, "name", None) or getattr(a, "number", None)) for a in actions]
    assert ops == [
        ("ensure-label", "minutes-bot"),
        ("ensure-label", "follow-up"),
        ("create-issue", None),
        ("create-issue", None),
        ("create-comment", 808),
        ("create-comment", 900),
    ]
    docs = actions[2]
    assert isinstance(docs, CreateIssue)
    assert docs.title == "Write the docs by Friday (Ada Lovelace)"
    assert docs.assignees == ("ada",)
    assert docs.labels == ("minutes-bot", "follow-up")
    assert "Due: 2025-09-19" in docs.body
    assert "https://github.com/org/minutes/blob/c0ffee/Meetings/call-2025-09-17.md#L3" in docs.body
    assert find_marker(docs.body) == docs.marker
    assert docs.marker.key == follow_up_key(PATH, DOCS)


def test_one_comment_per_pull_request_quoting_every_line_and_tagging_its_author():
    actions = plan_meeting(MEETING, state(), CONFIG, context())
    comment = next(a for a in actions if isinstance(a, CreateComment) and a.number == 808)
    assert comment.repository == "org/code"
    assert comment.body.startswith("@rrelph: This pull request was discussed in the [Dev Call of 2025-09-17]")
    assert "#L5" in comment.body and "#L9" in comment.body
    assert "@mallory" not in comment.body
    assert comment.marker.key == reference_key(PATH, "org/code", 808)


def test_unassignable_owner_is_mentioned_not_assigned():
    actions = plan_meeting(findings([DOCS]), state(), CONFIG, context(assignable=frozenset()))
    issue = next(a for a in actions if isinstance(a, CreateIssue))
    assert issue.assignees == ()
    assert "@ada" in issue.body


def test_meeting_issue_only_when_every_item_exists_and_it_links_them():
    keys = item_keys(MEETING)
    partial = state([bot_issue(11, keys[0])])
    remaining = plan_meeting(MEETING, partial, CONFIG, context())
    assert [a.marker.key for a in remaining if not isinstance(a, EnsureLabel)] == keys[1:]

    done = state([bot_issue(11, keys[0]), bot_issue(12, keys[1], status="closed")], keys=keys[2:])
    actions = plan_meeting(MEETING, done, CONFIG, context())
    assert [a.op for a in actions] == ["ensure-label", "ensure-label", "create-issue"]
    assert actions[1].name == "meeting"
    meeting = actions[-1]
    assert meeting.marker == Marker(kind="meeting", key=meeting_key(PATH))
    assert meeting.labels == ("minutes-bot", "meeting")
    assert "- #11 Write the docs by Friday (Ada Lovelace), due 2025-09-19" in meeting.body
    assert "- #12 " in meeting.body
    assert "- [ ] #12: no GitHub login known for Paolo" in meeting.body
    assert "- [ ] org/code#900 was matched by its subject" in meeting.body
    assert "@" not in meeting.body.replace("<!-- minutes-bot", "")


def test_nothing_once_the_meeting_issue_exists_even_if_items_were_closed_or_deleted():
    assert (
        plan_meeting(MEETING, state([bot_issue(20, meeting_key(PATH), kind="meeting")]), CONFIG, context())
        == []
    )


def test_closed_follow_up_is_never_planned_again():
    closed = state([bot_issue(11, follow_up_key(PATH, DOCS), status="closed")])
    actions = plan_meeting(findings([DOCS]), closed, CONFIG, context())
    assert [a.op for a in actions][-1] == "create-issue"
    assert actions[-1].marker.kind == "meeting"


def test_item_that_cannot_be_written_is_settled_and_listed_for_a_human():
    key = reference_key(PATH, "org/code", 808)
    actions = plan_meeting(
        findings([], [reference(5, 808)]), state(), CONFIG, context(problems={key: "org/code#808 not found"})
    )
    assert actions[-1].marker.kind == "meeting"
    assert (
        f"- [ ] Could not comment on {neutralise('org/code#808')}: {neutralise('org/code#808 not found')}"
        in actions[-1].body
    )


def test_plan_is_deterministic_and_independent_of_input_order():
    shuffled = findings(list(reversed(MEETING.follow_ups)), list(reversed(MEETING.references)))
    assert plan_meeting(MEETING, state(), CONFIG, context()) == plan_meeting(
        shuffled, state(), CONFIG, context()
    )


def test_keys_survive_edits_elsewhere_in_the_file():
    moved = follow_up(30, DOCS.text, ["ada"], ["Ada Lovelace"])
    assert follow_up_key(PATH, moved) == follow_up_key(PATH, DOCS)
    assert follow_up_key(PATH, UNOWNED) != follow_up_key(PATH, DOCS)
    assert follow_up_key("Meetings/other.md", DOCS) != follow_up_key(PATH, DOCS)


def test_warnings_go_to_the_checklist_inert():
    actions = plan_meeting(
        findings(warnings=["ambiguous: @bob's PR could be #1 or #2"]), state(), CONFIG, context()
    )
    assert "- [ ] " + neutralise("ambiguous: @bob's PR could be #1 or #2") in actions[-1].body


def test_handle_outside_roster_is_pinged_only_when_assignable():
    handles = follow_up(
        3, "Ada and @outsider will write the docs.", ["ada", "outsider", "member"], ["Ada Lovelace"]
    )
    actions = plan_meeting(
        findings([handles]), state(), CONFIG, context(assignable=frozenset({"ada", "member"}))
    )
    issue = next(a for a in actions if isinstance(a, CreateIssue))
    assert issue.assignees == ("ada", "member")
    assert "@outsider" not in issue.body and "outsider" in issue.body
    done = state(keys=[issue.marker.key])
    meeting = plan_meeting(
        findings([handles]), done, CONFIG, context(assignable=frozenset({"ada", "member"}))
    )[-1]
    assert (
        "outsider, who is neither in the roster nor assignable here; the bot did not ping them."
        in meeting.body
    )


def test_a_meeting_over_max_per_meeting_is_held_unless_allowed():
    assert held(5, PATH, SERIES, max_per_meeting=5) is None
    reason = held(6, PATH, SERIES, max_per_meeting=5)
    assert "plans 6 issues and comments" in reason and "'call-2025-09-17.md'" in reason
    allowed = SERIES.model_copy(update={"allow_large": ["call-2025-09-*.md"]})
    assert held(6, PATH, allowed, max_per_meeting=5) is None


def test_not_discussed_references_are_listed_apart_and_never_commented():
    skipped = reference(5, 808).model_copy(update={"discussed": False})
    meeting = findings([], [skipped])
    actions = plan_meeting(meeting, state(), CONFIG, context())
    assert not [a for a in actions if isinstance(a, CreateComment)]
    body = actions[-1].body
    assert "### Not discussed (1)\n\n- org/code\\#\u200d808: We looked at PR 808 from @\u200dmallory." in body


def test_candidates_are_asked_about_inertly():
    unsure = Candidate(
        **reference(6, 900, implicit=True).model_dump(),
        alternatives=[Alternative(repository="org/code", number=901)],
        why="several PRs fit",
    )
    meeting = findings().model_copy(update={"candidates": [unsure]})
    actions = plan_meeting(meeting, state(), CONFIG, context())
    assert not [a for a in actions if isinstance(a, CreateComment)]
    assert (
        "Line 6 may mean org/code\\#\u200d900 (or org/code\\#\u200d901): several PRs fit." in actions[-1].body
    )
