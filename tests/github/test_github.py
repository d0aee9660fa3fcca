"""The adapter against the fake GitHub: identity, state, and applying writes safely."""

from __future__ import annotations

import pytest
import requests
from github import GithubException

from bot.domain.actions import CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.domain.config import Config, Writes
from bot.domain.errors import InputError
from bot.domain.markers import Marker, render_marker
from bot.github.client import ACTIONS_IDENTITY, GitHubClient, GitHubError, Outcome, WriteBudget, classify
from tests.conftest import bot_client
from tests.fakegithub import ACTIONS_TOKEN
from tests.support import Clock

REPO = "org/meta"
CODE = "org/code"


@pytest.fixture
def world(fake_github):
    fake_github.now = "2025-09-18T09:00:00Z"
    fake_github.add_repo(REPO)
    fake_github.add_repo(CODE)
    fake_github.add_collaborator(REPO, "ada")
    fake_github.add_pull(CODE, 808, "Guest reboot", "rrelph", "2025-09-01T00:00:00Z")
    return fake_github


def client(token=ACTIONS_TOKEN, clock=None, **writes):
    config = Config(writes=Writes(min_interval_seconds=writes.pop("min_interval_seconds", 0), **writes))
    return bot_client(config, {"GITHUB_TOKEN": token}, clock)


def issue(key, title="Follow-up", labels=("minutes-bot", "follow-up"), assignees=()):
    marker = Marker(kind="follow-up", key=key)
    return CreateIssue(
        repository=REPO,
        title=title,
        body=f"text\n\n{render_marker(marker)}",
        marker=marker,
        labels=labels,
        assignees=assignees,
    )


def comment(key, number=808):
    marker = Marker(kind="reference", key=key)
    return CreateComment(repository=CODE, number=number, body=f"hi\n\n{render_marker(marker)}", marker=marker)


def test_identity_under_actions_token_is_the_app_user_without_asking(world):
    assert client().bot_login == ACTIONS_IDENTITY
    assert world.reads == []  # an installation token ("ghs_"): GET /user would answer 403


def test_identity_falls_back_to_the_app_user_when_get_user_is_refused(world):
    world.tokens["v1-installation-token"] = ACTIONS_IDENTITY  # GHES tokens may have no prefix
    assert client(token="v1-installation-token").bot_login == ACTIONS_IDENTITY
    assert [(r.path, r.status) for r in world.reads] == [("/user", 403)]


def test_identity_of_a_personal_token_is_its_user(world):
    world.add_user("alice", token="pat-alice")
    assert client(token="pat-alice").bot_login == "alice"


def test_missing_token_is_a_usage_error():
    with pytest.raises(InputError, match="GITHUB_TOKEN"):
        GitHubClient.from_env(Config(), {})


def test_state_holds_open_and_closed_issues_and_trusts_only_the_bot_markers(world):
    world.add_user("mallory", token="pat-mallory")
    mine = world.add_issue(
        REPO,
        "Mine",
        body=render_marker(Marker(kind="follow-up", key="k1")),
        labels=["minutes-bot"],
        author=ACTIONS_IDENTITY,
    )
    world.add_issue(
        REPO,
        "Closed",
        body=render_marker(Marker(kind="follow-up", key="k2")),
        labels=["minutes-bot"],
        author=ACTIONS_IDENTITY,
        state="closed",
    )
    world.add_issue(
        REPO,
        "Forged",
        body=render_marker(Marker(kind="meeting", key="k3")),
        labels=["minutes-bot"],
        author="mallory",
    )
    world.add_issue(
        REPO, "Unlabelled", body=render_marker(Marker(kind="follow-up", key="k4")), author=ACTIONS_IDENTITY
    )
    world.add_comment(
        REPO, mine.number, render_marker(Marker(kind="reminder", key="k5")), as_user=ACTIONS_IDENTITY
    )
    world.add_comment(REPO, mine.number, render_marker(Marker(kind="reminder", key="k6")), as_user="mallory")

    state = client().read_state(REPO, "minutes-bot")

    assert sorted(state.markers) == ["k1", "k2", "k5"]
    assert {i.title: i.state for i in state.issues} == {"Mine": "open", "Closed": "closed", "Forged": "open"}
    forged = next(i for i in state.issues if i.title == "Forged")
    assert forged.marker is None
    assert [c.author for c in next(i for i in state.issues if i.title == "Mine").comments] == [
        ACTIONS_IDENTITY,
        "mallory",
    ]
    assert not any(r.path.startswith("/search") for r in world.reads)


