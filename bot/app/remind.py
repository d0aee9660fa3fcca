"""`minutes-bot remind`: read the bot's issues, plan this week's reminders, post or print them.

The I/O edge around the pure policy in `bot/plan/remind.py`: it reads through the GitHub
adapter, hands the plan to the adapter's `apply` (budget, pacing, retries, no duplicate
after a lost answer), and reports on stdout and in the job summary.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.app.cache import (
    Cache,
    forget_closed,
    load_cache,
    remember,
    remember_own,
    save_cache,
    unchanged,
)
from bot.app.step_summary import append_step_summary
from bot.domain.actions import Action, CreateComment, CreateIssue
from bot.domain.config import Config, Reminders
from bot.domain.errors import InputError
from bot.domain.state import Comment, RepoState, issue_ref
from bot.github.client import ApplyReport, GitHubClient, Outcome, WriteBudget
from bot.plan.remind import needs_comments, plan_reminders, settle
from bot.plan.reminder_plan import ReminderPlan
from bot.render.escape import log_safe
from bot.render.remind import render_dry_run, render_summary


def targets(config: Config, env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(repository, bot label) where each series opens its follow-ups, once each."""
    found: list[tuple[str, str]] = []
    for index, series in enumerate(config.series):
        repository = series.issues_repository or env.get("GITHUB_REPOSITORY", "").strip()
        if not repository:
            raise InputError(f"series[{index}].issues_repository is not set and neither is GITHUB_REPOSITORY")
        if (repository, series.labels.bot) not in found:
            found.append((repository, series.labels.bot))
    return found


def read_state(
    client: GitHubClient, repository: str, label: str, policy: Reminders, now: datetime, cache: Cache
) -> RepoState:
    """The bot's issues, with comments read only where the reminder policy looks at them.

    Closed and not-yet-due follow-ups pile up over the years; listing their comments every
    week would cost a request each for nothing.
    """
    return with_comments(client, client.read_state(repository, label, comments=False), policy, now, cache)


def with_comments(
    client: GitHubClient,
    state: RepoState,
    policy: Reminders,
    now: datetime,
    cache: Cache | None = None,
    max_reads: int | None = None,
) -> RepoState:
    """`state` with the comments the reminder policy looks at.

    Read only where they may have changed: none for an issue the listing shows without
    comments, none where the cache saw the same count and no later update (`bot/app/cache.py`).
    With `max_reads`, at most that many listings, the longest-quiet issues first; the
    issues left unread are left out of the returned state.
    """
    cache = cache if cache is not None else Cache()
    forget_closed(cache, state.issues)
    repository = state.repository
    wanted = [i for i in state.issues if needs_comments(i, state.bot_login, policy, now)]
    stale = [
        i
        for i in wanted
        if i.comment_count and not unchanged(i, cache.seen.get(issue_ref(repository, i.number)))
    ]
    allowed = {i.number for i in sorted(stale, key=lambda i: (i.updated_at, i.number))[:max_reads]}
    skipped = {i.number for i in stale} - allowed
    looked_at = {i.number for i in wanted}
    issues, markers = [], dict(state.markers)
    for issue in state.issues:
        if issue.number in skipped:
            continue
        if issue.number in looked_at:
            seen = cache.seen.get(issue_ref(repository, issue.number))
            comments: tuple[Comment, ...] = ()
            if seen is not None and unchanged(issue, seen):
                comments = seen.comments
            else:
                if issue.comment_count:
                    comments = tuple(client.list_comments(repository, issue.number) or ())
                remember(cache, issue, comments)
            markers.update({c.marker.key: c.marker for c in comments if c.marker})
            issue = issue.model_copy(update={"comments": comments})
        issues.append(issue)
    return state.model_copy(update={"issues": issues, "markers": markers})


def _remember_posted(cache: Cache, report: ApplyReport) -> None:
    """The bot's own comments are no change to re-read for; an issue it opened has none yet."""
    for applied in [*report.done, *report.present]:
        action = applied.action
        if isinstance(action, CreateComment):
            remember_own(cache, action.repository, action.number, applied.comment)


