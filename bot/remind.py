"""Which open follow-ups get a reminder this week, and what the reminders say.

This module performs no I/O of its own: it reads a `RepoState` and the clock value it is
given, and returns the comments to post plus one decision per follow-up with its reason,
so every rule below is unit-tested with plain values and `--dry-run` is "plan, then print".

Policy (the `reminders` section of the config):
- Only open, unlocked, unsnoozed issues that the bot's own identity opened as follow-ups
  (a `follow-up` marker) are considered; nothing else is ever touched.
- A follow-up is due for a reminder once its `Due: YYYY-MM-DD` line (as people may have
  edited it) has passed, or, without one, `first_after_days` calendar days after opening.
- It is reminded at most once per ISO week (the marker key holds the week, so a rerun or a
  run finishing a crashed one posts nothing new), and only when neither a reminder nor
  human activity happened in the last `interval_days` calendar days. Calendar days, not
  hours: a weekly cron that starts a few minutes early must not skip a week.
- After `max_reminders` reminders with no human activity it stops pinging; such issues
  are listed by `still_open_from_earlier_calls` for the next meeting issue. Human activity
  starts the count again.

Activity is approximated from what the list endpoints return, since the API subset the
bot uses has no timeline endpoint: a comment by a human (not a bot account, not the bot's
login) is activity at the time it was written or edited; and an issue whose `updated_at`
is later than every comment and every bot write on it (plus `ACTIVITY_TOLERANCE`) was
changed by someone (an edit of the `Due:` line, a label, an assignee), which counts as
activity at `updated_at`. Comments by any bot explain `updated_at` without counting. Such a
change is visible only until the next comment, so each reminder records (hidden, in its
body) how many reminders without activity it completes, and the next run continues from
that count instead of recounting. Known limits: a body edit by the bot itself reads as
activity (one reminder fewer); a change followed by another bot's comment before the next
run is missed; a reference from elsewhere counts only when GitHub bumps `updated_at`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.actions import Action, CreateComment, CreateIssue, EnsureLabel
from bot.config import Config, Series
from bot.dates import find_date
from bot.issue_body import parse_due, parse_owner_logins
from bot.markers import Marker, key_path, neutralise, render_marker
from bot.state import Issue, RepoState

# Templates are Markdown for GitHub comments, where a single newline is a hard line break:
# one paragraph per line.

# An issue's updated_at trails the write that caused it by up to a few seconds.
ACTIVITY_TOLERANCE = timedelta(minutes=2)

DIGEST_KEY = "digest:weekly"

SNOOZE_COLOR = "c5def5"
SNOOZE_DESCRIPTION = "minutes-bot sends no reminders on this follow-up"

REMINDER_TEMPLATE = """\
{greeting}his is a reminder of this follow-up from the {meeting}: {overdue}
{no_owner}
{progress}

To stop these reminders, do one of:
- close this issue when it is done or no longer needed;
- add the `{snooze}` label;
- edit the `Due: YYYY-MM-DD` line of the description to a new date.

Any comment here also pauses reminders for {interval} days.
"""

LAST_REMINDER = (
    "This is the last reminder: if nothing happens here, the bot stops pinging and lists this "
    'follow-up as "still open from earlier calls" in the next meeting issue.'
)

PROGRESS = "This is reminder {count} of at most {max} while nothing happens here."

NO_OWNER = "\nNo owner is recorded for it: please assign someone, or close it if nobody will do it.\n"

DIGEST_ISSUE_TITLE = "Weekly digest of open follow-ups"

DIGEST_ISSUE_INTRO = """\
minutes-bot posts one comment a week here listing, per owner, the follow-ups from past calls that are overdue and quiet, instead of commenting on each of them. Pin this issue to keep it in sight (the bot cannot pin through the REST API).

"""

DIGEST_TEMPLATE = """\
## Open follow-ups, week {week}

Follow-ups from past calls that are overdue and had no activity for a while, by owner.

