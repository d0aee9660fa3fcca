"""What a follow-up's comments and `updated_at` tell the reminder policy: its past reminders,
and its last human activity. Pure: reads a `RepoState`'s issues, no I/O.

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

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from bot.domain.state import Issue
from bot.plan.reminder_plan import ReminderRecord, find_record

# An issue's updated_at trails the write that caused it by up to a few seconds.
ACTIVITY_TOLERANCE = timedelta(minutes=2)


class Reminder(BaseModel):
    """One past reminder of an issue: its own comment or a digest that listed it."""

    week: str
    at: datetime
    count: int | None  # None: a reminder whose record was lost (edited away)


def reminder_key(issue_key: str, week: str) -> str:
    return f"reminder:{issue_key}:{week}"


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _is_bot(login: str, is_bot: bool, bot_login: str) -> bool:
    return is_bot or login.casefold() == bot_login.casefold()


def digest_history(digest: Issue | None) -> list[tuple[ReminderRecord, datetime]]:
    """Every weekly digest the bot posted: the one in the issue body, then its comments."""
    if digest is None:
        return []
    history = []
    record = find_record(digest.body)
    if record:
        history.append((record, utc(digest.created_at)))
    for comment in digest.comments:
        if comment.marker and comment.marker.kind == "digest":
            record = find_record(comment.body)
            if record:
                history.append((record, utc(comment.created_at)))
    return history


class Facts(BaseModel):
    """What the rules need to know about one follow-up, read from its issue and comments."""

    reminders: list[Reminder]
    last_activity: datetime | None
    activity_reason: str


def facts_of(issue: Issue, bot_login: str, digests: list[tuple[ReminderRecord, datetime]]) -> Facts:
    key = issue.marker.key if issue.marker else ""
    prefix = reminder_key(key, "")
    reminders = []
    for c in issue.comments:
        if c.marker and c.marker.kind == "reminder" and c.marker.key.startswith(prefix):
            record = find_record(c.body)
            count = record.counts.get(issue.number) if record else None
            reminders.append(
                Reminder(week=c.marker.key.removeprefix(prefix), at=utc(c.created_at), count=count)
            )
    listed = [(record, at) for record, at in digests if issue.number in record.counts]
    reminders += [Reminder(week=r.week, at=at, count=r.counts[issue.number]) for r, at in listed]
    explained = [utc(issue.created_at)] + [at for _, at in listed]
    human: list[datetime] = []
    for comment in issue.comments:
        times = [utc(comment.created_at)] + ([utc(comment.updated_at)] if comment.updated_at else [])
        explained += times
        if comment.marker is None and not _is_bot(comment.author, comment.author_is_bot, bot_login):
            human.append(max(times))
    last_activity, reason = None, ""
    if human:
        last_activity, reason = max(human), "a comment"
    updated = utc(issue.updated_at)
    if updated > max(explained) + ACTIVITY_TOLERANCE and (last_activity is None or updated > last_activity):
        last_activity, reason = updated, "a change to the issue"
    return Facts(
        reminders=sorted(reminders, key=lambda r: r.at), last_activity=last_activity, activity_reason=reason
    )


def reminder_streak(facts: Facts) -> int:
    """Reminders since the last human activity: the count the last reminder recorded, or 0 after activity."""
    if not facts.reminders:
        return 0
    last = facts.reminders[-1]
    if facts.last_activity and facts.last_activity > last.at:
        return 0
    if last.count is not None:
        return last.count
    return sum(1 for r in facts.reminders if facts.last_activity is None or r.at > facts.last_activity)
