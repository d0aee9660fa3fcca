"""`minutes-bot remind` end to end against the fake GitHub, with `--now` walking through weeks.

The follow-up issues are seeded as the process command writes them (its body renderer,
the bot's identity, its labels); people act through their own tokens, so every request,
the bot's and theirs, goes through the fake's OpenAPI contract checks.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from github import Auth, Github

from bot.app.cli import main
from bot.app.process import process
from bot.app.remind import remind
from bot.domain.config import parse_config
from bot.domain.issue_body import Owner
from bot.domain.markers import Marker, item_key, render_marker
from bot.github.client import GitHubClient
from bot.render.items import follow_up_body
from tests.fakegithub import ACTIONS_LOGIN, ACTIONS_TOKEN, FakeGitHub
from tests.fakegithub.core import SimulatedCrash

REPO = "acme/governance"
MINUTES = "Meetings/devel-call-2025-09-17.md"
CONFIG = """
series:
  - name: Dev Call
    directory: Meetings
    issues_repository: acme/governance
writes:
  min_interval_seconds: 0
reminders:
  digest_issue: {digest}
"""
FIRST_MONDAY = datetime(2025, 9, 22, 9, tzinfo=UTC)
BOT = Path(sys.executable).with_name("minutes-bot")


class Deployment:
    """The fake GitHub, a config file, and people with tokens; `run` is one scheduled run."""

    def __init__(
        self, fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, digest: bool
    ) -> None:
        self.fake = fake
        self.config = tmp_path / "minutes-bot.yml"
        self.config.write_text(CONFIG.format(digest=str(digest).lower()), encoding="utf-8")
        self.summary = tmp_path / "summary.md"
        self.cache: Path | None = None  # the run cache file, when the test sets one
        for name, value in {
            "GITHUB_TOKEN": ACTIONS_TOKEN,
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_STEP_SUMMARY": str(self.summary),
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("GITHUB_API_URL", raising=False)
        fake.now = "2025-09-17T15:00:00Z"
        fake.add_repo(REPO)
        for login in ("alice", "bob"):
            fake.add_collaborator(REPO, login)
            fake.add_user(login, token=f"pat-{login}")

    def follow_up(self, item: str, owner: str | None, due: date | None = date(2025, 9, 24), **kwargs) -> int:
        marker = Marker(kind="follow-up", key=item_key(MINUTES, item))
        owners = [Owner(name=owner.title(), login=owner, assigned=True)] if owner else []
        text = follow_up_body(
            owners=owners,
            unresolved=[],
            due=due,
            quote=f"{owner or 'Someone'} will {item}.",
            series="Dev Call",
            meeting_date=date(2025, 9, 17),
            path=MINUTES,
            line=7,
            link=f"https://github.com/{REPO}/blob/abc123/{MINUTES}#L7",
            marker=marker,
        )
        issue = self.fake.add_issue(
            REPO,
            item.capitalize(),
            author=kwargs.pop("author", ACTIONS_LOGIN),
            body=text,
            labels=("minutes-bot", "follow-up"),
            assignees=(owner,) if owner else (),
            **kwargs,
        )
        return issue.number

    def person(self, login: str):
        return Github(auth=Auth.Token(f"pat-{login}"), retry=None).get_repo(REPO)

    def run(self, now: datetime, *extra: str) -> int:
        self.fake.now = now
        cache = ["--cache", str(self.cache)] if self.cache else []
        return main(["remind", "--config", str(self.config), "--now", now.isoformat(), *cache, *extra])

    def comment_reads(self) -> list[int]:
        """The issues whose comments the bot listed, one entry per request."""
        return [
            int(e.path.split("/")[-2])
            for e in self.fake.log
            if e.operation == "issues/list-comments" and e.login == ACTIONS_LOGIN
        ]

    def bot_comments(self, number: int) -> list[str]:
        return [c.body for c in self.fake.comments(REPO, number) if c.user == ACTIONS_LOGIN]

    def weekly(self, numbers: list[int], weeks: int, between=None) -> dict[int, list[int]]:
        """Reminders posted on each issue in each weekly run; `between(week)` acts after each run."""
        counts: dict[int, list[int]] = {n: [] for n in numbers}
        for week in range(weeks):
            before = {n: len(self.bot_comments(n)) for n in numbers}
            assert self.run(FIRST_MONDAY + timedelta(weeks=week)) == 0
            for n in numbers:
                counts[n].append(len(self.bot_comments(n)) - before[n])
            if between:
                between(week)
        return counts


@pytest.fixture
def deployment(fake_github, tmp_path, monkeypatch) -> Deployment:
    return Deployment(fake_github, tmp_path, monkeypatch, digest=False)


@pytest.fixture
def digest_deployment(fake_github, tmp_path, monkeypatch) -> Deployment:
    return Deployment(fake_github, tmp_path, monkeypatch, digest=True)


@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "run cache"])
def test_weeks_of_reminders_with_people_acting_in_between(deployment, tmp_path, cached):
    d = deployment
    d.cache = tmp_path / "cache.json" if cached else None
    quiet = d.follow_up("post the patches", "alice")
    answered = d.follow_up("review the design", "bob")
    snoozed = d.follow_up("write the docs", "alice")
    closed = d.follow_up("open an issue", "bob")
    moved = d.follow_up("test on hardware", "alice")
    no_due = d.follow_up("ask upstream", None, due=None)
    locked = d.follow_up("rebase the branch", "bob", locked=True)
    foreign = d.follow_up("look into it", "alice", author="alice")  # a copy of the bot's body by a person

    def people(week: int) -> None:
        d.fake.now = FIRST_MONDAY + timedelta(weeks=week, days=2)
        if week == 1:
            d.person("bob").get_issue(answered).create_comment("Half done, the rest next week.")
            d.person("alice").get_issue(snoozed).add_to_labels("snoozed")
            d.person("bob").get_issue(closed).edit(state="closed")
            issue = d.person("alice").get_issue(moved)
            issue.edit(body=issue.body.replace("Due: 2025-09-24", "Due: 2025-10-24"))

    numbers = [quiet, answered, snoozed, closed, moved, no_due, locked, foreign]
    counts = d.weekly(numbers, 8, people)
    # Mondays: 09-22 (not due yet), 09-29, 10-06, 10-13, 10-20, 10-27, 11-03, 11-10
    assert counts[quiet] == [0, 1, 1, 1, 0, 0, 0, 0]
    assert counts[answered] == [0, 1, 0, 1, 1, 1, 0, 0]  # Bob's comment on 10-01 resets the count
    assert counts[snoozed] == [0, 1, 0, 0, 0, 0, 0, 0]
    assert counts[closed] == [0, 1, 0, 0, 0, 0, 0, 0]
    assert counts[moved] == [0, 1, 0, 0, 0, 1, 1, 1]  # the new Due: 2025-10-24 is honoured
    assert counts[no_due] == [0, 1, 1, 1, 0, 0, 0, 0]
    assert counts[locked] == [0] * 8
    assert counts[foreign] == [0] * 8
    first = d.bot_comments(quiet)[0]
    assert first.startswith("@alice: this is a reminder of this follow-up from the Dev Call of 2025-09-17")
    assert "due on 2025-09-24, 5 days ago" in first and "`snoozed` label" in first
    assert "No owner is recorded" in d.bot_comments(no_due)[0]
    summary = d.summary.read_text(encoding="utf-8")
    assert "| due | reminded | skipped | stopped |" in summary
    last = summary.split("## Reminders")[-1]  # 11-10: #5 reminded, three stopped, snoozed and locked skipped
    assert "| 4 | 1 | 2 | 3 |" in last, last


def test_with_the_run_cache_comments_are_read_only_after_someone_acts(deployment, tmp_path):
    d = deployment
    d.cache = tmp_path / "cache.json"
    quiet = d.follow_up("post the patches", "alice")
    answered = d.follow_up("review the design", "bob")
    counts = d.weekly([quiet, answered], 6)
    assert counts[quiet] == counts[answered] == [0, 1, 1, 1, 0, 0]
    assert d.comment_reads() == []  # the bot's own reminders are all there is, and it knows them
    d.fake.now = FIRST_MONDAY + timedelta(weeks=6, days=1)
    d.person("bob").get_issue(answered).create_comment("Done in the next release.")
    assert d.run(FIRST_MONDAY + timedelta(weeks=7)) == 0
    assert d.comment_reads() == [answered]
    assert len(d.bot_comments(answered)) == 3  # Bob's comment pauses reminders for a week
    assert d.run(FIRST_MONDAY + timedelta(weeks=8)) == 0
    assert len(d.bot_comments(answered)) == 4 and d.comment_reads() == [answered]


def test_a_lost_run_cache_reads_again_and_posts_nothing_twice(deployment, tmp_path):
    d = deployment
    d.cache = tmp_path / "cache.json"
    number = d.follow_up("post the patches", "alice")
    assert d.run(FIRST_MONDAY + timedelta(weeks=1)) == 0
    d.cache.unlink()
    assert d.run(FIRST_MONDAY + timedelta(weeks=1, hours=3)) == 0
    assert d.comment_reads() == [number]
    assert len(d.bot_comments(number)) == 1


def test_the_run_cache_can_be_named_by_the_environment(deployment, tmp_path, monkeypatch):
    d = deployment
    number = d.follow_up("post the patches", "alice")
    d.fake.add_comment(REPO, number, "Starting.", as_user="alice")
    monkeypatch.setenv("MINUTES_BOT_CACHE", str(tmp_path / "env-cache" / "bot.json"))
    for hours in (0, 3):
        assert d.run(FIRST_MONDAY + timedelta(weeks=1, hours=hours)) == 0
    assert d.comment_reads() == [number]  # the second run found the first one's cache
    assert (tmp_path / "env-cache" / "bot.json").is_file()


def test_rerun_in_the_same_week_posts_nothing(deployment):
    d = deployment
    d.follow_up("post the patches", "alice")
    d.follow_up("review the design", "bob")
    assert d.run(FIRST_MONDAY + timedelta(weeks=1)) == 0
    writes = len(d.fake.writes)
    assert writes == 3  # the snooze label, then two reminders
    assert d.fake.repo(REPO).label("snoozed") is not None
    for hours in (1, 30, 100):
        assert d.run(FIRST_MONDAY + timedelta(weeks=1, hours=hours)) == 0
    assert len(d.fake.writes) == writes


def test_lost_answer_is_not_posted_twice(deployment):
    d = deployment
    number = d.follow_up("post the patches", "alice")
    d.fake.drop("POST", f"/repos/{REPO}/issues/{number}/comments")
    assert d.run(FIRST_MONDAY + timedelta(weeks=1)) == 0
    assert d.run(FIRST_MONDAY + timedelta(weeks=1, hours=2)) == 0
    assert len(d.bot_comments(number)) == 1
    assert not d.fake.pending_faults


def test_write_budget_leaves_the_rest_for_a_later_run_the_same_week(deployment, capsys):
    d = deployment
    d.config.write_text(
        CONFIG.format(digest="false").replace(
            "min_interval_seconds: 0", "min_interval_seconds: 0\n  max_writes: 3"
        ),
        encoding="utf-8",
    )
    numbers = [d.follow_up(f"item {i}", "alice") for i in range(3)]
    assert d.run(FIRST_MONDAY + timedelta(weeks=1)) == 0
    assert sum(len(d.bot_comments(n)) for n in numbers) == 2
    assert "left for the next run" in capsys.readouterr().out
    summary = d.summary.read_text(encoding="utf-8")
    assert "| 3 | 2 | 1 | 0 |" in summary
    assert "| skipped | left for the next run (write budget of 3 spent) |" in summary
    assert d.run(FIRST_MONDAY + timedelta(weeks=1, days=1)) == 0
    assert [len(d.bot_comments(n)) for n in numbers] == [1, 1, 1]


def test_dry_run_prints_and_writes_nothing(deployment, capsys):
    d = deployment
    number = d.follow_up("post the patches", "alice")
    assert d.run(FIRST_MONDAY + timedelta(weeks=1), "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"Would comment on {REPO}#{number}" in out and "@alice: this is a reminder" in out
    assert d.fake.writes == []
    assert "(dry run)" in d.summary.read_text(encoding="utf-8")


def test_digest_mode_one_comment_a_week_on_the_digest_issue(digest_deployment):
    d = digest_deployment
    first = d.follow_up("post the patches", "alice")
    second = d.follow_up("review the design", "bob", due=date(2025, 10, 1))
    for week in range(6):
        assert d.run(FIRST_MONDAY + timedelta(weeks=week)) == 0
        assert d.run(FIRST_MONDAY + timedelta(weeks=week, hours=3)) == 0  # reruns post nothing
    digest = [i for i in d.fake.issues(REPO) if i.title == "Weekly digest of open follow-ups"]
    assert len(digest) == 1 and digest[0].user == ACTIONS_LOGIN
    assert digest[0].labels == ["minutes-bot"]
    assert f"### @alice\n\n- #{first} " in digest[0].body and f"#{second}" not in digest[0].body
    weekly = d.bot_comments(digest[0].number)
    # week 1 in the issue body (#first); weeks 2, 3 list both; week 4 only #second; then both stopped
    assert len(weekly) == 3
    assert [(f"#{first} " in c, f"#{second} " in c) for c in weekly] == [
        (True, True),
        (True, True),
        (False, True),
    ]
    assert d.bot_comments(first) == [] and d.bot_comments(second) == []


def test_bad_now_is_one_clear_line(deployment, capsys):
    assert main(["remind", "--config", str(deployment.config), "--now", "next tuesday"]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == "minutes-bot: minutes-bot remind: argument --now: not an ISO 8601 date or time: 'next tuesday'\n"
    )


def test_without_a_token_one_clear_line(deployment, monkeypatch, capsys):
    monkeypatch.delenv("GITHUB_TOKEN")
    assert deployment.run(FIRST_MONDAY, "--dry-run") == 2
    assert capsys.readouterr().err.startswith("minutes-bot: GITHUB_TOKEN is not set")
    assert deployment.fake.log == []


PROCESSED_MINUTES = """# Dev Call (September 17th, 2025)