{sections}
To stop reminders for a follow-up: close it, add the `{snooze}` label, or edit the `Due: YYYY-MM-DD` line of its description to a new date. A comment on it pauses them for {interval} days.
"""

DIGEST_ITEM = "- #{number} {title}: {overdue} From the {meeting}.{last}"

DIGEST_LAST = " Last reminder."

_RECORD = re.compile(r"<!--\s*minutes-bot-record\s+(\{.*?\})\s*-->", re.DOTALL)

Status = Literal["remind", "stopped", "skip"]


class Decision(BaseModel):
    """What the plan does with one follow-up this week, and why."""

    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    owners: tuple[str, ...]
    meeting: str
    due: date | None
    triggered: bool  # due: past its date (or first_after_days old), not locked or snoozed
    days_overdue: int  # days past the due date, or since opening without one
    reminders: int  # reminders since the last human activity, before this run
    status: Status
    reason: str
    sent_by: str = ""  # marker key of the comment or digest that carries this reminder


class StillOpen(BaseModel):
    """A follow-up the bot stopped reminding about: for the meeting issue's carry-over list."""

    model_config = ConfigDict(frozen=True)

    repository: str
    number: int
    title: str
    owners: tuple[str, ...]
    meeting: str
    due: date | None
    reminders: int


class ReminderPlan(BaseModel):
    repository: str
    week: str
    digest: bool
    actions: list[Action] = []
    decisions: list[Decision] = []
    closed: int = 0  # closed follow-ups: never reminded, counted for the summary
    note: str = ""  # why nothing at all is planned (disabled, digest issue closed)


class _Record(BaseModel):
    """What a reminder or digest body records for later runs: its week, and for each follow-up
    it reminded, the how-manieth reminder with no activity that was.

    The count is carried from reminder to reminder because activity that is not a comment is
    seen only until the bot's next comment bumps `updated_at` past it.
    """

    week: str
    counts: dict[int, int]


class _Reminder(BaseModel):
    """One past reminder of an issue: its own comment or a digest that listed it."""

    week: str
    at: datetime
    count: int | None  # None: a reminder whose record was lost (edited away)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def reminder_key(issue_key: str, week: str) -> str:
    return f"reminder:{issue_key}:{week}"


def digest_key(week: str) -> str:
    return f"digest:{week}"


def owners_of(issue: Issue) -> tuple[str, ...]:
    """Assignees, then the @logins of the body's `Owners:` line; names without a login are never pinged."""
    logins = [*issue.assignees, *parse_owner_logins(issue.body)]
    unique: dict[str, str] = {}
    for login in logins:
        unique.setdefault(login.casefold(), login)
    return tuple(unique.values())


def meeting_of(issue_key: str, config: Config) -> str:
    """The meeting a follow-up came from, named from the minutes path its key starts with."""
    path = key_path(issue_key)
    series = next(
        (
            s
            for s in config.series
            if s.directory.strip("/") in ("", ".") or path.startswith(s.directory.strip("/") + "/")
        ),
        None,
    )
    name = series.name if series else "meeting"
    day = find_date(PurePosixPath(path).name)
    return (
        f"{neutralise(name)} of {day.isoformat()}"
        if day
        else f"{neutralise(name)} minuted in {neutralise(path)}"
    )


def _render_record(record: _Record) -> str:
    return f"<!-- minutes-bot-record {json.dumps(record.model_dump(), sort_keys=True)} -->"


def _record(body: str | None) -> _Record | None:
    """The record in a body the bot wrote (callers check the author): the last one wins."""
    found = None
    for match in _RECORD.finditer(body or ""):
        try:
            found = _Record.model_validate_json(match.group(1))
        except ValidationError:
            continue
    return found


def _signed(body: str, marker: Marker) -> str:
    """The body as posted: the marker last, which is how the next run recognises it."""
    return body.rstrip("\n") + "\n\n" + render_marker(marker) + "\n"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _is_bot(login: str, is_bot: bool, bot_login: str) -> bool:
    return is_bot or login.casefold() == bot_login.casefold()


def _series_for(config: Config, repository: str) -> Series:
    return next((s for s in config.series if s.issues_repository == repository), config.series[0])


