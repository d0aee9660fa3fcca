"""The installed `minutes-bot process`, run as a subprocess against the fake GitHub on 127.0.0.1.

Faults are injected on the server; a run may be killed at any moment. Whatever happens, the
next run must leave every expected issue and comment on GitHub exactly once, and a run
after completion must write nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.domain.markers import find_marker
from bot.domain.models import ExtractOutput
from bot.plan.items import follow_up_key, meeting_key
from tests.fakegithub import ACTIONS_TOKEN
from tests.support.markdown import assert_safe

BOT = Path(sys.executable).with_name("minutes-bot")
META = "org/meta"
CODE = "org/code"
PATH = "Notes/call-2025-09-17.md"
MINUTES = """# Dev Call (September 17th, 2025)

## Docs

* Ada Lovelace agreed to write the release notes by Friday.
* Bob Builder will review PR 808 next week.
* Ada plans to thank @octocat for #123 <!-- minutes-bot {"kind": "meeting", "key": "forged"} --> soon.

## CI

* Bob offered to fix the flaky CI job in #900.
* Ada will ask Paolo about the test matrix.
"""
CONFIG = """
people:
  - {name: Ada Lovelace, github: ada, aliases: [Ada]}
  - {name: Bob Builder, github: bob, aliases: [Bob]}
pull_requests:
  repositories: [org/code]
series:
  - name: Dev Call
    directory: Notes
    pattern: "call-*.md"
    issues_repository: org/meta
writes:
  max_writes: %(max_writes)d
  min_interval_seconds: %(interval)s
  max_rate_limit_wait_seconds: 5
  retry_backoff_seconds: 0.1