## Docs

* Ada Lovelace agreed to write the release notes by Friday.
* Bob Builder will review the design document next week.
"""


def test_reminds_the_follow_ups_the_process_command_opened(fake_github, tmp_path, monkeypatch):
    fake_github.now = "2025-09-18T09:00:00Z"
    fake_github.add_repo(REPO)
    fake_github.add_collaborator(REPO, "ada")  # bob is not assignable: the body mentions him
    (tmp_path / "Meetings").mkdir()
    (tmp_path / "Meetings" / "devel-call-2025-09-17.md").write_text(PROCESSED_MINUTES, encoding="utf-8")
    config = parse_config(
        CONFIG.format(digest="false")
        + "people:\n  - {name: Ada Lovelace, github: ada}\n  - {name: Bob Builder, github: bob}\n",
        "c.yml",
    )
    env = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_SHA": "c0ffee"}
    assert (
        process(
            config, tmp_path, env, dry_run=False, now=datetime(2025, 9, 18, tzinfo=UTC), out=io.StringIO()
        )
        == 0
    )
    follow_ups = [i for i in fake_github.issues(REPO) if "follow-up" in i.labels]
    meeting = next(i for i in fake_github.issues(REPO) if "meeting" in i.labels)
    assert len(follow_ups) == 2
    for week in (1, 2, 2):
        now = datetime(2025, 9, 22, 9, tzinfo=UTC) + timedelta(weeks=week)
        fake_github.now = now
        assert remind(config, env, dry_run=False, now=now, out=io.StringIO()) == 0
    by_title = {i.title: fake_github.comments(REPO, i.number) for i in follow_ups}
    assert [len(c) for c in by_title.values()] == [2, 2]  # weeks 1 and 2; the rerun posts nothing
    ada = next(c for t, c in by_title.items() if "Ada" in t)
    bob = next(c for t, c in by_title.items() if "Bob" in t)
    assert ada[0].body.startswith(
        "@ada: this is a reminder of this follow-up from the Dev Call of 2025-09-17"
    )
    assert bob[0].body.startswith("@bob: this is a reminder")
    assert fake_github.comments(REPO, meeting.number) == []


def test_github_failing_a_reminder_exits_1_and_a_later_run_posts_it_once(deployment, capsys):
    d = deployment
    number = d.follow_up("post the patches", "alice")
    d.fake.fail("POST", f"/repos/{REPO}/issues/{number}/comments", 502, times=3)
    config = parse_config(d.config.read_text(encoding="utf-8"), "c.yml")
    env = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": REPO, "GITHUB_STEP_SUMMARY": str(d.summary)}
    now = FIRST_MONDAY + timedelta(weeks=1)
    d.fake.now = now
    client = GitHubClient.from_env(config, env, sleep=lambda _: None)
    assert remind(config, env, dry_run=False, now=now, client=client) == 1
    assert d.bot_comments(number) == []
    assert f"#{number} Post the patches | `alice` | 2025-09-24 | skipped | not posted: GitHub error 502" in (
        d.summary.read_text(encoding="utf-8")
    )
    assert "502" in capsys.readouterr().err
    assert d.run(now + timedelta(hours=1)) == 0
    assert d.run(now + timedelta(hours=2)) == 0
    assert len(d.bot_comments(number)) == 1


def test_crash_mid_run_then_rerun_the_same_week_posts_each_reminder_once(deployment):
    d = deployment
    numbers = [d.follow_up(f"item {i}", "alice") for i in range(3)]
    d.fake.crash("POST", f"/repos/{REPO}/issues/{numbers[1]}/comments")  # applied, then the run dies
    with pytest.raises(SimulatedCrash):
        d.run(FIRST_MONDAY + timedelta(weeks=1))
    assert [len(d.bot_comments(n)) for n in numbers] == [1, 1, 0]
    assert d.run(FIRST_MONDAY + timedelta(weeks=1, hours=1)) == 0
    assert [len(d.bot_comments(n)) for n in numbers] == [1, 1, 1]


def test_installed_command_against_a_local_server(fake_github_server, tmp_path):
    fake = fake_github_server.fake
    fake.now = "2025-09-17T15:00:00Z"
    fake.add_repo(REPO)
    body = f"Owners: Alice (@alice)\nDue: 2025-09-24\n\n{render_marker(Marker(kind='follow-up', key=MINUTES + '#1'))}"
    fake.add_issue(
        REPO, "Post the patches", author=ACTIONS_LOGIN, body=body, labels=("minutes-bot", "follow-up")
    )
    config = tmp_path / "minutes-bot.yml"
    config.write_text(CONFIG.format(digest="false"), encoding="utf-8")
    env = {
        **os.environ,
        "GITHUB_TOKEN": ACTIONS_TOKEN,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": fake_github_server.url,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    for week in (1, 1, 2):
        now = FIRST_MONDAY + timedelta(weeks=week)
        fake.now = now
        done = subprocess.run(
            [str(BOT), "remind", "--config", str(config), "--now", now.isoformat()],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    comments = [c.body for c in fake.comments(REPO, 1)]
    assert len(comments) == 2
    assert comments[0].startswith("@alice: this is a reminder") and "reminder 2 of at most 3" in comments[1]
    assert "| due | reminded | skipped | stopped |" in (tmp_path / "summary.md").read_text(encoding="utf-8")
