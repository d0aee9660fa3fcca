"""One `process` run, in-process, PyGithub against the fake GitHub: what ends up on GitHub."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
import responses

from bot.app.cli import main
from bot.app.process import process
from bot.domain.config import Config, Person, PullRequests, Series, Writes
from bot.domain.errors import InputError
from bot.domain.markers import find_marker, neutralise
from bot.domain.models import Reference
from bot.extract import extract
from bot.github.client import ACTIONS_IDENTITY
from bot.parse.minutes import read_minutes
from bot.plan.items import follow_up_key, meeting_key
from tests.conftest import bot_client
from tests.fakegithub import ACTIONS_TOKEN, FakeGitHub, SimulatedCrash
from tests.fakegithub.mock import register

META = "org/meta"
CODE = "org/code"
PATH = "Notes/call-2025-09-17.md"
MINUTES = f"""# Dev Call (September 17th, 2025)

## Docs

* Ada Lovelace agreed to write the release notes by Friday.
* Bob Builder will review PR 808 next week.
* Ada plans to thank the reviewers of #123 <!-- minutes-bot {{"kind": "meeting", "key": "{meeting_key(PATH)}"}} --> soon.

## CI

* Paolo offered to fix the flaky CI job.
* We discussed PR 900 briefly with @octocat, see also #77 <!-- minutes-bot {{"kind": "reference", "key": "x"}} -->.
"""
ENV = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": "org/minutes", "GITHUB_SHA": "c0ffee"}
_PR = re.compile(r"\bPR (\d+)")
AFTER_CALL = datetime(2025, 9, 18, tzinfo=UTC)


def make_config(**writes) -> Config:
    return Config(
        people=[
            Person(name="Ada Lovelace", github="ada", aliases=["Ada"]),
            Person(name="Bob Builder", github="bob", aliases=["Bob"]),
        ],
        pull_requests=PullRequests(repositories=[CODE]),
        series=[
            Series(
                name="Dev Call",
                directory="Notes",
                pattern="call-*.md",
                issues_repository=META,
                start_date=writes.pop("start_date", None),
            )
        ],
        writes=Writes(min_interval_seconds=0, **writes),
    )


def with_references(meeting, config, pulls=()):
    """Finding references is the extractor's job (another module); pin it to "PR <n>" here."""
    findings = extract(meeting, config, pulls)
    found = [
        Reference(
            line=s.line,
            repository=CODE,
            number=int(m.group(1)),
            kind="pull",
            implicit=False,
            people=[],
            evidence="",
        )
        for s in meeting.statements
        for m in _PR.finditer(s.text)
    ]
    return findings.model_copy(update={"references": found})


@pytest.fixture
def world(fake_github, tmp_path):
    return setup(fake_github, tmp_path)


def setup(fake, root):
    fake.now = "2025-09-18T09:00:00Z"
    fake.add_repo(META)
    fake.add_repo(CODE)
    fake.add_collaborator(META, "ada")  # bob is not assignable in org/meta
    fake.add_pull(CODE, 808, "Release notes tooling", "carol", "2025-09-01T00:00:00Z")
    fake.add_pull(CODE, 900, "Flaky CI", "dave", "2025-09-02T00:00:00Z")
    (root / "Notes").mkdir(parents=True)
    (root / "Notes" / "call-2025-09-17.md").write_text(MINUTES, encoding="utf-8")
    return fake


def run(root, config=None, env=ENV, dry_run=False, now=AFTER_CALL, client=True):
    config = config or make_config()
    out, err = io.StringIO(), io.StringIO()
    github = None
    if client:
        github = bot_client(config, env)
    code = process(
        config, root, env, dry_run=dry_run, now=now, out=out, err=err, client=github, extract=with_references
    )
    return code, out.getvalue(), err.getvalue()


def expected_findings(root):
    meeting = read_minutes((root / PATH).read_bytes(), PATH)
    return with_references(meeting, make_config())


def bodies(fake):
    issues = fake.issues(META)
    comments = [c for repo in (META, CODE) for c in fake.comments(repo)]
    return [i.body for i in issues] + [c.body for c in comments]


def assert_complete_exactly_once(fake, findings):
    issues = fake.issues(META)
    keys = [find_marker(i.body).key for i in issues]
    assert len(keys) == len(set(keys)), "duplicate issue"
    follow_ups = {follow_up_key(PATH, f) for f in findings.follow_ups}
    assert set(keys) == follow_ups | {meeting_key(PATH)}
    assert find_marker(issues[-1].body).kind == "meeting", "the meeting issue is written last"
    for number in {r.number for r in findings.references}:
        assert len(fake.comments(CODE, number)) == 1
    assert all(i.user == ACTIONS_IDENTITY for i in issues)


