"""One `process` run: find new minutes, plan their writes, apply them, report.

This is the I/O shell around the pure core (parse, extract, plan, render): it reads the
minutes checkout (`bot/app/checkout.py`), opens the GitHub client and the run cache, hands
the meetings to `Run` (`bot/app/run.py`: plan, apply, record, pass by pass) and prints the
summary through `bot/render/process.py`. `extract` and `plan` are handed in, so a test can
pin either. A meeting is done when its meeting issue exists (the planner writes it last); any other
meeting is planned again from GitHub's state, so a run that stopped anywhere, by a crash,
the write budget or a rate limit, is completed by the next one without duplicates. A
meeting with a refused write (a permission missing, a 422) stays unsettled, and so do the
later meetings of its series: the next run tries the refused write again.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.app.cache import load_cache, save_cache
from bot.app.checkout import checkout, series_minutes
from bot.app.run import STILL_OPEN_READS, Extract, Plan, Run
from bot.app.step_summary import append_step_summary
from bot.domain.config import Config
from bot.domain.models import PullRequest
from bot.extract import extract as extract_findings
from bot.github.client import GitHubClient
from bot.plan.meeting import plan_meeting
from bot.render.annotations import in_actions
from bot.render.escape import log_safe
from bot.render.process import Warner, left_line, run_summary


def process(
    config: Config,
    root: Path,
    env: Mapping[str, str],
    *,
    dry_run: bool,
    now: datetime,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client: GitHubClient | None = None,
    pulls: list[PullRequest] | None = None,
    cache_path: Path | None = None,
    extract: Extract = extract_findings,
    plan: Plan = plan_meeting,
    still_open_reads: int = STILL_OPEN_READS,
) -> int:
    """Run `process`; returns the exit status (0 done, 1 something failed and waits for the next run).

    `pulls`, when given, replaces the live pull request list (an offline dry run, a demo).
    `cache_path`: the run cache (`bot/app/cache.py`), read and written back; None reads everything.
    `extract` and `plan`: the run's two decisions, replaceable (a test pins what extraction finds).
    """
    out, err = out or sys.stdout, err or sys.stderr
    repo_root, commit, minutes_repository = checkout(root, env, dry_run=dry_run)
    if client is None and (env.get("GITHUB_TOKEN") or not dry_run):
        client = GitHubClient.from_env(config, env)
    warn = Warner(err, in_actions(env))
    run = Run(
        config,
        client,
        dry_run=dry_run,
        out=out,
        err=err,
        now=now,
        warn=warn,
        extract=extract,
        plan=plan,
        still_open_reads=still_open_reads,
    )
    run.pulls = pulls
    run.cache = load_cache(cache_path, warn)
    found = series_minutes(config, root, repo_root, env, warn)
    try:
        run.meetings(found, now.date(), minutes_repository, commit)
    finally:
        save_cache(cache_path, run.cache, warn)
    return _finish(run, env, warn, dry_run=dry_run, out=out, err=err)


def _finish(
    run: Run, env: Mapping[str, str], warn: Warner, *, dry_run: bool, out: TextIO, err: TextIO
) -> int:
    """What is left for the next run, the summary (stdout and the job summary), the exit status."""
    totals = run.totals
    totals.not_started = totals.new_meetings - totals.started
    if line := left_line(totals):
        print(line, file=err)
    text = run_summary(totals, warn.messages, dry_run=dry_run, budget=(run.budget.used, run.budget.limit))
    append_step_summary(env, text, err)
    print(log_safe(text), file=out, end="")
    return 1 if totals.failed else 0