def test_state_without_comments_is_one_listing(world):
    mine = world.add_issue(REPO, "Mine", body="x", labels=["minutes-bot"], author=ACTIONS_IDENTITY)
    world.add_comment(REPO, mine.number, "hello", as_user=ACTIONS_IDENTITY)
    bot = client()
    bot.bot_login  # noqa: B018  (the identity read is not part of the listing)
    before = len(world.reads)
    bot.read_state(REPO, "minutes-bot", comments=False)
    assert len(world.reads) - before == 1


def test_pulls_list_for_reference_resolution(world):
    pulls = client().list_pulls(CODE)
    assert [(p.repository, p.number, p.author, p.title) for p in pulls] == [
        (CODE, 808, "rrelph", "Guest reboot")
    ]


def test_assignability_is_checked(world):
    bot = client()
    assert bot.can_assign(REPO, "ada") is True
    assert bot.can_assign(REPO, "nobody") is False


def test_creates_labels_only_when_missing(world):
    world.add_label(REPO, "minutes-bot")
    bot = client()
    report = bot.apply(
        [EnsureLabel(repository=REPO, name="minutes-bot"), EnsureLabel(repository=REPO, name="follow-up")],
        WriteBudget(10),
    )
    assert len(report.present) == 1 and len(report.done) == 1
    assert [(w.method, w.path) for w in world.writes] == [("POST", f"/repos/{REPO}/labels")]


def test_lost_answer_after_create_is_found_not_repeated(world):
    world.drop("POST", f"/repos/{REPO}/issues")
    report = client().apply([issue("k1"), issue("k2", title="Second")], WriteBudget(10))
    assert [i.title for i in world.issues(REPO)] == ["Follow-up", "Second"]
    assert [a.number for a in report.present] == [1]
    assert [a.number for a in report.done] == [2]
    assert len(world.writes) == 2


@pytest.mark.parametrize("after", [False, True])
def test_server_error_is_retried_without_duplicate(world, after):
    world.fail("POST", f"/repos/{REPO}/issues", 502, after=after)
    clock = Clock()
    report = client(clock=clock).apply([issue("k1")], WriteBudget(10))
    assert [i.title for i in world.issues(REPO)] == ["Follow-up"]
    assert report.errors == [] and len(report.done + report.present) == 1
    assert len(world.writes) == (1 if after else 2)  # applied: found by re-listing, not posted again
    assert clock.sleeps  # backed off before trying again


def test_lost_comment_answer_is_found_not_repeated(world):
    world.drop("POST", f"/repos/{CODE}/issues/808/comments")
    report = client().apply([comment("r1")], WriteBudget(10))
    assert len(world.comments(CODE, 808)) == 1
    assert len(report.present) == 1


def test_secondary_rate_limit_waits_as_told_then_writes_once(world):
    world.secondary_rate_limit("POST", f"/repos/{REPO}/issues", retry_after=7)
    clock = Clock()
    report = client(clock=clock).apply([issue("k1")], WriteBudget(10))
    assert 7 in clock.sleeps
    assert len(world.issues(REPO)) == 1 and len(report.done) == 1


def test_rate_limit_longer_than_allowed_leaves_the_rest_for_next_run(world):
    world.secondary_rate_limit("POST", f"/repos/{REPO}/issues", retry_after=3600)
    clock = Clock()
    actions = [issue("k1"), issue("k2")]
    report = client(clock=clock, max_rate_limit_wait_seconds=60).apply(actions, WriteBudget(10))
    assert report.left == actions and report.errors == []
    assert world.issues(REPO) == [] and 3600 not in clock.sleeps