def test_first_run_writes_everything_once_and_second_run_nothing(world, tmp_path):
    code, out, err = run(tmp_path)
    assert code == 0, err
    findings = expected_findings(tmp_path)
    assert findings.follow_ups, "the test minutes must give the extractor something to find"
    assert_complete_exactly_once(world, findings)
    issue_writes = [w for w in world.writes if w.path == f"/repos/{META}/issues"]
    assert len(issue_writes) == len(findings.follow_ups) + 1
    assert "| 1 of 1 |" in out

    writes = len(world.writes)
    code, out, _ = run(tmp_path)
    assert code == 0 and len(world.writes) == writes
    assert "| 0 of 0 | 0 | 0 | 1 | 0 | 0 |" in out


def test_follow_up_issue_content(world, tmp_path):
    run(tmp_path)
    ada = next(i for i in world.issues(META) if i.title.startswith("Write the release notes"))
    assert ada.title == "Write the release notes by Friday (Ada Lovelace)"
    assert ada.assignees == ["ada"]
    assert sorted(ada.labels) == ["follow-up", "minutes-bot"]
    assert "\nDue: 2025-09-19\n" in ada.body  # "by Friday" after the call of Wednesday 2025-09-17
    assert f"https://github.com/org/minutes/blob/c0ffee/{PATH}#L5" in ada.body
    bob = next(i for i in world.issues(META) if "Bob Builder" in i.title)
    assert bob.assignees == [] and "@bob" in bob.body  # not assignable here: mentioned instead


def test_pull_request_comment_tags_its_author(world, tmp_path):
    run(tmp_path)
    (comment,) = world.comments(CODE, 808)
    assert comment.body.startswith("@carol: This pull request was discussed in the [Dev Call of 2025-09-17]")
    assert "Bob Builder will review PR 808 next week." in comment.body


def test_meeting_issue_links_items_and_asks_about_what_is_unsure(world, tmp_path):
    run(tmp_path)
    meeting = world.issues(META)[-1]
    assert meeting.title == "Dev Call of 2025-09-17: follow-ups and pull requests discussed"
    assert sorted(meeting.labels) == ["meeting", "minutes-bot"]
    for issue in world.issues(META)[:-1]:
        assert f"#{issue.number} " in meeting.body
    assert "- org/code#808 (pull request)" in meeting.body
    paolo = next(i for i in world.issues(META) if "flaky CI" in i.body)
    assert f"- [ ] #{paolo.number}:" in meeting.body


def test_hostile_minutes_cannot_ping_link_or_forge(world, tmp_path):
    run(tmp_path)
    allowed = {"ada", "bob", "carol", "dave"}  # the roster and the pull request authors
    for body in bodies(world):
        assert body.count("<!--") == 1, "only the bot's own marker"
        assert set(re.findall(r"(?<![\w`])@([A-Za-z0-9-]+)", body)) <= allowed
        assert not re.search(r"(?<![\w&])#(123|77)\b", body)
    (comment,) = world.comments(CODE, 900)
    assert "@octocat" not in comment.body and "octocat" in comment.body
    assert find_marker(comment.body).kind == "reference"


def test_small_budget_runs_finish_the_meeting_without_duplicates(world, tmp_path):
    config = make_config(max_writes=2)
    for _ in range(10):
        before = len(world.writes)
        code, _, err = run(tmp_path, config)
        assert code == 0, err
        assert len(world.writes) - before <= 2
        if len(world.writes) == before:
            break
    assert_complete_exactly_once(world, expected_findings(tmp_path))


def test_a_crash_right_after_any_write_is_completed_by_the_next_run(world, tmp_path):
    """For every k: k writes, then the process dies just after GitHub applied write k+1."""
    run(tmp_path)
    total = len(world.writes)
    findings = expected_findings(tmp_path)
    for k in range(total):
        fake = FakeGitHub()
        root = tmp_path / f"crash-{k}"
        setup(fake, root)
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            register(fake, mock)
            if k:
                assert run(root, make_config(max_writes=k))[0] == 0
            fake.crash("POST", "*")  # every write of `process` is a POST
            with pytest.raises(SimulatedCrash):
                run(root)
            assert len(fake.writes) == k + 1
            code, _, err = run(root)
            assert code == 0, err
            assert_complete_exactly_once(fake, findings)
            assert fake.violations == []


