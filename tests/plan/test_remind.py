"""The reminder policy on plain values, with the clock walking through weeks.

`World` seeds the fake GitHub (tests/fakegithub) at exact minutes, then runs the real
path of `remind`: the adapter reads the state, the pure planner decides, the adapter's
`apply` writes, so each week's run reads back what the previous runs wrote, and no test
can pass on a behaviour only a hand-written applier has.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.app.cache import Cache
from bot.app.remind import read_state
from bot.domain.actions import CreateComment, CreateIssue
from bot.domain.config import Config, Series, parse_config
from bot.domain.markers import Marker, find_marker, item_key, neutralise, render_marker
from bot.domain.state import RepoState
from bot.github.client import WriteBudget
from bot.plan.remind import ReminderPlan, meeting_of, plan_reminders, settle, still_open_from_earlier_calls
from bot.plan.reminder_plan import iso_week
from bot.render.remind import render_dry_run, render_summary
from tests.conftest import bot_client
from tests.fakegithub import ACTIONS_LOGIN, FakeGitHub

REPO = "acme/governance"
MINUTES = "Meetings/devel-call-2025-09-17.md"
LABEL = "minutes-bot"
SEEDED_LABELS = {LABEL, "follow-up"}
CONFIG = parse_config(
    """
series:
  - name: Dev Call
    directory: Meetings
    issues_repository: acme/governance
writes:
  min_interval_seconds: 0
""",
    "c.yml",
)
DIGEST = CONFIG.model_copy(update={"reminders": CONFIG.reminders.model_copy(update={"digest_issue": True})})
_KEEP = object()  # `World.open(marker=...)` default: the follow-up marker of the item


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def mondays(first: str, count: int) -> list[datetime]:
    return [at(first) + timedelta(weeks=i) for i in range(count)]


def body(owners: str = "@alice", due: date | None = date(2025, 9, 24)) -> str:
    lines = ["> Alice plans to post the patches", "", f"Owners: {owners}"]
    if due:
        lines.append(f"Due: {due.isoformat()}")
    return "\n".join(lines)


class World:
    """The fake GitHub seen through the bot's client; `run` is one scheduled `remind` run."""

    def __init__(self, fake: FakeGitHub, config: Config = CONFIG) -> None:
        self.fake = fake
        self.config = config
        fake.now = at("2025-09-17")
        fake.add_repo(REPO)
        fake.add_user("ci-helper[bot]", type="Bot")
        self.client = bot_client(config)
        self.posted: list[tuple[datetime, CreateComment | CreateIssue]] = []

    def open(self, number: int, opened: str = "2025-09-17", text: str | None = None, **fields) -> None:
        """A follow-up issue as `process` opens it (the bot's identity, its marker, its labels)."""
        marker = fields.pop("marker", _KEEP)
        marker = (
            Marker(kind="follow-up", key=item_key(MINUTES, f"item {number}")) if marker is _KEEP else marker
        )
        text = body() if text is None else text
        self.fake.add_issue(
            REPO,
            f"Follow-up {number}",
            author=fields.pop("author", ACTIONS_LOGIN),
            body=f"{text}\n\n{render_marker(marker)}" if marker else text,
            labels=fields.pop("labels", ("minutes-bot", "follow-up")),
            created_at=at(opened, 15),
            number=number,
            **fields,
        )

    def change(self, number: int, when: datetime, **fields) -> None:
        """A person edits the issue at `when` (state, labels, assignees, body, title)."""
        self.fake.now = when
        self.fake.edit_issue(REPO, number, as_user="alice", **fields)

    def comment(self, number: int, author: str, when: datetime, text: str = "…") -> None:
        self.fake.add_comment(REPO, number, text, as_user=author, at=when)

    def state(self, now: datetime | None = None) -> RepoState:
        """What `remind` reads at `now` (default: the fake's clock)."""
        return read_state(self.client, REPO, LABEL, self.config.reminders, now or self.fake.now, Cache())

    def plan(self, now: datetime) -> ReminderPlan:
        self.fake.now = now
        return plan_reminders(self.state(now), self.config.reminders, self.config.series, now)

    def run(self, now: datetime) -> list[CreateComment | CreateIssue]:
        """The comments and issues this run wrote, as the adapter reports them."""
        plan = self.plan(now)
        report = self.client.apply(plan.actions, WriteBudget(self.config.writes.max_writes), recheck=False)
        assert not report.errors and not report.left
        posted = [a.action for a in report.done if isinstance(a.action, CreateComment | CreateIssue)]
        self.posted += [(now, action) for action in posted]
        return posted

    def reminders_on(self, number: int) -> list[date]:
        """The days the bot's reminder comments on the issue were written, as GitHub lists them."""
        return [
            c.created_at.date()
            for c in self.fake.comments(REPO, number)
            if c.user == ACTIONS_LOGIN and (marker := find_marker(c.body)) and marker.kind == "reminder"
        ]

    def newest(self) -> int:
        return max(issue.number for issue in self.fake.issues(REPO))

    def labels(self) -> set[str]:
        """Labels the runs created (beyond those the seeded issues carry)."""
        return {label.name for label in self.fake.repo(REPO).labels.values()} - SEEDED_LABELS