def _report_lines(plan: ReminderPlan, report: ApplyReport) -> list[str]:
    lines = [f"- posted: {applied.action.reason}" for applied in report.done]
    lines += [f"- already there: {applied.action.reason}" for applied in report.present]
    lines += [f"- left for the next run: {action.reason}" for action in report.left]
    lines += [f"- failed: {problem.line()}" for problem in report.errors]
    return lines or [f"- nothing to post in {plan.repository} this week ({plan.week})"]


def _keyed(action: Action | None) -> bool:
    return isinstance(action, CreateComment | CreateIssue)


def remind(
    config: Config,
    env: Mapping[str, str],
    *,
    dry_run: bool,
    now: datetime,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client: GitHubClient | None = None,
    cache_path: Path | None = None,
) -> int:
    """Run `remind`; returns the exit status (0 done, 1 something failed and waits for the next run).

    Reminders left over because the write budget ran out are not a failure: a later run in
    the same week posts them (the week's marker keeps it from posting any twice).
    `cache_path`: the run cache (`bot/app/cache.py`), read and written back; None reads everything.
    """
    out, err = out or sys.stdout, err or sys.stderr
    work = targets(config, env)
    if client is None:
        if not env.get("GITHUB_TOKEN", "").strip():
            raise InputError(
                "GITHUB_TOKEN is not set: remind reads the open follow-ups from GitHub, even with --dry-run"
            )
        client = GitHubClient.from_env(config, env)

    def warn(message: str) -> None:
        print(f"minutes-bot: warning: {message}", file=err)

    cache = load_cache(cache_path, warn)
    try:
        return _remind(config, env, client, cache, dry_run=dry_run, now=now, out=out, err=err, work=work)
    finally:
        save_cache(cache_path, cache, warn)


def _remind(
    config: Config,
    env: Mapping[str, str],
    client: GitHubClient,
    cache: Cache,
    *,
    dry_run: bool,
    now: datetime,
    out: TextIO,
    err: TextIO,
    work: list[tuple[str, str]],
) -> int:
    budget = WriteBudget(config.writes.max_writes)
    failed = False
    for repository, label in work:
        state = read_state(client, repository, label, config.reminders, now, cache)
        plan = plan_reminders(state, config.reminders, config.series, now)
        if dry_run:
            print(log_safe(render_dry_run(plan)), file=out)
            append_step_summary(env, render_summary(plan, dry_run=True), err)
            continue
        # No marker re-read before each reminder: a reminder is at most one a week per issue,
        # runs are serialised by the workflow's concurrency group, and this run's issue listing
        # (comment counts) is the check; a re-read would double the requests of a quiet year.
        report = client.apply(plan.actions, budget, recheck=False)
        _remember_posted(cache, report)
        lines = _report_lines(plan, report)
        print(log_safe("\n".join(lines)), file=out)
        for problem in report.errors:
            print(log_safe(f"minutes-bot: {problem.line()}"), file=err)
        fatal = [p for p in report.errors if p.outcome is not Outcome.SKIP]
        if fatal:
            why_left = "stopped after an error"
        elif budget.remaining == 0:
            why_left = f"write budget of {budget.limit} spent"
        else:
            why_left = "rate limited"
        unsent = {a.marker.key: f"left for the next run ({why_left})" for a in report.left if _keyed(a)}
        unsent |= {p.action.marker.key: f"not posted: {p.reason}" for p in report.errors if _keyed(p.action)}
        append_step_summary(env, render_summary(settle(plan, unsent)) + "\n" + "\n".join(lines), err)
        failed |= bool(fatal) or (bool(report.left) and budget.remaining > 0)
        if any(p.outcome is Outcome.FAIL for p in fatal):
            break  # credentials or permissions: the other repositories would fail the same way
    return 1 if failed else 0