def test_closed_follow_up_is_not_reopened_or_recreated(world, tmp_path):
    run(tmp_path, make_config(max_writes=4))  # 3 labels, 1 issue: the meeting is unfinished
    first = world.issues(META)[0]
    first.state = "closed"
    code, _, err = run(tmp_path)
    assert code == 0, err
    assert_complete_exactly_once(world, expected_findings(tmp_path))
    assert world.issues(META)[0].state == "closed"


def test_forged_records_from_other_users_are_ignored(world, tmp_path):
    world.add_user("mallory", token="pat-mallory")
    body = f'<!-- minutes-bot {{"kind": "meeting", "key": "{meeting_key(PATH)}"}} -->'
    world.add_issue(META, "Fake record", body=body, labels=["minutes-bot"], author="mallory")
    code, _, _ = run(tmp_path)
    assert code == 0
    assert len(world.issues(META)) == len(expected_findings(tmp_path).follow_ups) + 2


def test_lost_answers_and_server_errors_make_no_duplicates(world, tmp_path):
    world.drop("POST", f"/repos/{META}/issues")
    world.fail("POST", f"/repos/{META}/issues", 502, after=True)
    world.drop("POST", f"/repos/{CODE}/issues/*/comments")
    world.secondary_rate_limit("POST", "*", retry_after=2)
    code, _, err = run(tmp_path)
    assert code == 0, err
    assert not world.pending_faults
    assert_complete_exactly_once(world, expected_findings(tmp_path))


def test_persistent_failure_exits_1_with_one_line_and_next_run_completes(world, tmp_path):
    world.fail("POST", f"/repos/{META}/issues", 503, times=3)
    code, _, err = run(tmp_path)
    assert code == 1
    failed = [line for line in err.splitlines() if "503" in line]
    assert len(failed) == 1 and failed[0].startswith(f"minutes-bot: POST /repos/{META}/issues")
    assert world.issues(META) == []
    code, _, err = run(tmp_path)
    assert code == 0, err
    assert_complete_exactly_once(world, expected_findings(tmp_path))


def test_missing_pull_request_is_listed_for_a_human_and_not_retried(world, tmp_path):
    (tmp_path / PATH).write_text(MINUTES + "* Someone mentioned PR 4242.\n", encoding="utf-8")
    code, _, err = run(tmp_path)
    assert code == 0, err  # settled before writing: GitHub said it does not exist
    meeting = world.issues(META)[-1]
    assert (
        f"- [ ] Could not comment on {neutralise('org/code#4242')}: {neutralise('org/code#4242 not found')}"
        in meeting.body
    )
    writes = len(world.writes)
    assert run(tmp_path)[0] == 0 and len(world.writes) == writes


def test_only_the_newest_file_without_a_start_date(world, tmp_path):
    (tmp_path / "Notes" / "call-2025-09-10.md").write_text(
        "# Dev Call\n\n* Ada will do an old thing.\n", encoding="utf-8"
    )
    run(tmp_path)
    assert all("2025-09-10" not in i.body for i in world.issues(META))


def test_later_runs_take_every_file_newer_than_the_last_processed_meeting(world, tmp_path):
    run(tmp_path)
    notes = tmp_path / "Notes"
    (notes / "call-2025-09-10.md").write_text("# Dev Call\n\n* Ada will do an old thing.\n", encoding="utf-8")
    (notes / "call-2025-09-24.md").write_text(
        "# Dev Call\n\n* Ada will do the next thing.\n", encoding="utf-8"
    )
    (notes / "call-2025-10-01.md").write_text(
        "# Dev Call\n\n* Bob will do a later thing.\n", encoding="utf-8"
    )
    code, out, err = run(tmp_path, now=datetime(2025, 10, 2, tzinfo=UTC))
    assert code == 0, err
    assert "| 2 of 2 |" in out
    meetings = [i.title.split(":")[0] for i in world.issues(META) if "meeting" in i.labels]
    assert meetings == ["Dev Call of 2025-09-17", "Dev Call of 2025-09-24", "Dev Call of 2025-10-01"]