@pytest.fixture
def world(fake_github) -> World:
    return World(fake_github)


@pytest.fixture
def digest_world(fake_github) -> World:
    return World(fake_github, DIGEST)


def weekly_counts(world: World, runs: list[datetime], number: int) -> list[int]:
    counts = []
    for now in runs:
        before = len(world.reminders_on(number))
        world.run(now)
        counts.append(len(world.reminders_on(number)) - before)
    return counts


def test_overdue_follow_up_is_reminded_weekly_then_stops_after_max(world):
    world.open(1)  # due 2025-09-24, opened Wednesday 2025-09-17
    counts = weekly_counts(world, mondays("2025-09-22", 8), 1)
    assert counts == [0, 1, 1, 1, 0, 0, 0, 0]
    assert world.reminders_on(1) == [date(2025, 9, 29), date(2025, 10, 6), date(2025, 10, 13)]
    stopped = still_open_from_earlier_calls(
        world.state(at("2025-11-10")), CONFIG.reminders, CONFIG.series, at("2025-11-10")
    )
    assert [(s.number, s.reminders, s.owners) for s in stopped] == [(1, 3, ("alice",))]


def test_without_due_date_first_reminder_a_week_after_opening(world):
    world.open(2, text=body(due=None))
    world.run(at("2025-09-23"))  # six calendar days after opening
    assert world.reminders_on(2) == []
    world.run(at("2025-09-24", 8))  # seven calendar days, even if the cron starts early
    assert world.reminders_on(2) == [date(2025, 9, 24)]


def test_human_comment_resets_the_clock_and_the_count(world):
    world.open(1)
    runs = mondays("2025-09-22", 10)
    counts = []
    for now in runs:
        before = len(world.reminders_on(1))
        world.run(now)
        if now.date() == date(2025, 10, 6):
            world.comment(1, "alice", at("2025-10-08", 11))
        counts.append(len(world.reminders_on(1)) - before)
    # reminders 09-29 and 10-06; Alice answers 10-08; quiet until 10-15, then three more.
    assert counts == [0, 1, 1, 0, 1, 1, 1, 0, 0, 0]
    assert (
        still_open_from_earlier_calls(world.state(runs[-1]), CONFIG.reminders, CONFIG.series, runs[-1])[
            0
        ].reminders
        == 3
    )


def test_human_change_without_comment_counts_as_activity(world):
    world.open(1)
    world.run(at("2025-09-29"))
    world.change(1, at("2025-10-03", 12), assignees=("alice",))  # a human assigned it
    assert world.plan(at("2025-10-06")).actions == []
    assert len(world.run(at("2025-10-13"))) == 1


def test_bot_activity_does_not_reset_the_clock(world):
    world.open(1)
    counts = []
    for now in mondays("2025-09-22", 6):
        before = len(world.reminders_on(1))
        world.run(now)
        # another bot (CI, dependabot) comments, and the bot's own login without a marker
        world.comment(1, "ci-helper[bot]", now + timedelta(hours=2))
        world.comment(1, ACTIONS_LOGIN, now + timedelta(hours=3))
        counts.append(len(world.reminders_on(1)) - before)
    assert counts == [0, 1, 1, 1, 0, 0]


