"""What the reminders say: the reminder comment, the weekly digest, the job summary and the
dry-run output. Pure: a plan and the `reminders` section in, Markdown out.

Templates are Markdown for GitHub comments, where a single newline is a hard line break:
one paragraph per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.domain.actions import CreateComment, CreateIssue
from bot.domain.config import Reminders
from bot.domain.markers import neutralise
from bot.plan.reminder_plan import Decision, ReminderPlan, ReminderRecord, iso_week, render_record

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


def _overdue_text(decision: Decision, now: datetime) -> str:
    if decision.due:
        days = decision.days_overdue
        return f"it was due on {decision.due.isoformat()}, {days} day{'s' if days != 1 else ''} ago."
    opened = now.date() - timedelta(days=decision.days_overdue)
    return f"it has no due date and was opened on {opened.isoformat()}, {decision.days_overdue} days ago."


def _mentions(owners: Iterable[str]) -> str:
    return ", ".join(f"@{login}" for login in owners)


def render_reminder(decision: Decision, policy: Reminders, now: datetime) -> str:
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
    record = ReminderRecord(week=iso_week(now.date()), counts={decision.number: count})
    return text + "\n" + render_record(record) + "\n"


def render_digest(decisions: list[Decision], policy: Reminders, now: datetime) -> str:
    """One comment for the week: a section per owner (and one for unowned follow-ups)."""
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
    record = ReminderRecord(week=week, counts={d.number: d.reminders + 1 for d in decisions})
    text = DIGEST_TEMPLATE.format(
        week=week, sections="\n".join(sections), snooze=policy.snooze_label, interval=policy.interval_days
    )
    return text + "\n" + render_record(record) + "\n"


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