def test_start_date_processes_meetings_in_date_order(world, tmp_path):
    notes = tmp_path / "Notes"
    (notes / "call-2025-09-03.md").write_text(
        "# Dev Call\n\n* Ada will do the first thing.\n", encoding="utf-8"
    )
    (notes / "call-2025-09-10.md").write_text(
        "# Dev Call\n\n* Bob will do the second thing.\n", encoding="utf-8"
    )
    (notes / "call-2025-08-27.md").write_text("# Dev Call\n\n* Ada will do an old thing.\n", encoding="utf-8")
    code, _, err = run(tmp_path, make_config(start_date="2025-09-01"))
    assert code == 0, err
    meetings = [i.title for i in world.issues(META) if "meeting" in i.labels]
    assert [t.split(":")[0] for t in meetings] == [
        "Dev Call of 2025-09-03",
        "Dev Call of 2025-09-10",
        "Dev Call of 2025-09-17",
    ]


def test_unsafe_files_are_skipped_with_a_warning(world, tmp_path):
    notes = tmp_path / "Notes"
    (tmp_path / "outside.md").write_text("# Dev Call\n\n* Ada will leak.\n", encoding="utf-8")
    (notes / "call-2025-09-20.md").symlink_to(tmp_path / "outside.md")
    (notes / "call-2025-09-21.md").write_bytes(b"# Dev Call\n\n* Ada will \xff\xfe.\n")
    (notes / "call-2025-09-22.md").write_text(
        "# Dev Call\n\n* Ada will " + "x" * 2000 + "\n", encoding="utf-8"
    )
    code, _, err = run(tmp_path, make_config(max_file_bytes=1000, start_date="2025-09-01"))
    assert code == 0
    assert "call-2025-09-20.md: skipped, a symbolic link" in err
    assert "call-2025-09-21.md: not valid UTF-8" in err
    assert "call-2025-09-22.md: skipped, " in err and "max_file_bytes" in err
    assert [i.title.split(":")[0] for i in world.issues(META) if "meeting" in i.labels] == [
        "Dev Call of 2025-09-17"
    ]


def test_future_minutes_wait_for_their_day(world, tmp_path):
    code, _, err = run(tmp_path, now=datetime(2025, 9, 16, tzinfo=UTC))
    assert code == 0 and world.writes == []
    assert "after today" in err