def test_snooze_label_stops_reminders(world):
    world.open(1)
    world.run(at("2025-09-29"))
    world.change(1, at("2025-09-30"), labels=("minutes-bot", "follow-up", "Snoozed"))
    assert weekly_counts(world, mondays("2025-10-06", 5), 1) == [0] * 5
    decision = world.plan(at("2025-11-10")).decisions[0]
    assert (decision.status, decision.triggered) == ("skip", False)
    assert "snoozed" in decision.reason


def test_closed_and_locked_issues_are_never_reminded(world):
    world.open(1, state="closed")
    world.open(2, locked=True)
    for now in mondays("2025-09-29", 4):
        assert world.run(now) == []
    plan = world.plan(at("2025-10-27"))
    assert plan.closed == 1
    assert [(d.number, d.reason) for d in plan.decisions] == [(2, "locked")]


def test_closing_mid_way_stops_reminders(world):
    world.open(1)
    world.run(at("2025-09-29"))
    world.change(1, at("2025-10-01"), state="closed")
    assert weekly_counts(world, mondays("2025-10-06", 3), 1) == [0, 0, 0]


def test_issues_the_bot_did_not_open_are_never_touched(world):
    world.open(1, author="mallory")  # a human copied the bot's marker into their own issue
    world.open(2, marker=None)  # labelled by hand, no marker
    world.open(3, marker=Marker(kind="meeting", key=MINUTES))
    assert all(world.run(now) == [] for now in mondays("2025-09-29", 3))
    assert world.plan(at("2025-10-20")).decisions == []


def test_changed_due_line_is_honoured(world):
    world.open(1)
    world.run(at("2025-09-29"))
    (issue,) = world.fake.issues(REPO)
    world.change(1, at("2025-10-01", 10), body=issue.body.replace("Due: 2025-09-24", "Due: 2025-10-31"))
    counts = weekly_counts(world, mondays("2025-10-06", 6), 1)
    assert counts == [0, 0, 0, 0, 1, 1]  # Nov 3 is the first Monday after Oct 31
    text = world.posted[-1][1].body
    assert "due on 2025-10-31, 10 days ago" in text


def test_rerun_in_the_same_week_posts_nothing(world):
    world.open(1)
    assert len(world.run(at("2025-09-29"))) == 1
    assert world.run(at("2025-09-29", 10)) == []
    assert world.run(at("2025-10-05", 23)) == []  # Sunday, same ISO week
    plan = world.plan(at("2025-10-02"))
    assert plan.decisions[0].reason == f"already reminded this week ({iso_week(date(2025, 10, 2))})"


def test_rerun_after_a_crash_whose_comment_is_not_listed_yet_posts_nothing(world):
    world.open(1)
    plan = world.plan(at("2025-09-29"))
    _, action = plan.actions  # the snooze label, then the reminder
    # Written, and remembered by the run cache, but the comment listing lags behind.
    state = world.state(at("2025-09-30"))
    lagging = state.model_copy(update={"markers": {**state.markers, action.marker.key: action.marker}})
    assert plan_reminders(lagging, CONFIG.reminders, CONFIG.series, at("2025-09-30")).actions == []


def test_daily_runs_still_remind_at_most_once_a_week(world):
    world.open(1, text=body(due=date(2025, 9, 26)))  # due Friday: first reminder Saturday
    days = [at("2025-09-22") + timedelta(days=i) for i in range(28)]
    for now in days:
        world.run(now)
    reminded = world.reminders_on(1)
    assert reminded == [date(2025, 9, 27), date(2025, 10, 4), date(2025, 10, 11)]
    assert len({iso_week(d) for d in reminded}) == len(reminded)


def test_issue_opened_after_its_due_date_waits_a_week(world):
    world.open(1, opened="2025-10-01")  # processed late: due 2025-09-24 already passed
    assert weekly_counts(world, mondays("2025-10-06", 2), 1) == [0, 1]