"""
PULLS = [
    {"number": 808, "title": "Release notes tooling", "user": "carol", "created_at": "2025-09-01T00:00:00Z"},
    {"number": 900, "title": "Flaky CI job", "user": "dave", "created_at": "2025-09-02T00:00:00Z"},
]

pytestmark = pytest.mark.skipif(
    not BOT.exists(), reason="the console script is not installed (make test installs it)"
)


def commit_minutes(root: Path, files: dict[str, str]) -> None:
    """Minutes committed to the checkout, as a maintainer pushes them."""
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    git = shutil.which("git")
    if git:
        identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
        if not (root / ".git").exists():
            subprocess.run([git, "init", "-q", str(root)], check=True)
        subprocess.run([git, "-C", str(root), "add", "Notes"], check=True)
        subprocess.run([git, "-C", str(root), *identity, "commit", "-qm", "minutes"], check=True)


@pytest.fixture
def checkout(tmp_path):
    """A git checkout of the minutes, as actions/checkout leaves it."""
    commit_minutes(tmp_path, {PATH: MINUTES})
    return tmp_path


@pytest.fixture
def server(fake_github_server):
    fake = fake_github_server.fake
    fake.now = "2025-09-18T09:00:00Z"
    fake.add_repo(META)
    fake.add_repo(CODE)
    fake.add_collaborator(META, "ada")
    for pull in PULLS:
        fake.add_pull(CODE, pull["number"], pull["title"], pull["user"], pull["created_at"])
    return fake_github_server


def write_config(root: Path, max_writes: int = 50, interval: float = 0) -> Path:
    path = root / "minutes-bot.yml"
    path.write_text(CONFIG % {"max_writes": max_writes, "interval": interval}, encoding="utf-8")
    return path


def environment(server, root: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "GITHUB_REPOSITORY": "org/minutes",
        "GITHUB_STEP_SUMMARY": str(root / "summary.md"),
    }
    if server is not None:
        env |= {"GITHUB_API_URL": server.url, "GITHUB_TOKEN": ACTIONS_TOKEN}
    return env | extra


def process(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BOT), "process", "--minutes-dir", str(root), *args],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def expected(root: Path, config: Path) -> ExtractOutput:
    """What the installed extractor finds, with the same pull request list the fake serves."""
    pulls = root / "pulls.json"
    pulls.write_text(
        json.dumps(
            [
                {
                    "number": p["number"],
                    "title": p["title"],
                    "user": {"login": p["user"]},
                    "state": "open",
                    "created_at": p["created_at"],
                    "base": {"repo": {"full_name": CODE}},
                }
                for p in PULLS
            ]
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(BOT), "extract", "--config", str(config), "--pulls", str(pulls), "--format", "json", PATH],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return ExtractOutput.model_validate_json(done.stdout)


def assert_complete_exactly_once(fake, output: ExtractOutput) -> None:
    (meeting,) = output.meetings
    issues = fake.issues(META)
    bodies = [i.body for i in issues]
    keys = [b[b.rindex("<!-- minutes-bot") :] for b in bodies]
    assert len(keys) == len(set(keys)), "a duplicate issue"
    wanted = {follow_up_key(PATH, f) for f in meeting.follow_ups} | {meeting_key(PATH)}
    assert {k.split('"key": "')[1].split('"')[0] for k in keys} == wanted
    assert '"kind": "meeting"' in keys[-1], "the meeting issue is the last write"
    served = {(CODE, p["number"]) for p in PULLS}
    targets = {(r.repository, r.number) for r in meeting.references}
    assert targets & served, "the minutes discuss pull requests the fake serves"
    for target in targets & served:
        assert len(fake.comments(*target)) == 1, f"comments on {target}"
    for body in bodies + [c.body for c in fake.comments(CODE)]:
        assert body.count("<!--") == 1 and "@octocat" not in body and "#123" not in body


def test_two_runs_with_faults_end_exactly_once_and_the_second_writes_nothing(server, checkout):
    fake = server.fake
    config = write_config(checkout)
    output = expected(checkout, config)
    fake.fail("POST", f"/repos/{META}/issues", 502)
    fake.secondary_rate_limit("POST", f"/repos/{META}/issues", retry_after=1)
    fake.drop("POST", f"/repos/{META}/issues")
    fake.fail("POST", f"/repos/{META}/issues", 502, after=True)
    if output.meetings[0].references:
        fake.drop("POST", f"/repos/{CODE}/issues/*/comments")

    first = process(checkout, environment(server, checkout), "--config", str(config))
    assert first.returncode == 0, first.stderr
    assert not fake.pending_faults
    assert_complete_exactly_once(fake, output)
    sha = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if sha:
        assert f"https://github.com/org/minutes/blob/{sha}/{PATH}#L5" in "".join(
            i.body for i in fake.issues(META)
        )

    writes = len(fake.writes)
    second = process(checkout, environment(server, checkout), "--config", str(config))
    assert second.returncode == 0, second.stderr
    assert len(fake.writes) == writes
    assert "| 0 of 0 | 0 | 0 | 1 | 0 | 0 |" in (checkout / "summary.md").read_text(encoding="utf-8")


def test_a_small_write_budget_is_finished_by_later_runs(server, checkout):
    fake = server.fake
    config = write_config(checkout, max_writes=3)
    runs = 0
    while runs < 10:
        before = len(fake.writes)
        done = process(checkout, environment(server, checkout), "--config", str(config))
        assert done.returncode == 0, done.stderr
        assert len(fake.writes) - before <= 3
        runs += 1
        if len(fake.writes) == before:
            break
    assert runs > 2
    assert_complete_exactly_once(fake, expected(checkout, config))


def test_killed_mid_run_then_rerun_completes_without_duplicates(server, checkout):
    fake = server.fake
    config = write_config(checkout, interval=0.3)
    proc = subprocess.Popen(
        [str(BOT), "process", "--minutes-dir", str(checkout), "--config", str(config)],
        env=environment(server, checkout),
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(fake.writes) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    killed_after = len(fake.writes)
    assert killed_after >= 4
    assert min(fake.write_gaps()[: killed_after - 1]) >= 0.29, "mutating requests are paced"

    rerun = process(checkout, environment(server, checkout), "--config", str(write_config(checkout)))
    assert rerun.returncode == 0, rerun.stderr
    assert_complete_exactly_once(fake, expected(checkout, config))


def test_persistent_outage_exits_1_and_names_the_request(server, checkout):
    fake = server.fake
    config = write_config(checkout)
    fake.fail("POST", f"/repos/{META}/issues", 503, times=3)
    failed = process(checkout, environment(server, checkout), "--config", str(config))
    assert failed.returncode == 1
    lines = [line for line in failed.stderr.splitlines() if "503" in line]
    assert len(lines) == 1 and lines[0].startswith(f"minutes-bot: POST /repos/{META}/issues")
    assert "Traceback" not in failed.stderr
    again = process(checkout, environment(server, checkout), "--config", str(config))
    assert again.returncode == 0, again.stderr
    assert_complete_exactly_once(fake, expected(checkout, config))


def test_dry_run_without_a_token_prints_the_plan_offline(server, checkout):
    config = write_config(checkout)
    done = process(checkout, environment(None, checkout), "--config", str(config), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "* open issue in org/meta: Write the release notes by Friday (Ada Lovelace)" in done.stdout
    assert "Dev Call of 2025-09-17: follow-ups and pull requests discussed" in done.stdout
    assert server.fake.log == []


def test_bad_config_exits_2_with_one_line(checkout):
    done = process(checkout, environment(None, checkout), "--config", str(checkout / "missing.yml"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "missing.yml" in done.stderr


HOSTILE_MINUTES = """# Dev Call (September 17th, 2025)

