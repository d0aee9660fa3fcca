"""What a run knows after a pass of writes: new state from old, the old one left as it was."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.actions import CreateComment, CreateIssue, UpdateComment, UpdateIssue
from bot.domain.markers import Marker
from bot.domain.record import kept_after, learn, record, unwritable
from bot.domain.state import Comment, Issue, RepoState
from bot.github.client import Applied, ApplyReport, Outcome, Problem

REPO = "org/meta"
WHEN = datetime(2025, 9, 18, 9, tzinfo=UTC)
FOLLOW_UP = Marker(kind="follow-up", key="Notes/call.md#a1")
KEPT = Marker(kind="reference", key="pull-request#org/code#7", covers=("Notes/a.md#r1", "Notes/b.md#r2"))


def issue(number: int, marker: Marker | None = None) -> Issue:
    return Issue(
        repository=REPO,
        number=number,
        title=f"Item {number}",
        body="",
        state="open",
        author="bot",
        created_at=WHEN,
        updated_at=WHEN,
        marker=marker,
    )


def comment(id: int, marker: Marker | None, body: str = "text") -> Comment:
    return Comment(id=id, author="bot", author_is_bot=True, created_at=WHEN, body=body, marker=marker)


def test_record_adds_the_written_issue_and_its_marker_and_leaves_the_old_state_alone():
    before = RepoState(repository=REPO, bot_login="bot", issues=[issue(1)])
    created = CreateIssue(repository=REPO, title="t", body="b", marker=FOLLOW_UP, reason="r")
    after = record(before, ApplyReport(done=[Applied(action=created, issue=issue(2))]))
    assert after.markers == {FOLLOW_UP.key: FOLLOW_UP}
    assert [(i.number, i.marker) for i in after.issues] == [(1, None), (2, FOLLOW_UP)]
    assert before.markers == {} and [i.number for i in before.issues] == [1]


def test_record_closes_the_issue_an_update_closed_and_a_kept_comment_answers_for_what_it_covers():
    before = RepoState(repository=REPO, bot_login="bot", issues=[issue(1, FOLLOW_UP)])
    close = UpdateIssue(repository=REPO, number=1, state="closed", state_reason="completed", reason="r")
    kept = CreateComment(repository="org/code", number=7, body="b", marker=KEPT, reason="r")
    after = record(before, ApplyReport(done=[Applied(action=close)], present=[Applied(action=kept)]))
    assert [i.state for i in after.issues] == ["closed"]
    assert set(after.markers) == {KEPT.key, *KEPT.covers}
    assert before.issues[0].state == "open"


def test_learn_reads_markers_of_the_bots_comments_only():
    state = RepoState(repository=REPO, bot_login="bot")
    after = learn(state, [comment(1, None), comment(2, KEPT)])
    assert set(after.markers) == {KEPT.key, *KEPT.covers}
    assert state.markers == {}


def test_kept_after_follows_the_kept_comment_as_written_and_as_edited():
    written = comment(40, None, body="old")
    create = CreateComment(repository="org/Code", number=7, body="first", marker=KEPT, reason="r")
    kept = kept_after({}, ApplyReport(done=[Applied(action=create, comment=written)]))
    assert kept["org/code#7"].body == "first" and kept["org/code#7"].marker == KEPT
    edit = UpdateComment(repository="org/code", comment_id=40, body="second", marker=KEPT, reason="r")
    assert kept_after(kept, ApplyReport(done=[Applied(action=edit)]))["org/code#7"].body == "second"
    assert kept["org/code#7"].body == "first"


def test_unwritable_settles_only_the_items_github_will_never_take():
    gone = CreateComment(repository="org/code", number=9, body="b", marker=FOLLOW_UP, reason="r")
    report = ApplyReport(
        errors=[
            Problem(action=gone, request="comment", outcome=Outcome.SKIP, reason="org/code#9 not found"),
            Problem(action=gone, request="comment", outcome=Outcome.RETRY, reason="server error"),
        ]
    )
    assert unwritable(report) == {FOLLOW_UP.key: "org/code#9 not found"}