def test_reminder_names_owners_meeting_overdue_and_how_to_stop(world):
    world.open(1, assignees=("bob",), text=body(owners="@alice, Carol Unmapped, @\u200dmallory"))
    (action,) = world.run(at("2025-09-29"))
    assert action.body.startswith("@bob, @alice: this is a reminder")
    assert "mallory" not in action.body and "Carol" not in action.body
    assert "Dev Call of 2025-09-17" in action.body
    assert "due on 2025-09-24, 5 days ago" in action.body
    assert "close this issue" in action.body and "`snoozed` label" in action.body
    assert "`Due: YYYY-MM-DD`" in action.body
    assert action.marker == Marker(kind="reminder", key=f"reminder:{item_key(MINUTES, 'item 1')}:2025-W40")


def test_last_reminder_says_so_and_unowned_follow_up_asks_for_an_owner(fake_github):
    config = CONFIG.model_copy(update={"reminders": CONFIG.reminders.model_copy(update={"max_reminders": 1})})
    world = World(fake_github, config)
    world.open(1, text=body(owners="someone"))
    (action,) = world.run(at("2025-09-29"))
    assert action.body.startswith("This is a reminder")
    assert "No owner is recorded" in action.body
    assert "This is the last reminder" in action.body
    assert weekly_counts(world, mondays("2025-10-06", 2), 1) == [0, 0]


def test_disabled_reminders_plan_nothing(fake_github):
    config = CONFIG.model_copy(update={"reminders": CONFIG.reminders.model_copy(update={"enabled": False})})
    world = World(fake_github, config)
    world.open(1)
    plan = world.plan(at("2025-10-06"))
    assert plan.actions == [] and "disabled" in plan.note


def test_digest_mode_posts_one_weekly_comment_listing_each_owners_follow_ups(digest_world):
    world = digest_world
    world.open(1, assignees=("alice",), text=body(owners="@alice"))
    world.open(2, text=body(owners="@bob @alice", due=date(2025, 10, 1)))
    world.open(3, text=body(owners="@bob", due=date(2025, 12, 1)))
    first = world.run(at("2025-09-29"))
    assert [type(a) for a in first] == [CreateIssue]  # the digest issue, holding week 40's digest
    digest_number = world.newest()
    assert "### @alice\n\n- #1 " in first[0].body and "#2" not in first[0].body
    assert first[0].labels == ("minutes-bot",)
    assert world.run(at("2025-09-30")) == []  # rerun in the same week
    second = world.run(at("2025-10-06"))
    assert [(type(a), a.number) for a in second] == [(CreateComment, digest_number)]
    sections = second[0].body.split("### ")
    assert [s.split("\n")[0] for s in sections[1:]] == ["@alice", "@bob"]
    assert "#1 " in sections[1] and "#2 " in sections[1] and "#2 " in sections[2]
    assert "#3" not in second[0].body
    for now in mondays("2025-10-13", 3):
        world.run(now)
    # 5 weekly digests: #1 listed in weeks 40-42 then stopped; #2 in 41-43 then stopped
    assert len(world.posted) == 4
    assert not any(isinstance(a, CreateComment) and a.number in (1, 2, 3) for _, a in world.posted)
    stopped = still_open_from_earlier_calls(
        world.state(at("2025-11-03")), DIGEST.reminders, DIGEST.series, at("2025-11-03")
    )
    assert [s.number for s in stopped] == [1, 2]


def test_digest_counts_survive_switching_back_to_per_issue_comments(digest_world):
    world = digest_world
    world.open(1)
    world.run(at("2025-09-29"))
    world.run(at("2025-10-06"))
    world.config = CONFIG
    assert weekly_counts(world, mondays("2025-10-13", 2), 1) == [1, 0]


def test_closed_digest_issue_pauses_the_digest(digest_world):
    world = digest_world
    world.open(1)
    world.run(at("2025-09-29"))
    digest_number = world.newest()
    world.change(digest_number, at("2025-10-01"), state="closed")
    plan = world.plan(at("2025-10-06"))
    assert plan.actions == []
    assert f"#{digest_number} is closed" in plan.note