def _is_bot_follow_up(issue: Issue, bot_login: str) -> bool:
    return (
        issue.marker is not None
        and issue.marker.kind == "follow-up"
        and not issue.is_pull
        and issue.author.casefold() == bot_login.casefold()
    )


def _digest_issue(state: RepoState) -> Issue | None:
    for issue in state.issues:
        if issue.marker and issue.marker.kind == "digest" and issue.marker.key == DIGEST_KEY:
            return issue
    return None


def _digest_history(digest: Issue | None) -> list[tuple[_Record, datetime]]:
    """Every weekly digest the bot posted: the one in the issue body, then its comments."""
    if digest is None:
        return []
    history = []
    record = _record(digest.body)
    if record:
        history.append((record, _utc(digest.created_at)))
    for comment in digest.comments:
        if comment.marker and comment.marker.kind == "digest":
            record = _record(comment.body)
            if record:
                history.append((record, _utc(comment.created_at)))
    return history


class _Facts(BaseModel):
    """What the rules need to know about one follow-up, read from its issue and comments."""

    reminders: list[_Reminder]
    last_activity: datetime | None
    activity_reason: str


def _facts(issue: Issue, bot_login: str, digests: list[tuple[_Record, datetime]]) -> _Facts:
    key = issue.marker.key if issue.marker else ""
    prefix = reminder_key(key, "")
    reminders = []
    for c in issue.comments:
        if c.marker and c.marker.kind == "reminder" and c.marker.key.startswith(prefix):
            record = _record(c.body)
            count = record.counts.get(issue.number) if record else None
            reminders.append(
                _Reminder(week=c.marker.key.removeprefix(prefix), at=_utc(c.created_at), count=count)
            )
    listed = [(record, at) for record, at in digests if issue.number in record.counts]
    reminders += [_Reminder(week=r.week, at=at, count=r.counts[issue.number]) for r, at in listed]
    explained = [_utc(issue.created_at)] + [at for _, at in listed]
    human: list[datetime] = []
    for comment in issue.comments:
        times = [_utc(comment.created_at)] + ([_utc(comment.updated_at)] if comment.updated_at else [])
        explained += times
        if comment.marker is None and not _is_bot(comment.author, comment.author_is_bot, bot_login):
            human.append(max(times))
    last_activity, reason = None, ""
    if human:
        last_activity, reason = max(human), "a comment"
    updated = _utc(issue.updated_at)
    if updated > max(explained) + ACTIVITY_TOLERANCE and (last_activity is None or updated > last_activity):
        last_activity, reason = updated, "a change to the issue"
    return _Facts(
        reminders=sorted(reminders, key=lambda r: r.at), last_activity=last_activity, activity_reason=reason
    )


def _decide(issue: Issue, config: Config, now: datetime, facts: _Facts, meeting: str) -> Decision:
    policy = config.reminders
    today = now.date()
    week = iso_week(today)
    due = parse_due(issue.body) or issue.due
    created = _utc(issue.created_at)
    if due:
        triggered = today > due
        days = (today - due).days
    else:
        days = (today - created.date()).days
        triggered = days >= policy.first_after_days
    streak = _streak(facts)
    base = {
        "number": issue.number,
        "title": issue.title,
        "owners": owners_of(issue),
        "meeting": meeting,
        "due": due,
        "triggered": triggered,
        "days_overdue": max(days, 0),
        "reminders": streak,
    }

    def skip(reason: str, eligible: bool = True) -> Decision:
        return Decision(**{**base, "triggered": triggered and eligible}, status="skip", reason=reason)

    if issue.locked:
        return skip("locked", eligible=False)
    if any(label.casefold() == policy.snooze_label.casefold() for label in issue.labels):
        return skip(f"snoozed (`{policy.snooze_label}` label)", eligible=False)
    if not triggered:
        if due:
            return skip(f"not due yet (due {due.isoformat()})")
        return skip(f"opened {days} days ago; first reminder after {policy.first_after_days}")
    if any(r.week == week for r in facts.reminders):
        return skip(f"already reminded this week ({week})")
    if streak >= policy.max_reminders:
        return Decision(
            **base,
            status="stopped",
            reason=f"{streak} reminders with no activity; listed in the next meeting issue",
        )
    quiet: list[tuple[datetime, str]] = []
    if facts.reminders:
        quiet.append((facts.reminders[-1].at, "last reminder"))
    if facts.last_activity:
        quiet.append((facts.last_activity, f"activity ({facts.activity_reason})"))
    if due and created.date() > due:  # opened already overdue: opening it was the first ping
        quiet.append((created, "opened after its due date"))
    if quiet:
        at, what = max(quiet)
        if (today - at.date()).days < policy.interval_days:
            return skip(f"{what} on {at.date().isoformat()}, under {policy.interval_days} days ago")
    return Decision(**base, status="remind", reason=f"reminder {streak + 1} of {policy.max_reminders}")


