"""`minutes-bot remind`: read the bot's issues, plan this week's reminders, post or print them.

The I/O edge around the pure policy in `bot/remind.py`: it reads through the GitHub
adapter, hands the plan to the adapter's `apply` (budget, pacing, retries, no duplicate
after a lost answer), and reports on stdout and in the job summary.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from typing import TextIO

from bot.actions import Action, CreateComment, CreateIssue
from bot.config import Config
from bot.errors import InputError
from bot.escape import log_safe
from bot.github import ApplyReport, GitHubClient, Outcome, WriteBudget
from bot.remind import ReminderPlan, needs_comments, plan_reminders, render_dry_run, render_summary, settle
from bot.state import RepoState
from bot.step_summary import append_step_summary


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


def read_state(client: GitHubClient, repository: str, label: str, config: Config, now: datetime) -> RepoState:
    """The bot's issues, with comments read only where the reminder policy looks at them.

    Closed and not-yet-due follow-ups pile up over the years; listing their comments every
    week would cost a request each for nothing.
    """
    return with_comments(client, client.read_state(repository, label, comments=False), config, now)


def with_comments(client: GitHubClient, state: RepoState, config: Config, now: datetime) -> RepoState:
    """`state` with the comments the reminder policy looks at, read for those issues only."""
    repository = state.repository
    issues, markers = [], dict(state.markers)
    for issue in state.issues:
        if needs_comments(issue, state.bot_login, config, now):
            comments = tuple(client.list_comments(repository, issue.number) or ())
            markers.update({c.marker.key: c.marker for c in comments if c.marker})
            issue = issue.model_copy(update={"comments": comments})
        issues.append(issue)
    return state.model_copy(update={"issues": issues, "markers": markers})


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
) -> int:
    """Run `remind`; returns the exit status (0 done, 1 something failed and waits for the next run).

    Reminders left over because the write budget ran out are not a failure: a later run in
    the same week posts them (the week's marker keeps it from posting any twice).
    """
    out, err = out or sys.stdout, err or sys.stderr
    work = targets(config, env)
    if client is None:
        if not env.get("GITHUB_TOKEN", "").strip():
            raise InputError(
                "GITHUB_TOKEN is not set: remind reads the open follow-ups from GitHub, even with --dry-run"
            )
        client = GitHubClient.from_env(config, env)
    budget = WriteBudget(config.writes.max_writes)
    failed = False
    for repository, label in work:
        plan = plan_reminders(read_state(client, repository, label, config, now), config, now)
        if dry_run:
            print(log_safe(render_dry_run(plan)), file=out)
            append_step_summary(env, render_summary(plan, dry_run=True), err)
            continue
        report = client.apply(plan.actions, budget)
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
