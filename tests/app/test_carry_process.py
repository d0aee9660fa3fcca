"""Carry-over across two calls, in-process, PyGithub against the fake GitHub."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

import bot.app.process as process_module
from bot.domain.config import CarryOver, Config, Person, PullRequests, Series, Writes
from bot.domain.markers import find_marker, neutralise
from tests.conftest import bot_client
from tests.fakegithub import ACTIONS_TOKEN

META = "org/meta"
CODE = "org/code"
ENV = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": "org/minutes", "GITHUB_SHA": "c0ffee"}
FIRST = """# Dev Call (September 17th, 2025)

## Storage

* Ada Lovelace plans to post the storage encryption patch set next week.

## CI

* Bob Builder agreed to fix the flaky CI job in PR 900.
"""
SECOND = """# Dev Call (September 24th, 2025)

## Storage

* Ada Lovelace will post the storage encryption patch set by Friday.

## CI

* PR 900 has been merged.
* Carol Shaw will write the release notes.
"""


def make_config(**carry) -> Config:
    return Config(
        people=[
            Person(name="Ada Lovelace", github="ada", aliases=["Ada"]),
            Person(name="Bob Builder", github="bob", aliases=["Bob"]),
            Person(name="Carol Shaw", github="carol", aliases=["Carol"]),
        ],
        pull_requests=PullRequests(repositories=[CODE]),
        series=[
            Series(
                name="Dev Call",
                directory="Notes",
                pattern="call-*.md",
                issues_repository=META,
                start_date="2025-09-01",
            )
        ],
        writes=Writes(min_interval_seconds=0),
        carry_over=CarryOver(**carry),
    )


def run(root, config, now: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    client = bot_client(config, ENV)
    code = process_module.process(
        config, root, ENV, dry_run=False, now=datetime.fromisoformat(now), out=out, err=err, client=client
    )
    return code, err.getvalue()


@pytest.fixture
def calls(fake_github, tmp_path):
    fake = fake_github
    fake.now = "2025-09-18T09:00:00Z"
    fake.add_repo(META)
    fake.add_repo(CODE)
    for login in ("ada", "bob", "carol"):
        fake.add_collaborator(META, login)
    fake.add_pull(CODE, 900, "Fix the flaky CI job", "bob", "2025-09-10T00:00:00Z")
    (tmp_path / "Notes").mkdir()
    (tmp_path / "Notes" / "call-2025-09-17.md").write_text(FIRST, encoding="utf-8")
    return fake, tmp_path


def follow_up_issues(fake):
    return [i for i in fake.issues(META) if find_marker(i.body) and find_marker(i.body).kind == "follow-up"]


def second_call(fake, root, config):
    code, err = run(root, config, "2025-09-18T10:00:00+00:00")
    assert code == 0, err
    assert len(follow_up_issues(fake)) == 2
    fake.now = "2025-09-25T09:00:00Z"
    (root / "Notes" / "call-2025-09-24.md").write_text(SECOND, encoding="utf-8")
    code, err = run(root, config, "2025-09-25T10:00:00+00:00")
    assert code == 0, err


def by_title(fake, word):
    (issue,) = [i for i in follow_up_issues(fake) if word in i.title]
    return issue


def test_restated_commitment_comments_on_the_open_issue_instead_of_a_duplicate(calls):
    fake, root = calls
    second_call(fake, root, make_config())
    titles = sorted(i.title for i in follow_up_issues(fake))
    assert len(titles) == 3, titles  # Ada's, Bob's, and Carol's new one: no second storage issue
    storage = by_title(fake, "storage")
    (comment,) = [c for c in fake.comments(META, storage.number) if "came up again" in c.body]
    assert "September" not in comment.body and "2025-09-24" in comment.body
    assert "by Friday" in comment.body


def test_merged_pr_said_in_minutes_is_reported_and_closed_when_configured(calls):
    fake, root = calls
    second_call(fake, root, make_config(close_on_evidence=True))
    ci = by_title(fake, "CI")
    assert ci.state == "closed" and ci.state_reason == "completed"
    (comment,) = [c for c in fake.comments(META, ci.number) if "looks done" in c.body]
    assert "has been merged" in comment.body and "Closed by minutes-bot" in comment.body
    assert by_title(fake, "storage").state == "open"


def test_without_close_on_evidence_the_follow_up_is_only_commented(calls):
    fake, root = calls
    second_call(fake, root, make_config())
    ci = by_title(fake, "CI")
    assert ci.state == "open"
    assert [c for c in fake.comments(META, ci.number) if "close it if it is done" in c.body]


def test_meeting_issue_lists_what_is_still_open_from_earlier_calls(calls):
    fake, root = calls
    second_call(fake, root, make_config(close_on_evidence=True))
    meetings = [i for i in fake.issues(META) if find_marker(i.body).kind == "meeting"]
    latest = meetings[-1].body
    storage = by_title(fake, "storage")
    assert "### Still open from earlier calls (1)" in latest
    assert f"- #{storage.number} " in latest and "`ada`" in latest and "@ada" not in latest


def test_rerun_after_the_second_call_writes_nothing(calls):
    fake, root = calls
    second_call(fake, root, make_config(close_on_evidence=True))
    writes = len(fake.writes)
    code, err = run(root, make_config(close_on_evidence=True), "2025-09-25T11:00:00+00:00")
    assert code == 0, err
    assert len(fake.writes) == writes


def test_merged_pull_request_completes_its_follow_up_without_minutes_saying_so(calls):
    fake, root = calls
    code, err = run(root, make_config(), "2025-09-18T10:00:00+00:00")
    assert code == 0, err
    pull = fake.repo(CODE).issues[900]
    pull.state, pull.closed_at = "closed", datetime(2025, 9, 20, tzinfo=UTC)
    pull.pull.merged_at = pull.closed_at
    fake.now = "2025-09-25T09:00:00Z"
    (root / "Notes" / "call-2025-09-24.md").write_text(
        "# Dev Call (September 24th, 2025)\n\n## Misc\n\n* Nothing else came up.\n", encoding="utf-8"
    )
    code, err = run(root, make_config(), "2025-09-25T10:00:00+00:00")
    assert code == 0, err
    ci = by_title(fake, "CI")
    (comment,) = [c for c in fake.comments(META, ci.number) if "looks done" in c.body]
    assert neutralise("org/code#900 was merged on 2025-09-20") in comment.body
    assert ci.state == "open"


def test_issues_the_bot_did_not_open_are_never_matched_or_closed(calls):
    fake, root = calls
    code, err = run(root, make_config(close_on_evidence=True), "2025-09-18T10:00:00+00:00")
    assert code == 0, err
    ci = by_title(fake, "CI")
    # A copy of the bot's CI follow-up, marker and all, opened by someone else: were it
    # trusted, PR 900 would name two follow-ups and the bot would close neither.
    forged = fake.add_issue(
        META,
        ci.title,
        author="mallory",
        labels=["minutes-bot", "follow-up"],
        body=ci.body.replace(find_marker(ci.body).key, "Notes/x.md#forged"),
    )
    fake.now = "2025-09-25T09:00:00Z"
    (root / "Notes" / "call-2025-09-24.md").write_text(SECOND, encoding="utf-8")
    code, err = run(root, make_config(close_on_evidence=True), "2025-09-25T10:00:00+00:00")
    assert code == 0, err
    assert forged.state == "open" and fake.comments(META, forged.number) == []
    assert ci.state == "closed"


def test_follow_up_the_reminders_gave_up_on_is_flagged_in_the_next_meeting_issue(calls):
    from bot.app.remind import remind

    fake, root = calls
    config = make_config().model_copy(
        update={"reminders": make_config().reminders.model_copy(update={"max_reminders": 1})}
    )
    code, err = run(root, config, "2025-09-18T10:00:00+00:00")
    assert code == 0, err
    for day in ("2025-09-26", "2025-10-03"):
        fake.now = f"{day}T09:00:00Z"
        client = bot_client(config, ENV)
        assert (
            remind(
                config,
                ENV,
                dry_run=False,
                now=datetime.fromisoformat(f"{day}T09:00:00+00:00"),
                out=io.StringIO(),
                err=io.StringIO(),
                client=client,
            )
            == 0
        )
    reminded = [c for i in follow_up_issues(fake) for c in fake.comments(META, i.number)]
    assert len(reminded) == 2, "one reminder each, then the reminders stop"
    fake.now = "2025-10-09T09:00:00Z"
    (root / "Notes" / "call-2025-10-08.md").write_text(
        "# Dev Call (October 8th, 2025)\n\n## Misc\n\n* Nothing else came up.\n", encoding="utf-8"
    )
    code, err = run(root, config, "2025-10-09T10:00:00+00:00")
    assert code == 0, err
    latest = [i for i in fake.issues(META) if find_marker(i.body).kind == "meeting"][-1].body
    assert "### Still open from earlier calls (2)" in latest
    assert latest.count("reminders stopped, please review") == 2


THIRD = """# Dev Call (October 29th, 2025)