def _streak(facts: _Facts) -> int:
    """Reminders since the last human activity: the count the last reminder recorded, or 0 after activity."""
    if not facts.reminders:
        return 0
    last = facts.reminders[-1]
    if facts.last_activity and facts.last_activity > last.at:
        return 0
    if last.count is not None:
        return last.count
    return sum(1 for r in facts.reminders if facts.last_activity is None or r.at > facts.last_activity)


def _overdue_text(decision: Decision, now: datetime) -> str:
    if decision.due:
        days = decision.days_overdue
        return f"it was due on {decision.due.isoformat()}, {days} day{'s' if days != 1 else ''} ago."
    opened = now.date() - timedelta(days=decision.days_overdue)
    return f"it has no due date and was opened on {opened.isoformat()}, {decision.days_overdue} days ago."


def _mentions(owners: Iterable[str]) -> str:
    return ", ".join(f"@{login}" for login in owners)


def render_reminder(decision: Decision, config: Config, now: datetime) -> str:
    policy = config.reminders
    count = decision.reminders + 1
    progress = PROGRESS.format(count=count, max=policy.max_reminders)
    if count >= policy.max_reminders:
        progress += " " + LAST_REMINDER
    greeting = f"{_mentions(decision.owners)}: t" if decision.owners else "T"
    text = REMINDER_TEMPLATE.format(
        greeting=greeting,
        no_owner="" if decision.owners else NO_OWNER,
        meeting=decision.meeting,
        overdue=_overdue_text(decision, now),
        progress=progress,
        snooze=policy.snooze_label,
        interval=policy.interval_days,
    )
    record = _Record(week=iso_week(now.date()), counts={decision.number: count})
    return text + "\n" + _render_record(record) + "\n"


def render_digest(decisions: list[Decision], config: Config, now: datetime) -> str:
    """One comment for the week: a section per owner (and one for unowned follow-ups)."""
    policy = config.reminders
    by_owner: dict[str, list[Decision]] = {}
    for decision in decisions:
        for owner in decision.owners or ("",):
            by_owner.setdefault(owner, []).append(decision)
    sections = []
    for owner in sorted(by_owner, key=lambda o: (o == "", o.casefold())):
        heading = f"### @{owner}" if owner else "### No owner recorded"
        lines = [
            DIGEST_ITEM.format(
                number=d.number,
                title=neutralise(d.title),
                overdue=_overdue_text(d, now).capitalize(),
                meeting=d.meeting,
                last=DIGEST_LAST if d.reminders + 1 >= policy.max_reminders else "",
            )
            for d in sorted(by_owner[owner], key=lambda d: d.number)
        ]
        sections.append(heading + "\n\n" + "\n".join(lines) + "\n")
    week = iso_week(now.date())
    record = _Record(week=week, counts={d.number: d.reminders + 1 for d in decisions})
    text = DIGEST_TEMPLATE.format(
        week=week, sections="\n".join(sections), snooze=policy.snooze_label, interval=policy.interval_days
    )
    return text + "\n" + _render_record(record) + "\n"