def test_primary_rate_limit_on_reads_waits_for_reset(world):
    clock = Clock()
    world.wall = clock  # the fake's quota window and the client's sleeps share one fake clock
    world.primary_rate_limit("GET", f"/repos/{CODE}/pulls", status=429, reset_in=30)
    config = Config(writes=Writes(min_interval_seconds=0))
    bot = GitHubClient.from_env(
        config, {"GITHUB_TOKEN": ACTIONS_TOKEN}, sleep=clock.sleep, clock=clock, wall=clock
    )
    assert [p.number for p in bot.list_pulls(CODE)] == [808]
    assert len(clock.sleeps) == 1 and 30 <= clock.sleeps[0] <= 32


def test_write_budget_stops_and_leaves_the_rest(world):
    actions = [issue(f"k{n}", title=f"T{n}") for n in range(4)]
    budget = WriteBudget(2)
    report = client().apply(actions, budget)
    assert len(report.done) == 2 and report.left == actions[2:]
    assert len(world.writes) == 2 and budget.remaining == 0


def test_writes_are_paced(world):
    clock = Clock()
    client(clock=clock, min_interval_seconds=1.5).apply([issue("k1"), issue("k2")], WriteBudget(10))
    assert clock.sleeps == [1.5]


def test_forbidden_stops_the_run_with_a_permission_hint(world):
    world.add_user("reader", token="pat-reader")
    actions = [EnsureLabel(repository=REPO, name="minutes-bot"), issue("k1")]
    report = client(token="pat-reader").apply(actions, WriteBudget(10))
    assert len(report.errors) == 1 and report.errors[0].outcome is Outcome.FAIL
    assert "issues: write" in report.errors[0].line()
    assert report.left == actions[1:] and report.stopped


def test_dropped_labels_fail_loudly_instead_of_losing_track(world):
    world.add_user("outsider", token="pat-outsider")
    world.add_label(REPO, "minutes-bot")
    world.add_label(REPO, "follow-up")
    report = client(token="pat-outsider").apply([issue("k1"), issue("k2")], WriteBudget(10))
    assert report.errors and report.errors[0].outcome is Outcome.FAIL
    assert "dropped the labels" in report.errors[0].reason
    assert len(world.issues(REPO)) == 1  # stopped before writing more untraceable issues


def test_missing_target_is_skipped_with_reason_and_the_run_goes_on(world):
    report = client().apply([comment("r1", number=999), comment("r2")], WriteBudget(10))
    assert [p.outcome for p in report.errors] == [Outcome.SKIP]
    assert "not found" in report.errors[0].reason
    assert len(report.done) == 1 and not report.stopped


def test_unassignable_login_is_refused_not_guessed_and_left_for_the_next_run(world):
    report = client().apply([issue("k1", assignees=("stranger",))], WriteBudget(10))
    assert report.errors[0].outcome is Outcome.REFUSED and "422" in report.errors[0].reason
    assert report.refused and not report.stopped
    assert world.issues(REPO) == []


@pytest.mark.parametrize(
    ("exc", "outcome"),
    [
        (GithubException(401, {"message": "Bad credentials"}), Outcome.FAIL),
        (GithubException(403, {"message": "Resource not accessible by integration"}), Outcome.FAIL),
        (
            GithubException(403, {"message": "Unable to create comment because issue is locked."}),
            Outcome.SKIP,
        ),
        (GithubException(404, {"message": "Not Found"}), Outcome.SKIP),
        (GithubException(422, {"message": "Validation Failed"}), Outcome.REFUSED),
        (GithubException(403, {"message": "Repository was archived so is read-only."}), Outcome.SKIP),
        (GithubException(502, {"message": "Server Error"}), Outcome.RETRY),
        (requests.ConnectionError("reset"), Outcome.RETRY),
        (GithubException(403, {"message": "x"}, {"Retry-After": "30"}), Outcome.WAIT),
        (
            GithubException(
                429, {"message": "x"}, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1100"}
            ),
            Outcome.WAIT,
        ),
    ],
)
def test_one_place_maps_errors_to_outcomes(exc, outcome):
    verdict = classify(exc, now=1000.0)
    assert verdict is not None and verdict.outcome is outcome
    if exc.__class__ is GithubException and exc.status == 429:
        assert verdict.wait == 101.0