def test_without_now_the_real_clock_holds_back_tomorrows_minutes(tmp_path, capsys):
    tomorrow = date.today() + timedelta(days=1)
    (tmp_path / "Notes").mkdir()
    (tmp_path / "Notes" / f"call-{tomorrow}.md").write_text("* Ada will write the notes.\n", encoding="utf-8")
    config = tmp_path / "minutes-bot.yml"
    config.write_text(
        "series:\n  - {name: Dev Call, directory: Notes, pattern: 'call-*.md', issues_repository: org/meta}\n",
        encoding="utf-8",
    )
    code = main(["process", "--dry-run", "--config", str(config), "--minutes-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0
    assert (
        f"call-{tomorrow}.md: skipped, dated {tomorrow} which is after today ({date.today()})" in captured.err
    )
    assert "open issue" not in captured.out


def test_dry_run_prints_the_plan_and_writes_nothing(world, tmp_path):
    code, out, _ = run(tmp_path, dry_run=True)
    assert code == 0 and world.writes == []
    assert "* open issue in org/meta: Write the release notes by Friday (Ada Lovelace)" in out
    assert "  assignees: ada" in out
    assert "* comment on org/code#808" in out
    assert "Dev Call of 2025-09-17: follow-ups and pull requests discussed" in out
    assert "(dry run: nothing written)" in out


def test_dry_run_without_token_needs_no_github(world, tmp_path):
    env = {"GITHUB_SHA": "c0ffee", "GITHUB_REPOSITORY": "org/minutes"}
    code, out, _ = run(tmp_path, env=env, dry_run=True, client=False)
    assert code == 0 and world.log == []
    assert "* open issue in org/meta:" in out


def test_job_summary_is_appended(world, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    run(tmp_path, env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")
    assert (
        "| Meetings | Created | Commented | Skipped (already done) | Left for next run | Problems |" in text
    )
    assert "| 1 of 1 |" in text


def test_a_series_whose_pattern_finds_nothing_says_so_in_the_job_summary(world, tmp_path):
    config = make_config()
    series = config.series[0].model_copy(update={"pattern": "devel-call-*.md"})  # the files are call-*.md
    config = config.model_copy(update={"series": [series]})
    summary = tmp_path / "summary.md"
    code, _, err = run(tmp_path, config, env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 0 and world.writes == []
    expected = "series 'Dev Call': no file in 'Notes' matches pattern 'devel-call-*.md'"
    assert expected in err
    shown = "- series 'Dev Call': no file in 'Notes' matches pattern 'devel-call-\\*.md', so nothing will be processed"
    assert f"Warnings:\n\n{shown}\n" in summary.read_text(encoding="utf-8")


def test_long_rate_limit_on_reads_stops_quietly_for_the_next_run(world, tmp_path):
    world.secondary_rate_limit("GET", f"/repos/{CODE}/pulls", retry_after=3600)
    code, out, err = run(tmp_path, make_config(max_rate_limit_wait_seconds=10))
    assert code == 0 and world.writes == []
    assert "rate limited" in err and "left for the next run" in err
    assert "| 0 of 1 |" in out


def test_minutes_folder_outside_the_checkout_is_refused(world, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "checkout"
    root.mkdir()
    (root / "Notes").symlink_to(elsewhere)
    with pytest.raises(InputError, match="outside the minutes checkout"):
        run(root)


def test_in_actions_problems_are_annotations_on_the_minutes_lines(world, tmp_path):
    (tmp_path / "Notes" / "call-2025-09-10.md").write_bytes(b"\xff\xfe not text")
    code, _, err = run(tmp_path, make_config(start_date="2025-09-01"), env=ENV | {"GITHUB_ACTIONS": "true"})
    assert code == 0, err
    assert "::warning file=Notes/call-2025-09-10.md,title=" in err and "not valid UTF-8" in err
    # Paolo is named as an owner but is not in the roster: the line is marked, nobody pinged.
    assert re.search(r"::warning file=Notes/call-2025-09-17\.md,line=\d+,.*Paolo", err)


def test_outside_actions_there_are_no_workflow_commands(world, tmp_path):
    code, _, err = run(tmp_path)
    assert code == 0, err
    assert "::warning" not in err


def test_permalinks_point_at_the_minutes_checkout_not_the_workflow_repository(world, tmp_path):
    """The workflow may run in the code repository and check the minutes out beside it."""
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "remote", "add", "origin", "https://github.com/org/governance.git"], check=True)
    subprocess.run([*git, "add", "Notes"], check=True)
    subprocess.run([*git, "commit", "-qm", "minutes", "--no-gpg-sign"], check=True)
    code, _, err = run(tmp_path, env=ENV | {"GITHUB_REPOSITORY": "org/code"})
    assert code == 0, err
    body = world.issues(META)[0].body
    assert "https://github.com/org/governance/blob/" in body and "github.com/org/code/blob" not in body


def test_a_refused_write_holds_its_meeting_and_the_later_ones_until_a_rerun(world, tmp_path):
    config = make_config(start_date=date(2025, 9, 1))
    (tmp_path / "Notes" / "call-2025-09-24.md").write_text(
        "# Dev Call\n\n* Ada will do the next thing.\n", encoding="utf-8"
    )
    world.fail("POST", f"/repos/{CODE}/issues/808/comments", 422)
    after_both = datetime(2025, 9, 25, tzinfo=UTC)
    code, out, err = run(tmp_path, config, now=after_both)
    assert code == 1 and "rejected (422)" in err and "1 meeting(s) unsettled" in err
    assert [i for i in world.issues(META) if "meeting" in i.labels] == []
    assert "| 0 of 2 |" in out
    code, out, err = run(tmp_path, config, now=after_both)
    assert code == 0, err
    meetings = [i.title.split(":")[0] for i in world.issues(META) if "meeting" in i.labels]
    assert meetings == ["Dev Call of 2025-09-17", "Dev Call of 2025-09-24"]
    assert len(world.comments(CODE, 808)) == 1


def test_next_meeting_due_dates_come_from_the_series_other_minutes(world, tmp_path):
    notes = tmp_path / "Notes"
    for day in ("2025-08-20", "2025-09-03"):
        (notes / f"call-{day}.md").write_text("# Dev Call\n\n* Nothing to note.\n", encoding="utf-8")
    (notes / PATH.split("/")[1]).write_text(
        "# Dev Call\n\n* Ada will circulate the survey results before the next meeting.\n", encoding="utf-8"
    )
    run(tmp_path)
    [issue] = [i for i in world.issues(META) if "survey" in i.title]
    assert "Due: 2025-10-01" in issue.body  # every two weeks: 08-20, 09-03, 09-17, so 10-01