def needs_comments(issue: Issue, bot_login: str, config: Config, now: datetime) -> bool:
    """Whether planning looks at this issue's comments: reading the others would be wasted requests.

    Closed, locked, snoozed and not-yet-due follow-ups are decided from the issue alone; the
    digest issue's comments record which follow-ups each weekly digest reminded.
    """
    if issue.marker and issue.marker.kind == "digest" and issue.marker.key == DIGEST_KEY:
        return True
    if not _is_bot_follow_up(issue, bot_login) or issue.state == "closed":
        return False
    decision = _decide(
        issue, config, _utc(now), _Facts(reminders=[], last_activity=None, activity_reason=""), ""
    )
    return decision.triggered


def plan_reminders(state: RepoState, config: Config, now: datetime) -> ReminderPlan:
    """This week's reminders for the bot's follow-ups in one repository."""
    now = _utc(now)
    policy = config.reminders
    week = iso_week(now.date())
    plan = ReminderPlan(repository=state.repository, week=week, digest=policy.digest_issue)
    if not policy.enabled:
        plan.note = "reminders are disabled in the config (reminders.enabled: false)"
        return plan
    digest = _digest_issue(state)
    digests = _digest_history(digest)
    for issue in sorted(state.issues, key=lambda i: i.number):
        if not _is_bot_follow_up(issue, state.bot_login):
            continue
        if issue.state == "closed":
            plan.closed += 1
            continue
        facts = _facts(issue, state.bot_login, digests)
        decision = _decide(issue, config, now, facts, meeting_of(issue.marker.key, config))
        if decision.status == "remind" and reminder_key(issue.marker.key, week) in state.markers:
            decision = decision.model_copy(
                update={"status": "skip", "reason": f"already reminded this week ({week})"}
            )
        if decision.status == "remind" and not policy.digest_issue:
            marker = Marker(kind="reminder", key=reminder_key(issue.marker.key, week))
            decision = decision.model_copy(update={"sent_by": marker.key})
            plan.actions.append(
                CreateComment(
                    repository=state.repository,
                    number=issue.number,
                    body=_signed(render_reminder(decision, config, now), marker),
                    marker=marker,
                    reason=f"#{issue.number}: {decision.reason}",
                )
            )
        plan.decisions.append(decision)
    if policy.digest_issue:
        _plan_digest(plan, state, config, now, digest, digests)
    if plan.actions:
        plan.actions.insert(
            0,
            EnsureLabel(
                repository=state.repository,
                name=policy.snooze_label,
                color=SNOOZE_COLOR,
                description=SNOOZE_DESCRIPTION,
                reason="the label owners add to stop reminders, so it is there to pick",
            ),
        )
    return plan


def _plan_digest(
    plan: ReminderPlan,
    state: RepoState,
    config: Config,
    now: datetime,
    digest: Issue | None,
    digests: list[tuple[_Record, datetime]],
) -> None:
    """One comment on the digest issue instead of one per follow-up (opening it the first time)."""
    due = [d for d in plan.decisions if d.status == "remind"]

    def hold(reason: str) -> None:
        plan.decisions = [
            d.model_copy(update={"status": "skip", "reason": reason}) if d.status == "remind" else d
            for d in plan.decisions
        ]

    if any(record.week == plan.week for record, _ in digests) or digest_key(plan.week) in state.markers:
        hold(f"this week's digest ({plan.week}) is already posted")
        return
    if not due:
        return
    if digest is not None and (digest.state == "closed" or digest.locked):
        plan.note = f"the digest issue #{digest.number} is {'locked' if digest.locked else 'closed'}; reopen it to resume"
        hold(f"digest issue #{digest.number} is not open")
        return
    body = render_digest(due, config, now)
    reason = f"weekly digest {plan.week}: {len(due)} follow-up{'s' if len(due) != 1 else ''}"
    if digest is None:
        labels = _series_for(config, state.repository).labels
        marker = Marker(kind="digest", key=DIGEST_KEY)
        plan.actions.append(
            CreateIssue(
                repository=state.repository,
                title=DIGEST_ISSUE_TITLE,
                body=_signed(DIGEST_ISSUE_INTRO + body, marker),
                marker=marker,
                labels=(labels.bot,),
                reason="open the digest issue with " + reason,
            )
        )
    else:
        marker = Marker(kind="digest", key=digest_key(plan.week))
        plan.actions.append(
            CreateComment(
                repository=state.repository,
                number=digest.number,
                body=_signed(body, marker),
                marker=marker,
                reason=reason,
            )
        )
    plan.decisions = [
        d.model_copy(update={"sent_by": marker.key}) if d.status == "remind" else d for d in plan.decisions
    ]