def test_other_exceptions_are_bugs_not_outcomes():
    assert classify(ValueError("bug"), now=0) is None


def test_forbidden_pull_request_comment_is_refused_naming_pull_requests_write_and_the_run_goes_on(world):
    world.fail("POST", f"/repos/{CODE}/issues/808/comments", 403)
    report = client().apply([comment("r1"), issue("k1")], WriteBudget(10))
    assert [p.outcome for p in report.errors] == [Outcome.REFUSED]
    assert "(403)" in report.errors[0].reason
    assert f"the token needs `pull-requests: write` on {CODE}" in report.errors[0].reason
    assert len(report.done) == 1 and report.refused and not report.stopped


def test_forbidden_issue_comment_names_issues_write(world):
    target = world.add_issue(CODE, "A bug", author="ada")
    world.fail("POST", f"/repos/{CODE}/issues/{target.number}/comments", 403)
    report = client().apply([comment("r1", number=target.number)], WriteBudget(10))
    assert f"the token needs `issues: write` on {CODE}" in report.errors[0].reason
    assert "pull-requests" not in report.errors[0].reason


def test_edits_are_idempotent_and_retried_after_a_lost_answer(world):
    world.add_issue(REPO, "Follow-up", body="old", labels=["minutes-bot"], author=ACTIONS_IDENTITY)
    note = world.add_comment(REPO, 1, "old note", as_user=ACTIONS_IDENTITY)
    world.fail("PATCH", f"/repos/{REPO}/issues/1", 502, after=True)
    world.drop("PATCH", f"/repos/{REPO}/issues/comments/*")
    marker = Marker(kind="reminder", key="k-note")
    report = client().apply(
        [
            UpdateIssue(repository=REPO, number=1, state="closed", state_reason="completed"),
            UpdateComment(
                repository=REPO, comment_id=note.id, body=f"new note\n{render_marker(marker)}", marker=marker
            ),
        ],
        WriteBudget(10),
    )
    assert report.errors == [] and len(report.done) == 2
    assert world.issues(REPO)[0].state == "closed"
    assert world.comments(REPO, 1)[0].body.startswith("new note")
    assert [w.method for w in world.writes] == ["PATCH"] * 4


def test_labels_that_differ_only_in_case_are_the_same_label(world):
    world.add_label(REPO, "Minutes-Bot")
    world.add_label(REPO, "Follow-Up")
    actions = [
        EnsureLabel(repository=REPO, name="minutes-bot"),
        EnsureLabel(repository=REPO, name="follow-up"),
        issue("k1"),
    ]
    report = client().apply(actions, WriteBudget(10))
    assert report.errors == [] and len(report.present) == 2 and len(report.done) == 1
    assert sorted(world.issues(REPO)[0].labels) == ["Follow-Up", "Minutes-Bot"]


def test_a_bad_token_fails_instead_of_guessing_an_identity(world):
    with pytest.raises(GitHubError, match="401"):
        client(token="not-a-token").bot_login  # noqa: B018


def test_a_write_another_run_made_meanwhile_is_not_made_again(world):
    """Two runs at once: the marker is re-read just before each create."""
    other_run = client()
    planned = [issue("k1"), comment("r1")]
    other_run.apply(planned, WriteBudget(10))
    writes = len(world.writes)
    report = client().apply(planned, WriteBudget(10))
    assert len(world.writes) == writes
    assert [a.action for a in report.present] == planned and not report.done
    assert len(world.issues(REPO)) == 1 and len(world.comments(CODE, 808)) == 1


def _other_run_writes(world, actions):
    """Another run (same identity, own client) writes these while this one is between plan and apply."""
    client().apply(actions, WriteBudget(10))
    return len(world.writes)