* Ada will fix the `<!-- minutes-bot {` parser next week.
* Bob will ask `@octocat about #123` and review PR 808.
* Ada plans to read <img src=x onerror=alert(1)> and [this](javascript:alert(1)) by Friday.
  ::stop-commands::pwned ##[error]forged
"""


REFS = {f"#{n}" for n in range(1, 10)} | {"org/code#808"}  # the bot's own: issue numbers, the PR


def meeting_issues(fake) -> list:
    return [i for i in fake.issues(META) if '"kind": "meeting"' in i.body]


def test_hostile_minutes_run_three_times_open_one_meeting_issue_and_inject_nothing(server, tmp_path):
    fake = server.fake
    hostile_path = "Notes/call-2025-09-17 `@victim #1 --> [x](javascript:alert(1)) <b>.md"
    commit_minutes(tmp_path, {hostile_path: HOSTILE_MINUTES})
    config = write_config(tmp_path)
    runs = [process(tmp_path, environment(server, tmp_path), "--config", str(config)) for _ in range(3)]
    assert [run.returncode for run in runs] == [0, 0, 0], runs[0].stderr
    assert len(meeting_issues(fake)) == 1
    keys = [i.body[i.body.rindex("<!-- minutes-bot") :] for i in fake.issues(META)]
    assert len(keys) == len(set(keys)) == 4, "three follow-ups and one meeting issue, once each"
    for written in [*fake.issues(META), *fake.comments(CODE)]:
        assert_safe(written.body, find_marker(written.body), mentions={"ada", "bob", "carol"}, refs=REFS)
    for line in (runs[0].stdout + runs[0].stderr).splitlines():
        assert not line.strip().startswith("::") and "##[" not in line


def test_a_forged_marker_in_a_title_cannot_mark_a_future_meeting_done(server, tmp_path):
    fake = server.fake
    later = "Notes/call-2025-09-24.md"
    forged = f'<!-- minutes-bot {{"kind":"meeting","key":"{meeting_key(later)}"}} -->'
    commit_minutes(tmp_path, {PATH: f"# Dev Call (September 17th, 2025)\n\n* Ada will fix {forged}\n"})
    config = write_config(tmp_path)
    first = process(tmp_path, environment(server, tmp_path), "--config", str(config))
    assert first.returncode == 0, first.stderr
    commit_minutes(tmp_path, {later: "# Dev Call (September 24th, 2025)\n\n* Bob will write the FAQ.\n"})
    second = process(tmp_path, environment(server, tmp_path), "--config", str(config))
    assert second.returncode == 0, second.stderr
    assert len(meeting_issues(fake)) == 2
    assert any(i.title.startswith("Write the FAQ") for i in fake.issues(META))


def test_a_refused_pull_request_comment_keeps_the_meeting_open_until_a_rerun_writes_it(server, checkout):
    fake = server.fake
    config = write_config(checkout)
    output = expected(checkout, config)
    served = {(CODE, p["number"]) for p in PULLS}
    commented = {(r.repository, r.number) for r in output.meetings[0].references} & served
    fake.fail("POST", f"/repos/{CODE}/issues/*/comments", 403, times=len(commented))

    refused = process(checkout, environment(server, checkout), "--config", str(config))
    assert refused.returncode == 1
    assert f"the token needs `pull-requests: write` on {CODE}" in refused.stderr
    assert "1 meeting(s) unsettled" in refused.stderr and "Traceback" not in refused.stderr
    assert meeting_issues(fake) == [] and fake.comments(CODE) == []
    assert not fake.pending_faults

    fixed = process(checkout, environment(server, checkout), "--config", str(config))
    assert fixed.returncode == 0, fixed.stderr
    assert_complete_exactly_once(fake, output)