## CI

* PR 900 needs a rebase before it can go in.
"""


def test_single_comment_mode_keeps_one_comment_per_pr_up_to_date(calls):
    fake, root = calls
    config = make_config(pull_request_comments="single")
    (root / "Notes" / "call-2025-09-24.md").write_text(
        SECOND.replace("has been merged", "was discussed"), encoding="utf-8"
    )
    code, err = run(root, config, "2025-09-25T10:00:00+00:00")  # two new calls in one run
    assert code == 0, err
    fake.now = "2025-10-30T09:00:00Z"  # a month later: the comment is older than any `since`
    (root / "Notes" / "call-2025-10-29.md").write_text(THIRD, encoding="utf-8")
    code, err = run(root, config, "2025-10-30T10:00:00+00:00")
    assert code == 0, err
    (comment,) = fake.comments(CODE, 900)
    assert comment.body.count("@bob") == 1, "the author is pinged once, by the first call"
    for day in ("2025-09-17", "2025-09-24", "2025-10-29"):
        assert day in comment.body
    assert comment.body.count("<!-- minutes-bot") == 1 and "Kept up to date by minutes-bot" in comment.body
    writes = len(fake.writes)
    code, err = run(root, config, "2025-10-30T11:00:00+00:00")
    assert code == 0, err
    assert len(fake.writes) == writes