def test_markers_written_between_plan_and_apply_are_found_with_one_listing_per_source(world):
    bot = client()
    bot.read_state(REPO, "minutes-bot", comments=False)  # the plan is made from this
    mark = bot.mark()
    writes = _other_run_writes(world, [issue("k1"), issue("k2", title="Second"), comment("r1")])
    world.advance(minutes=5)
    before = len(world.reads)
    planned = [issue("k1"), issue("k2", title="Second"), issue("k3", title="Third"), comment("r1")]
    report = bot.apply(planned, WriteBudget(10), fresh_from=mark)
    assert [a.action.marker.key for a in report.present] == ["k1", "k2", "r1"]
    assert [a.action.marker.key for a in report.done] == ["k3"]
    assert len(world.writes) == writes + 1
    assert sorted(i.title for i in world.issues(REPO)) == ["Follow-up", "Second", "Third"]
    assert len(world.comments(CODE, 808)) == 1
    checks = [(r.path, r.query.get("since")) for r in world.reads[before:]]
    # the bot's issues updated since the state listing (a minute of overlap), and the PR's comments
    assert checks == [
        (f"/repos/{REPO}/issues", ["2025-09-18T08:59:00Z"]),
        (f"/repos/{CODE}/issues/808/comments", None),
    ]


def test_a_later_pass_of_the_same_meeting_reads_nothing_again(world):
    bot = client()
    bot.read_state(REPO, "minutes-bot", comments=False)
    mark = bot.mark()
    bot.list_comments(CODE, 808)  # read while planning the meeting: fresh for its writes
    before = len(world.reads)
    bot.apply([issue("k1"), comment("r1")], WriteBudget(10), fresh_from=mark)
    bot.apply([issue("meeting", title="Meeting")], WriteBudget(10), fresh_from=mark)
    assert [r.path for r in world.reads[before:]] == [f"/repos/{REPO}/issues"]
    assert len(world.writes) == 3


def test_a_forged_marker_by_someone_else_does_not_stop_the_bot_writing(world):
    world.add_user("mallory", token="pat-mallory")
    bot = client()
    bot.read_state(REPO, "minutes-bot", comments=False)
    mark = bot.mark()
    world.add_label(REPO, "minutes-bot")
    world.add_issue(REPO, "Forged", body=issue("k1").body, labels=["minutes-bot"], author="mallory")
    world.add_comment(CODE, 808, comment("r1").body, as_user="mallory")
    report = bot.apply([issue("k1"), comment("r1")], WriteBudget(10), fresh_from=mark)
    assert [a.action.marker.key for a in report.done] == ["k1", "r1"] and not report.present
    assert [i.user for i in world.issues(REPO)] == ["mallory", ACTIONS_IDENTITY]
    assert [c.user for c in world.comments(CODE, 808)] == ["mallory", ACTIONS_IDENTITY]


def test_a_missing_bot_label_stands_for_the_issue_check(world):
    """No issue carries a label the repository does not have: the labels listing a first run
    needs anyway shows no bot issue exists, so the issues are not listed again."""
    bot = client()
    bot.read_state(REPO, "minutes-bot", comments=False)
    mark = bot.mark()
    before = len(world.reads)
    labels = [
        EnsureLabel(repository=REPO, name="minutes-bot"),
        EnsureLabel(repository=REPO, name="follow-up"),
    ]
    report = bot.apply([*labels, issue("k1")], WriteBudget(10), fresh_from=mark)
    assert [r.path for r in world.reads[before:]] == [f"/repos/{REPO}/labels"]
    assert len(report.done) == 3 and len(world.issues(REPO)) == 1


def test_a_bot_label_made_meanwhile_means_the_issues_are_listed(world):
    bot = client()
    bot.read_state(REPO, "minutes-bot", comments=False)
    mark = bot.mark()
    _other_run_writes(world, [EnsureLabel(repository=REPO, name="minutes-bot"), issue("k1")])
    labels = [
        EnsureLabel(repository=REPO, name="minutes-bot"),
        EnsureLabel(repository=REPO, name="follow-up"),
    ]
    report = bot.apply([*labels, issue("k1")], WriteBudget(10), fresh_from=mark)
    assert [a.action.marker.key for a in report.present if isinstance(a.action, CreateIssue)] == ["k1"]
    assert len(world.issues(REPO)) == 1
