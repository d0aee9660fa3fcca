"""The fake GitHub, driven by real PyGithub calls, as the bot's code will drive it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
import requests
from github import Auth, Github, GithubException, RateLimitExceededException

from tests.fakegithub import ACTIONS_LOGIN, ACTIONS_TOKEN, API_URL, ContractViolation, SimulatedCrash
from tests.fakegithub.contract import raw_spec
from tests.fakegithub.fixtures import GHES_URL

REPO = "acme/minutes"


def client(token: str = ACTIONS_TOKEN, base_url: str = API_URL) -> Github:
    # No retries and no write spacing: PyGithub would otherwise sleep 1 s between writes.
    return Github(
        auth=Auth.Token(token),
        base_url=base_url,
        retry=None,
        seconds_between_requests=0,
        seconds_between_writes=0,
    )


@pytest.fixture
def fake(fake_github):
    fake_github.now = "2025-09-17T12:00:00Z"
    fake_github.add_repo(REPO)
    fake_github.add_collaborator(REPO, "alice")
    fake_github.add_user("alice", token="pat-alice")
    fake_github.add_user("mallory", token="pat-mallory")
    return fake_github


def test_created_issue_has_labels_assignees_and_bot_author(fake):
    repo = client().get_repo(REPO)
    issue = repo.create_issue(
        "Post the planes patches", body="Due: 2025-09-24", labels=["minutes-bot"], assignees=["alice"]
    )

    assert issue.number == 1
    assert issue.user.login == ACTIONS_LOGIN and issue.user.type == "Bot"
    assert [label.name for label in issue.labels] == ["minutes-bot"]
    assert [user.login for user in issue.assignees] == ["alice"]
    assert issue.created_at.isoformat() == "2025-09-17T12:00:00+00:00"
    stored = fake.issues(REPO)[0]
    assert (stored.title, stored.body, stored.labels) == (
        "Post the planes patches",
        "Due: 2025-09-24",
        ["minutes-bot"],
    )


def test_unassignable_assignee_is_422_for_push_token_and_dropped_without_push(fake):
    with pytest.raises(GithubException) as error:
        client().get_repo(REPO).create_issue("x", assignees=["mallory"])
    assert error.value.status == 422
    assert "cannot be assigned" in str(error.value.data)
    assert fake.issues(REPO) == []

    issue = client("pat-mallory").get_repo(REPO).create_issue("x", labels=["bug"], assignees=["alice"])
    assert issue.assignees == [] and issue.labels == []  # no push access: silently dropped


def test_issue_numbers_are_shared_with_pull_requests_and_ids_are_global(fake):
    fake.add_repo("acme/code")
    fake.add_pull("acme/code", 808, "Guest reboot", "rarelph", "2025-09-01T00:00:00Z")
    fake.add_pull(REPO, None, "Docs", "rarelph", "2025-09-02T00:00:00Z", "2025-09-03T00:00:00Z")
    issue = client().get_repo(REPO).create_issue("After the PR")

    assert issue.number == 2
    numbers_and_ids = [(i.number, i.id) for i in fake.issues(REPO, pulls=True)] + [
        (i.number, i.id) for i in fake.issues("acme/code", pulls=True)
    ]
    assert len({issue_id for _, issue_id in numbers_and_ids}) == 3
    listed = client().get_repo(REPO).get_issues(state="all")
    assert {(i.number, i.pull_request is not None) for i in listed} == {(1, True), (2, False)}


def test_get_issues_filters_by_state_and_all_labels_across_pages(fake):
    for n in range(1, 71):
        labels = ["minutes-bot"] + (["follow-up"] if n % 2 else [])
        fake.add_issue(
            REPO, f"Item {n}", author="alice", labels=labels, state="closed" if n % 5 == 0 else "open"
        )
    fake.add_issue(REPO, "Unrelated", author="alice", labels=["follow-up"])
    repo = client().get_repo(REPO)

    found = list(repo.get_issues(state="all", labels=[repo.get_label("minutes-bot"), "follow-up"]))

    assert sorted(i.number for i in found) == [n for n in range(1, 71) if n % 2]
    assert [i.number for i in found] == sorted((i.number for i in found), reverse=True)  # created desc
    assert len(list(repo.get_issues(labels=["minutes-bot"]))) == 56  # open only by default
    pages = [e for e in fake.log if e.path == f"/repos/{REPO}/issues"]
    assert [e.query.get("page", ["1"])[0] for e in pages[:2]] == ["1", "2"]


def test_link_header_has_next_and_last_with_per_page(fake):
    for n in range(1, 8):
        fake.add_issue(REPO, f"Item {n}", author="alice")
    headers = {"Authorization": f"token {ACTIONS_TOKEN}"}

    first = requests.get(f"{API_URL}/repos/{REPO}/issues?per_page=3", headers=headers)
    second = requests.get(first.links["next"]["url"], headers=headers)
    last = requests.get(first.links["last"]["url"], headers=headers)

    assert [i["number"] for i in first.json()] == [7, 6, 5]
    assert [i["number"] for i in second.json()] == [4, 3, 2]
    assert [i["number"] for i in last.json()] == [1]
    assert "next" not in last.links and last.links["first"]["url"].endswith("page=1")
    assert first.headers["x-ratelimit-resource"] == "core"
    assert int(first.headers["x-ratelimit-remaining"]) == int(first.headers["x-ratelimit-limit"]) - 1
    capped = requests.get(f"{API_URL}/repos/{REPO}/issues?per_page=500", headers=headers)
    assert len(capped.json()) == 7 and "Link" not in capped.headers


def test_since_and_updated_at_follow_the_clock(fake):
    issue = fake.add_issue(REPO, "Old", author="alice")
    fake.advance(days=7)
    fake.add_comment(REPO, issue.number, "I started on this", as_user="alice")
    fake.add_issue(REPO, "Untouched", author="alice", created_at="2025-09-10T00:00:00Z")
    repo = client().get_repo(REPO)

    recent = list(repo.get_issues(state="all", since=fake.now))

    assert [i.title for i in recent] == ["Old"]
    assert recent[0].updated_at == fake.now
    comments = list(recent[0].get_comments())
    assert [(c.user.login, c.body) for c in comments] == [("alice", "I started on this")]


def test_comments_create_edit_get_and_list_for_repo(fake):
    issue = fake.add_issue(REPO, "Follow-up", author=ACTIONS_LOGIN)
    gh_issue = client().get_repo(REPO).get_issue(issue.number)

    fake.advance(hours=1)
    comment = gh_issue.create_comment("Reminder <!-- minutes-bot {} -->")
    fake.advance(hours=1)
    comment.edit("Reminder, edited")

    assert gh_issue.get_comment(comment.id).body == "Reminder, edited"
    assert fake.comments(REPO, issue.number)[0].updated_at == fake.now
    assert fake.issues(REPO)[0].updated_at == fake.now
    listed = list(client().get_repo(REPO).get_issues_comments())
    assert [(c.id, c.user.login) for c in listed] == [(comment.id, ACTIONS_LOGIN)]


def test_others_comments_cannot_be_edited_by_the_bot_without_push(fake):
    issue = fake.add_issue(REPO, "Follow-up", author="alice")
    theirs = fake.add_comment(REPO, issue.number, "mine", as_user="alice")
    mallory = client("pat-mallory").get_repo(REPO).get_issue(issue.number)

    with pytest.raises(GithubException) as error:
        mallory.get_comment(theirs.id).edit("hijacked")

    assert error.value.status == 403
    assert fake.comments(REPO)[0].body == "mine"


def test_labels_create_add_set_remove(fake):
    repo = client().get_repo(REPO)
    repo.create_label("minutes-bot", "0e8a16", "Opened by minutes-bot")
    with pytest.raises(GithubException) as duplicate:
        repo.create_label("Minutes-Bot", "0e8a16")
    issue = repo.create_issue("x")

    issue.add_to_labels("minutes-bot", "snoozed")
    assert [label.name for label in issue.get_labels()] == ["minutes-bot", "snoozed"]
    issue.remove_from_labels("snoozed")
    issue.set_labels("follow-up")

    assert duplicate.value.status == 422
    assert fake.issues(REPO)[0].labels == ["follow-up"]
    assert sorted(label.name for label in repo.get_labels()) == ["follow-up", "minutes-bot", "snoozed"]
    assert repo.get_label("minutes-bot").description == "Opened by minutes-bot"


def test_assignees_list_and_check(fake):
    repo = client().get_repo(REPO)

    assert repo.has_in_assignees("alice") is True
    assert repo.has_in_assignees("mallory") is False
    assert [u.login for u in repo.get_assignees()] == ["alice"]


def test_pulls_list_all_states_and_get(fake):
    fake.add_pull(REPO, 10, "Open one", "bob", "2025-09-01T00:00:00Z")
    fake.add_pull(
        REPO, 11, "Merged one", "bob", "2025-09-02T00:00:00Z", "2025-09-05T00:00:00Z", files=["a.rs"]
    )
    fake.add_pull(REPO, 12, "Abandoned", "carol", "2025-09-03T00:00:00Z", closed_at="2025-09-04T00:00:00Z")
    repo = client().get_repo(REPO)

    pulls = list(repo.get_pulls(state="all"))
    merged = repo.get_pull(11)

    assert [(p.number, p.state, p.merged_at is not None) for p in pulls] == [
        (12, "closed", False),
        (11, "closed", True),
        (10, "open", False),
    ]
    assert [p.number for p in repo.get_pulls()] == [10]
    assert merged.merged and merged.user.login == "bob"
    assert [f.filename for f in merged.get_files()] == ["a.rs"]


def test_actions_token_cannot_read_user_but_pat_can_and_bad_token_is_401(fake):
    with pytest.raises(GithubException) as forbidden:
        _ = client().get_user().login
    assert forbidden.value.status == 403
    assert forbidden.value.data["message"] == "Resource not accessible by integration"
    assert client("pat-alice").get_user().login == "alice"
    assert client().get_user("alice").type == "User"
    with pytest.raises(GithubException) as unknown:
        client("ghp_nobody").get_repo(REPO)
    assert unknown.value.status == 401


def test_custom_base_url_and_rate_limit(fake):
    repo = client(base_url=GHES_URL).get_repo(REPO)
    issue = repo.create_issue("On GHES")

    assert issue.url == f"{GHES_URL}/repos/{REPO}/issues/1"
    assert client().get_rate_limit().resources.core.remaining == 1000 - 2


def test_request_without_title_breaks_the_contract(fake):
    with pytest.raises(ContractViolation, match="title"):
        requests.post(
            f"{API_URL}/repos/{REPO}/issues",
            json={"body": "no title"},
            headers={"Authorization": f"token {ACTIONS_TOKEN}"},
        )
    assert len(fake.violations) == 1 and "request POST" in fake.violations[0]
    assert fake.issues(REPO) == []
    fake.violations.clear()


def test_unknown_operation_breaks_the_contract(fake):
    with pytest.raises(ContractViolation, match="no such operation"):
        requests.delete(
            f"{API_URL}/repos/{REPO}/issues/1", headers={"Authorization": f"token {ACTIONS_TOKEN}"}
        )
    fake.violations.clear()


def test_bad_response_from_the_fake_is_caught(fake):
    fake.add_repo("acme/broken")
    fake.add_issue("acme/broken", "x", author="alice")
    fake.repo("acme/broken").issues[1].state_reason = "because"  # not in the schema's enum

    with pytest.raises(ContractViolation, match="state_reason"):
        client().get_repo("acme/broken").get_issue(1)
    fake.violations.clear()


# --- faults and the request log, on both servings ------------------------------------------


@pytest.fixture(params=["responses", "http"])
def served(request):
    """(fake, base URL) for the in-process mock and for the HTTP server on 127.0.0.1."""
    if request.param == "responses":
        fake, base = request.getfixturevalue("fake_github"), API_URL
    else:
        server = request.getfixturevalue("fake_github_server")
        fake, base = server.fake, server.url
    fake.add_repo(REPO)
    return fake, base


def test_status_fault_before_applying_leaves_no_issue(served):
    fake, base = served
    fault = fake.fail("POST", f"/repos/{REPO}/issues", 502)
    repo = client(base_url=base).get_repo(REPO)

    with pytest.raises(GithubException) as error:
        repo.create_issue("Once")
    repo.create_issue("Once")

    assert error.value.status == 502
    assert [i.title for i in fake.issues(REPO)] == ["Once"]
    assert fault.fired == 1 and fake.pending_faults == []
    assert [(e.method, e.status, e.fault) for e in fake.writes] == [
        ("POST", 502, "status"),
        ("POST", 201, None),
    ]


def test_status_fault_after_applying_keeps_the_issue(served):
    fake, base = served
    fake.fail("POST", f"/repos/{REPO}/issues", 502, after=True)

    with pytest.raises(GithubException) as error:
        client(base_url=base).get_repo(REPO).create_issue("Applied anyway")

    assert error.value.status == 502
    assert [i.title for i in fake.issues(REPO)] == ["Applied anyway"]


def test_pygithub_default_retry_duplicates_a_post_after_a_late_502(served):
    """Why the bot must not let GithubRetry repeat creates: GitHub had already acted."""
    fake, base = served
    fake.fail("POST", f"/repos/{REPO}/issues", 502, after=True)
    g = Github(
        auth=Auth.Token(ACTIONS_TOKEN), base_url=base, seconds_between_requests=0, seconds_between_writes=0
    )

    g.get_repo(REPO).create_issue("Follow-up")

    assert [i.title for i in fake.issues(REPO)] == ["Follow-up", "Follow-up"]


def test_dropped_answer_after_applying(served):
    fake, base = served
    issue = fake.add_issue(REPO, "Follow-up", author="alice")
    fake.drop("POST", re.compile(rf"/repos/{REPO}/issues/\d+/comments"))

    with pytest.raises(requests.ConnectionError):
        client(base_url=base).get_repo(REPO).get_issue(issue.number).create_comment("Reminder")

    assert [c.body for c in fake.comments(REPO, issue.number)] == ["Reminder"]
    assert fake.log[-1].dropped and fake.log[-1].fault == "drop"


def test_secondary_rate_limit_has_retry_after_and_applies_nothing(served):
    fake, base = served
    fake.secondary_rate_limit("POST", "/repos/*/issues", retry_after=3)

    with pytest.raises(RateLimitExceededException) as error:
        client(base_url=base).get_repo(REPO).create_issue("Later")

    assert error.value.status == 403
    assert error.value.headers["retry-after"] == "3"
    assert "You have exceeded a secondary rate limit" in error.value.data["message"]
    assert fake.issues(REPO) == []


@pytest.mark.parametrize("status", [403, 429])
def test_primary_rate_limit_has_remaining_zero_and_reset(served, status):
    fake, base = served
    fake.primary_rate_limit("GET", "*", status=status, reset_in=30)
    before = int(time.time())

    with pytest.raises(GithubException) as error:
        client(base_url=base).get_repo(REPO)
    after_the_fault = client(base_url=base).get_repo(REPO)

    assert error.value.status == status
    assert error.value.headers["x-ratelimit-remaining"] == "0"
    assert before + 30 <= int(error.value.headers["x-ratelimit-reset"]) <= int(time.time()) + 30
    assert after_the_fault.full_name == REPO  # fires once


def test_request_log_counts_reads_and_writes(served):
    fake, base = served
    repo = client(base_url=base).get_repo(REPO)
    issue = repo.create_issue("One")
    issue.create_comment("Two")
    list(repo.get_issues(state="all"))

    assert [(e.method, e.operation, e.status) for e in fake.writes] == [
        ("POST", "issues/create", 201),
        ("POST", "issues/create-comment", 201),
    ]
    assert [e.operation for e in fake.reads] == ["repos/get", "issues/list-for-repo"]
    walls = [e.wall for e in fake.log]
    assert walls == sorted(walls) and all(e.at == fake.now for e in fake.log)
    assert fake.write_gaps() == [fake.writes[1].wall - fake.writes[0].wall]
    assert all(e.login == ACTIONS_LOGIN for e in fake.log)


def test_server_rejects_a_request_that_breaks_the_contract(fake_github_server):
    fake = fake_github_server.fake
    fake.add_repo(REPO)

    answer = requests.post(
        f"{fake_github_server.url}/repos/{REPO}/issues",
        json={"labels": ["no title"]},
        headers={"Authorization": f"token {ACTIONS_TOKEN}"},
    )

    assert answer.status_code == 422 and "title" in answer.json()["message"]
    assert len(fake.violations) == 1
    fake.violations.clear()


def test_installed_style_subprocess_talks_to_the_server(fake_github_server, tmp_path):
    """A separate process (as `minutes-bot` will be) reaches the fake through GITHUB_API_URL."""
    fake = fake_github_server.fake
    fake.add_repo(REPO)
    script = tmp_path / "client.py"
    script.write_text(
        "import os\n"
        "from github import Auth, Github\n"
        "g = Github(auth=Auth.Token(os.environ['GITHUB_TOKEN']), base_url=os.environ['GITHUB_API_URL'],\n"
        "           seconds_between_writes=0)\n"
        "repo = g.get_repo(os.environ['GITHUB_REPOSITORY'])\n"
        "repo.create_issue('From a subprocess', labels=['minutes-bot']).create_comment('done')\n"
    )
    env = {
        **os.environ,
        "GITHUB_API_URL": fake_github_server.url,
        "GITHUB_TOKEN": ACTIONS_TOKEN,
        "GITHUB_REPOSITORY": REPO,
    }

    subprocess.run([sys.executable, str(script)], env=env, check=True, timeout=60)

    [issue] = fake.issues(REPO)
    assert (issue.title, issue.user, issue.labels) == ("From a subprocess", ACTIONS_LOGIN, ["minutes-bot"])
    assert [c.body for c in fake.comments(REPO, issue.number)] == ["done"]


def test_crash_in_process_escapes_except_exception_after_applying(fake):
    fake.crash("POST", f"/repos/{REPO}/issues")
    repo = client().get_repo(REPO)

    def careful_caller():
        try:
            repo.create_issue("Applied, then the run died")
        except Exception:  # a bot's broad handler must not swallow a simulated kill
            pytest.fail("SimulatedCrash was caught as an Exception")

    with pytest.raises(SimulatedCrash):
        careful_caller()
    assert [i.title for i in fake.issues(REPO)] == ["Applied, then the run died"]


def test_crash_over_http_holds_the_answer_until_the_client_is_killed(fake_github_server, tmp_path):
    fake = fake_github_server.fake
    fake.add_repo(REPO)
    fault = fake.crash("POST", f"/repos/{REPO}/issues/*/comments")
    script = tmp_path / "client.py"
    script.write_text(
        "import sys\n"
        "from github import Auth, Github\n"
        "g = Github(auth=Auth.Token(sys.argv[1]), base_url=sys.argv[2], retry=None, seconds_between_writes=0)\n"
        f"issue = g.get_repo('{REPO}').create_issue('Started')\n"
        "issue.create_comment('never answered')\n"
        "issue.create_comment('never sent')\n"
    )
    process = subprocess.Popen([sys.executable, str(script), ACTIONS_TOKEN, fake_github_server.url])
    try:
        assert fault.reached.wait(timeout=60)
        process.kill()
        process.wait(timeout=60)
    finally:
        fault.release()

    assert process.returncode != 0
    [issue] = fake.issues(REPO)
    assert [c.body for c in fake.comments(REPO, issue.number)] == ["never answered"]


def test_humans_editing_issues_move_updated_at(fake):
    issue = fake.add_issue(REPO, "Follow-up", author=ACTIONS_LOGIN, body="Due: 2025-09-24")
    fake.advance(days=3)

    fake.edit_issue(REPO, issue.number, as_user="alice", body="Due: 2025-10-01", labels=["snoozed"])
    fake.advance(days=1)
    fake.edit_issue(REPO, issue.number, as_user="alice", state="closed", state_reason="not_planned")

    got = client().get_repo(REPO).get_issue(issue.number)
    assert (got.body, [label.name for label in got.labels]) == ("Due: 2025-10-01", ["snoozed"])
    assert (got.state, got.state_reason, got.closed_by.login) == ("closed", "not_planned", "alice")
    assert got.updated_at == got.closed_at == fake.now
    assert list(client().get_repo(REPO).get_issues(state="open")) == []


def test_every_operation_of_the_subset_is_served(fake):
    """One PyGithub call per operation of the OpenAPI subset, each checked against it."""
    fake.add_pull(REPO, 5, "Reboot", "rarelph", "2025-09-01T00:00:00Z", files=["kernel/reboot.rs"])
    g = client()
    repo = g.get_repo(REPO)
    issue = repo.create_issue("Sweep", body="Every operation once")
    comment = issue.create_comment("c")
    repo.create_label("sweep", "ededed")
    calls = [
        lambda: list(repo.get_issues(state="all")),
        lambda: repo.get_issue(issue.number),
        lambda: issue.edit(body="edited"),
        lambda: list(issue.get_comments()),
        lambda: list(repo.get_issues_comments()),
        lambda: issue.get_comment(comment.id),
        lambda: comment.edit("c2"),
        lambda: list(repo.get_labels()),
        lambda: repo.get_label("sweep"),
        lambda: issue.add_to_labels("sweep"),
        lambda: list(issue.get_labels()),
        lambda: issue.set_labels("sweep", "more"),
        lambda: issue.remove_from_labels("more"),
        lambda: list(repo.get_assignees()),
        lambda: repo.has_in_assignees("alice"),
        lambda: issue.add_to_assignees("alice"),
        lambda: list(repo.get_pulls(state="all")),
        lambda: list(repo.get_pull(5).get_files()),
        lambda: list(g.search_issues(f"repo:{REPO} is:pr reboot")),
        lambda: g.get_rate_limit(),
        lambda: g.get_user("alice").name,
        lambda: client("pat-alice").get_user().login,
    ]
    for call in calls:
        call()
    missing_in_fake = [
        lambda: repo.get_contents("Meetings/devel-call-2025-09-17.md"),
        lambda: list(repo.get_commits(path="Meetings")),
        lambda: repo.get_commit("main"),
        lambda: repo.compare("main", "dev"),
    ]
    for call in missing_in_fake:
        with pytest.raises(GithubException) as error:
            call()
        assert error.value.status == 404

    served = {entry.operation for entry in fake.log}
    assert served == set(raw_spec()["info"]["x-subset-operations"])
    assert len(served) == 31