def settle(plan: ReminderPlan, unsent: Mapping[str, str]) -> ReminderPlan:
    """The plan as it went: a reminder whose write was left over or failed is a skip, with why.

    `unsent` maps the marker key of each write that did not happen to the reason.
    """
    decisions = [
        d.model_copy(update={"status": "skip", "reason": unsent[d.sent_by]})
        if d.status == "remind" and d.sent_by in unsent
        else d
        for d in plan.decisions
    ]
    return plan.model_copy(update={"decisions": decisions})


def still_open_from_earlier_calls(state: RepoState, config: Config, now: datetime) -> list[StillOpen]:
    """Follow-ups the bot has stopped pinging about, for the next meeting issue to list.

    An item stays listed while it is open, unsnoozed and quiet; a comment or change by a
    human takes it off the list (and restarts reminders), as does closing or snoozing it.
    """
    plan = plan_reminders(state, config, now)
    return [
        StillOpen(
            repository=state.repository,
            number=d.number,
            title=d.title,
            owners=d.owners,
            meeting=d.meeting,
            due=d.due,
            reminders=d.reminders,
        )
        for d in plan.decisions
        if d.status == "stopped"
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_summary(plan: ReminderPlan, dry_run: bool = False) -> str:
    """The job summary: counts of due, reminded, skipped and stopped, then one row per follow-up."""
    decisions = plan.decisions
    reminded = sum(d.status == "remind" for d in decisions)
    mode = "weekly digest" if plan.digest else "one comment per issue"
    lines = [
        f"## Reminders for {plan.repository}, week {plan.week}{' (dry run)' if dry_run else ''}",
        "",
        f"Mode: {mode}." + (f" {plan.note}." if plan.note else ""),
        "",
        "| due | reminded | skipped | stopped |",
        "| --: | --: | --: | --: |",
        f"| {sum(d.triggered for d in decisions)} | {reminded} | "
        f"{sum(d.status == 'skip' for d in decisions)} | {sum(d.status == 'stopped' for d in decisions)} |",
        "",
    ]
    if decisions:
        lines += ["| issue | owners | due | outcome | why |", "| --- | --- | --- | --- | --- |"]
        outcome = {
            "remind": "would remind" if dry_run else "reminded",
            "stopped": "stopped",
            "skip": "skipped",
        }
        for d in decisions:
            owners = ", ".join(f"`{o}`" for o in d.owners) or "none"
            lines.append(
                f"| #{d.number} {neutralise(d.title)} | {owners} | {d.due or 'none'} | "
                f"{outcome[d.status]} | {_cell(d.reason)} |"
            )
        lines.append("")
    if plan.closed:
        lines += [f"{plan.closed} closed follow-up{'s' if plan.closed != 1 else ''} ignored.", ""]
    return "\n".join(lines)


def render_dry_run(plan: ReminderPlan) -> str:
    """What would be posted, body by body, for `--dry-run`."""
    parts = []
    for action in plan.actions:
        if isinstance(action, CreateIssue):
            parts.append(f"### Would open issue in {action.repository}: {action.title}\n\n{action.body}")
        elif isinstance(action, CreateComment):
            parts.append(f"### Would comment on {action.repository}#{action.number}\n\n{action.body}")
    if not parts:
        parts.append("Nothing to post.\n")
    return "\n".join(parts) + "\n" + render_summary(plan, dry_run=True)
