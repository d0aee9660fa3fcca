"""Which open follow-ups get a reminder this week (the policy; what the reminders say is
in bot/render/remind.py).

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

What counts as activity, and the count each reminder carries: bot/plan/remind_history.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import PurePosixPath

from bot.domain.actions import CreateComment, CreateIssue, EnsureLabel
from bot.domain.config import Reminders, Series
from bot.domain.issue_body import parse_due, parse_owner_logins
from bot.domain.markers import Marker, key_path, neutralise, render_marker
from bot.domain.state import Issue, RepoState
from bot.parse.dates import find_date
from bot.plan.remind_history import Facts, digest_history, facts_of, reminder_key, reminder_streak, utc
from bot.plan.reminder_plan import (
    Decision,
    ReminderPlan,
    ReminderRecord,
    StillOpen,
    iso_week,
)
from bot.render.remind import (
    DIGEST_ISSUE_INTRO,
    DIGEST_ISSUE_TITLE,
    SNOOZE_DESCRIPTION,
    render_digest,
    render_reminder,
)

DIGEST_KEY = "digest:weekly"

SNOOZE_COLOR = "c5def5"


def digest_key(week: str) -> str:
    return f"digest:{week}"


def issue_owners(issue: Issue) -> tuple[str, ...]:
    """Assignees, then the @logins of the body's `Owners:` line; names without a login are never pinged."""
    logins = [*issue.assignees, *parse_owner_logins(issue.body)]
    unique: dict[str, str] = {}
    for login in logins:
        unique.setdefault(login.casefold(), login)
    return tuple(unique.values())


def meeting_of(issue_key: str, series: Sequence[Series]) -> str:
    """The meeting a follow-up came from, named from the minutes path its key starts with."""
    path = key_path(issue_key)
    found = next((s for s in series if s.finds(path)), None)
    name = found.name if found else "meeting"
    day = find_date(PurePosixPath(path).name)
    return (
        f"{neutralise(name)} of {day.isoformat()}"
        if day
        else f"{neutralise(name)} minuted in {neutralise(path)}"
    )


def _signed(body: str, marker: Marker) -> str:
    """The body as posted: the marker last, which is how the next run recognises it."""
    return body.rstrip("\n") + "\n\n" + render_marker(marker) + "\n"


def _series_for(series: Sequence[Series], repository: str) -> Series:
    return next((s for s in series if s.issues_repository == repository), series[0])


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


def _decide(issue: Issue, policy: Reminders, now: datetime, facts: Facts, meeting: str) -> Decision:
    today = now.date()
    week = iso_week(today)
    due = parse_due(issue.body) or issue.due
    created = utc(issue.created_at)
    if due:
        triggered = today > due
        days = (today - due).days
    else:
        days = (today - created.date()).days
        triggered = days >= policy.first_after_days
    streak = reminder_streak(facts)
    base = {
        "number": issue.number,
        "title": issue.title,
        "owners": issue_owners(issue),
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


def needs_comments(issue: Issue, bot_login: str, policy: Reminders, now: datetime) -> bool:
    """Whether planning looks at this issue's comments: reading the others would be wasted requests.

    Closed, locked, snoozed and not-yet-due follow-ups are decided from the issue alone; the
    digest issue's comments record which follow-ups each weekly digest reminded.
    """
    if issue.marker and issue.marker.kind == "digest" and issue.marker.key == DIGEST_KEY:
        return True
    if not _is_bot_follow_up(issue, bot_login) or issue.state == "closed":
        return False
    decision = _decide(
        issue, policy, utc(now), Facts(reminders=[], last_activity=None, activity_reason=""), ""
    )
    return decision.triggered


def plan_reminders(
    state: RepoState, policy: Reminders, series: Sequence[Series], now: datetime
) -> ReminderPlan:
    """This week's reminders for the bot's follow-ups in one repository.

    `policy`: the `reminders` section; `series`: the configured series, which name the
    meeting each follow-up came from and label the digest issue.
    """
    now = utc(now)
    week = iso_week(now.date())
    plan = ReminderPlan(repository=state.repository, week=week, digest=policy.digest_issue)
    if not policy.enabled:
        plan.note = "reminders are disabled in the config (reminders.enabled: false)"
        return plan
    digest = _digest_issue(state)
    digests = digest_history(digest)
    for issue in sorted(state.issues, key=lambda i: i.number):
        if not _is_bot_follow_up(issue, state.bot_login):
            continue
        if issue.state == "closed":
            plan.closed += 1
            continue
        facts = facts_of(issue, state.bot_login, digests)
        decision = _decide(issue, policy, now, facts, meeting_of(issue.marker.key, series))
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
                    body=_signed(render_reminder(decision, policy, now), marker),
                    marker=marker,
                    reason=f"#{issue.number}: {decision.reason}",
                )
            )
        plan.decisions.append(decision)
    if policy.digest_issue:
        _plan_digest(plan, state, policy, series, now, digest, digests)
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
    policy: Reminders,
    series: Sequence[Series],
    now: datetime,
    digest: Issue | None,
    digests: list[tuple[ReminderRecord, datetime]],
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
    body = render_digest(due, policy, now)
    reason = f"weekly digest {plan.week}: {len(due)} follow-up{'s' if len(due) != 1 else ''}"
    if digest is None:
        labels = _series_for(series, state.repository).labels
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


def still_open_from_earlier_calls(
    state: RepoState, policy: Reminders, series: Sequence[Series], now: datetime
) -> list[StillOpen]:
    """Follow-ups the bot has stopped pinging about, for the next meeting issue to list.

    An item stays listed while it is open, unsnoozed and quiet; a comment or change by a
    human takes it off the list (and restarts reminders), as does closing or snoozing it.
    """
    plan = plan_reminders(state, policy, series, now)
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
