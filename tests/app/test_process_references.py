"""What `process` comments on, against the fake GitHub, with the real extractor.

Only what the call discussed, only in the project's repositories, only the kinds that
`references.comment_on` asks for, never a PR it is unsure of; and a meeting that plans a
flood is held whole.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from bot.app.process import process
from bot.domain.config import Config, Person, PullRequests, References, Series, Writes
from bot.domain.state import RepoState
from bot.extract import extract
from bot.parse.minutes import read_minutes
from bot.plan.meeting import planned_writes
from tests.conftest import bot_client
from tests.fakegithub import ACTIONS_TOKEN

META = "org/meta"
CODE = "org/code"
ELSEWHERE = "other/elsewhere"
ENV = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": "org/minutes", "GITHUB_SHA": "c0ffee"}
PATH = "Notes/call-2026-03-10.md"
AFTER_CALL = datetime(2026, 3, 11, tzinfo=UTC)

# An agenda as projects that build it from labelled issues write it: a title and a link
# per item, the notes under it, and some items the call never reached.
AGENDA = """# Cross Project Call (March 10th, 2026)

## Agenda

* Release script [#11](https://github.com/org/code/pull/11)
  * Ada demoed the new release script; everyone liked it.
* Flaky test triage [#12](https://github.com/org/code/pull/12)
  * not discussed
* Docs overhaul [#13](https://github.com/org/code/pull/13) (skipped)
* Website redesign [#14](https://github.com/org/code/pull/14) - deferred to the next meeting
* Labels: [tsc-agenda](https://github.com/org/code/labels/tsc-agenda), [#15](https://github.com/org/code/pull/15)
* Security policy [#16](https://github.com/org/code/pull/16)
  * No update this week.
* Governance question [#20](https://github.com/org/code/issues/20)
  * Bob explained the open question about voting.
* Another project's plan, see other/elsewhere#5 and https://github.com/other/elsewhere/pull/6
  * Ada summarised it.

## Strategic initiatives

* skipped as we ran out of time
"""


def config(comment_on="pulls", people=None, **writes) -> Config:
    allow_large = writes.pop("allow_large", [])
    return Config(
        people=people
        or [
            Person(name="Ada Lovelace", github="ada", aliases=["Ada"]),
            Person(name="Bob Builder", github="bob", aliases=["Bob"]),
        ],
        pull_requests=PullRequests(repositories=[CODE]),
        series=[
            Series(
                name="Cross Project Call",
                directory="Notes",
                pattern="call-*.md",
                issues_repository=META,
                allow_large=allow_large,
            )
        ],
        references=References(comment_on=comment_on),
        writes=Writes(min_interval_seconds=0, **writes),
    )


def world(fake, root, minutes=AGENDA, path=PATH):
    fake.now = "2026-03-11T09:00:00Z"
    for repository in (META, CODE, ELSEWHERE):
        fake.add_repo(repository)
    for number in (11, 12, 13, 14, 15, 16):
        fake.add_pull(CODE, number, f"Change {number}", "carol", "2026-03-01T00:00:00Z")
    fake.add_issue(CODE, "Voting rules", author="dave", number=20)
    fake.add_issue(ELSEWHERE, "Their plan", author="erin", number=5)
    fake.add_pull(ELSEWHERE, 6, "Their change", "erin", "2026-03-01T00:00:00Z")
    (root / "Notes").mkdir(parents=True, exist_ok=True)
    (root / path).write_text(minutes, encoding="utf-8")
    return fake


def run(root, cfg, dry_run=False, env=ENV):
    out, err = io.StringIO(), io.StringIO()
    client = bot_client(cfg, env)
    code = process(cfg, root, env, dry_run=dry_run, now=AFTER_CALL, out=out, err=err, client=client)
    return code, out.getvalue(), err.getvalue()


def commented(fake) -> set[tuple[str, int]]:
    return {(repo, c.issue_number) for repo in (CODE, ELSEWHERE) for c in fake.comments(repo)}


def meeting_issue(fake):
    return next(i for i in fake.issues(META) if "meeting" in i.labels)


def test_an_agenda_gets_comments_only_on_what_the_call_discussed(fake_github, tmp_path):
    world(fake_github, tmp_path)
    code, _, err = run(tmp_path, config())
    assert code == 0, err
    assert commented(fake_github) == {(CODE, 11)}
    body = meeting_issue(fake_github).body
    section = body.split("### Not discussed (5)\n", 1)[1].split("###", 1)[0]
    for number in (12, 13, 14, 15, 16):
        assert f"org/code\\#\u200d{number}" in section
    assert "Release script" not in section


def test_comment_on_pulls_and_issues_comments_on_the_discussed_issue_too(fake_github, tmp_path):
    world(fake_github, tmp_path)
    run(tmp_path, config("pulls-and-issues"))
    assert commented(fake_github) == {(CODE, 11), (CODE, 20)}


def test_comment_on_none_comments_nowhere_but_lists_everything(fake_github, tmp_path):
    world(fake_github, tmp_path)
    run(tmp_path, config("none"))
    assert commented(fake_github) == set()
    body = meeting_issue(fake_github).body
    assert "org/code\\#\u200d11 (pull request; not commented on: references.comment\\_on is none)" in body
    assert "org/code\\#\u200d20 (issue; not commented on: references.comment\\_on is none)" in body


def test_the_issue_is_listed_but_not_commented_by_default(fake_github, tmp_path):
    world(fake_github, tmp_path)
    run(tmp_path, config())
    body = meeting_issue(fake_github).body
    assert (
        "org/code\\#\u200d20 (issue; not commented on: not a pull request (references.comment\\_on: pulls))"
        in body
    )


def test_another_projects_items_are_listed_inertly_and_never_commented(fake_github, tmp_path):
    world(fake_github, tmp_path)
    run(tmp_path, config("pulls-and-issues"))
    assert not fake_github.comments(ELSEWHERE)
    assert not [r for r in fake_github.reads if r.path.startswith(f"/repos/{ELSEWHERE}/issues")]
    body = meeting_issue(fake_github).body
    assert "other/elsewhere\\#\u200d5" in body and "other/elsewhere\\#\u200d6" in body
    assert not re.search(r"other/elsewhere#\d", body)


SHARED_FIRST_NAME = """# Dev Call (March 10th, 2026)

## Console

* Carlos said he prepared a small patch for the serial console.
"""


def test_a_first_name_two_pr_authors_share_comments_on_neither(fake_github, tmp_path):
    world(fake_github, tmp_path, SHARED_FIRST_NAME)
    fake_github.add_pull(
        CODE, 30, "serial: fix console output on early boot", "carlos-l", "2026-03-02T00:00:00Z"
    )
    fake_github.add_pull(CODE, 31, "ci: add a test for the documentation", "carlos-b", "2023-10-16T00:00:00Z")
    people = [
        Person(name="Carlos Lopez", github="carlos-l", aliases=[]),
        Person(name="Carlos Bilbao", github="carlos-b", aliases=[]),
    ]
    code, _, err = run(tmp_path, config(people=people))
    assert code == 0, err
    assert commented(fake_github) == set()
    body = meeting_issue(fake_github).body
    checks = body.split("### Please check", 1)[1]
    assert "Line 5 may mean org/code\\#\u200d30" in checks and "Carlos may be any of several people" in checks
    assert "@carlos" not in body


def action_table(rows: int) -> str:
    lines = ["# Dev Call (March 10th, 2026)", "", "## Actions", "", "| Owner | Action |", "| --- | --- |"]
    lines += [f"| Ada | Ada will check data set {i} by Friday. |" for i in range(rows)]
    return "\n".join(lines) + "\n"


def issue_table(rows: int) -> str:
    """A pasted export: a table with a column of issue numbers, one reference per row."""
    lines = ["# Dev Call (March 10th, 2026)", "", "## Backlog", "", "| Issue | Title |", "| --- | --- |"]
    lines += [f"| {1000 + i} | Imported item {i} |" for i in range(rows)]
    return "\n".join(lines) + "\n"


def test_a_flood_is_held_whole_and_says_how_to_let_it_through(fake_github, tmp_path):
    world(fake_github, tmp_path, issue_table(5000), path="Notes/call-2026-03-10 big table.md")
    env = {**ENV, "GITHUB_ACTIONS": "true"}
    code, out, err = run(tmp_path, config("pulls-and-issues"), env=env)
    assert code == 0, err
    assert fake_github.writes == []
    assert not [r for r in fake_github.reads if "/comments" in r.path], (
        "a held meeting costs no comment reads"
    )
    assert "held, nothing written: it plans 5001 issues and comments" in out
    assert "allow\\_large" in out and "writes.max\\_per\\_meeting (25)" in out
    annotation = next(line for line in err.splitlines() if line.startswith("::warning"))
    assert "file=Notes/call-2026-03-10 big table.md" in annotation and "allow_large" in annotation


def test_a_large_meeting_let_through_is_written_within_the_run_budget(fake_github, tmp_path):
    name = "call-2026-03-10 big table.md"
    world(fake_github, tmp_path, action_table(60), path=f"Notes/{name}")
    cfg = config(allow_large=[name], max_writes=30)
    code, out, err = run(tmp_path, cfg, dry_run=True)
    assert code == 0, err
    assert fake_github.writes == []
    assert len(re.findall(r"^\* open issue in org/meta", out, re.MULTILINE)) == 30
    findings = extract(read_minutes(action_table(60).encode(), f"Notes/{name}"), cfg)
    planned = planned_writes(
        findings, RepoState(repository=META, bot_login="bot"), cfg.references, cfg.pull_requests, META
    )
    assert planned > 30, "the table must plan more than one run's budget"
    # Every follow-up issue past the budget, and the meeting issue that comes after them.
    assert f"would be used this run; {planned - 30} write(s) left for the next run." in out
    assert "Write budget: 30 of 30 (writes.max_writes) would be used this run" in out

    code, out, err = run(tmp_path, cfg)
    writes = [w for w in fake_github.writes if w.path == f"/repos/{META}/issues"]
    assert len(writes) <= 30 and len(fake_github.writes) == 30
    assert "Write budget: 30 of 30 (writes.max_writes) used this run" in out
    labels = len([w for w in fake_github.writes if w.path.endswith("/labels")])
    assert f"used this run; {planned - (30 - labels)} write(s) left for the next run." in out