def test_summary_table_counts_and_reasons(world):
    world.open(1)
    world.open(2, labels=("minutes-bot", "follow-up", "snoozed"))
    world.open(3, text=body(due=date(2025, 12, 1)))
    world.open(4, state="closed")
    plan = world.plan(at("2025-09-29"))
    summary = render_summary(plan)
    assert "| due | reminded | skipped | stopped |" in summary
    assert "| 1 | 1 | 2 | 0 |" in summary
    assert "not due yet (due 2025-12-01)" in summary
    assert "1 closed follow-up ignored." in summary
    dry = render_dry_run(plan)
    assert f"Would comment on {REPO}#1" in dry and "would remind" in dry


def test_titles_in_the_digest_cannot_ping(digest_world):
    world = digest_world
    world.open(1)
    world.change(1, at("2025-09-17", 15), title="Ask @carol about #12")
    (action,) = world.run(at("2025-09-29"))
    assert neutralise("Ask @carol about #12") in action.body
    assert "@carol" not in action.body


@pytest.mark.parametrize("config", [CONFIG, DIGEST], ids=["per issue", "digest"])
def test_every_posted_body_ends_with_its_marker(fake_github, config):
    world = World(fake_github, config)
    world.open(1)
    for now in mondays("2025-09-29", 2):
        world.run(now)
    assert len(world.posted) == 2
    assert all(find_marker(action.body) == action.marker for _, action in world.posted)


def test_owners_from_the_follow_up_body_the_process_command_writes(world):
    text = (
        "Owners: Jörg Rödel (assigned), Richard Relph (@RARelph)\n"
        "Due: 2025-09-24\n\n"
        "> Jörg and Richard agreed to ask @\u200dcarol\n\n"
        "From the [Dev Call of 2025-09-17](https://example.invalid) (`Meetings/x.md`, line 7).\n"
    )
    world.open(1, text=text, assignees=("joergroedel",))
    (action,) = world.run(at("2025-09-29"))
    assert action.body.startswith("@joergroedel, @RARelph: this is a reminder")
    assert "carol" not in action.body


def test_a_change_stays_counted_after_the_next_reminder_hides_it(world):
    world.open(1)
    world.run(at("2025-09-29"))
    world.change(1, at("2025-10-01", 12), assignees=("alice",))  # seen only through updated_at
    counts = weekly_counts(world, mondays("2025-10-06", 6), 1)
    assert counts == [0, 1, 1, 1, 0, 0]  # a fresh streak of three after the change
    assert "reminder 1 of at most 3" in world.posted[1][1].body


@pytest.mark.parametrize("config", [CONFIG, DIGEST], ids=["per issue", "digest"])
def test_settle_turns_unsent_reminders_into_skips_with_the_reason(fake_github, config):
    world = World(fake_github, config)
    world.open(1)
    world.open(2)
    plan = world.plan(at("2025-09-29"))
    unsent = {plan.actions[-1].marker.key: "left for the next run (write budget of 1 spent)"}
    settled = settle(plan, unsent)
    expected = ["reminder 1 of 3", "left for the next run (write budget of 1 spent)"]
    if config.reminders.digest_issue:  # one digest carries both reminders
        expected = [expected[1]] * 2
    assert [d.reason for d in settled.decisions] == expected
    assert "| 2 | " + ("0 | 2" if config.reminders.digest_issue else "1 | 1") in render_summary(settled)


def test_the_snooze_label_exists_once_anything_is_posted(world):
    world.open(1)
    world.run(at("2025-09-22"))  # nothing due: nothing written, not even the label
    assert world.labels() == set()
    world.run(at("2025-09-29"))
    assert world.labels() == {"snoozed"}


def test_a_reminder_names_the_meeting_by_the_series_that_finds_its_minutes():
    dev = Series(name="Dev Call", directory="./Notes", pattern="dev-*.md")
    tsc = Series(name="TSC", directory="Notes", pattern="tsc-*.md")
    key = item_key("Notes/tsc-2025-03-06.md", "follow-up", "Write the charter")
    assert meeting_of(key, [dev, tsc]) == "TSC of 2025-03-06"
    assert (
        meeting_of(item_key("Notes/dev-2025-03-05.md", "follow-up"), [dev, tsc]) == "Dev Call of 2025-03-05"
    )
    assert (
        meeting_of(item_key("Elsewhere/x-2025-03-05.md", "follow-up"), [dev, tsc]) == "meeting of 2025-03-05"
    )
