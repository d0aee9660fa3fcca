"""Posting the preview: create or update the one preview comment on a minutes pull request.

The I/O edge around the pure `bot/plan/preview.py`: reads the pull request's comments through
the adapter, applies the one planned write, and says whether the check passed.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from bot.domain.config import Config
from bot.domain.errors import InputError
from bot.github.client import GitHubClient, Outcome, WriteBudget
from bot.plan.preview import plan_preview_comment
from bot.render.escape import log_safe


def post_preview(
    client: GitHubClient,
    comment: str,
    number: int,
    repository: str,
    config: Config,
    env: Mapping[str, str],
    err: TextIO | None = None,
) -> int:
    """0 when the comment is on the pull request (or could not be, but the summary shows it)."""
    err = err or sys.stderr
    comments = client.list_comments(repository, number)
    if comments is None:
        raise InputError(f"GET /repos/{repository}/issues/{number}: pull request not found")
    actions = plan_preview_comment(repository, number, comment, comments)
    report = client.apply(actions, WriteBudget(config.writes.max_writes))
    if not report.errors and not report.left:
        return 0
    for problem in report.errors:
        print(log_safe(f"minutes-bot: {problem.line()}"), file=err)
    if report.left:
        print("minutes-bot: preview comment not posted yet (write budget or rate limit)", file=err)
        return 1
    # A token that may not comment here (a fork's read-only token, a locked conversation)
    # is not a failure of the check when the job summary already shows the preview.
    cannot = all(p.outcome in (Outcome.SKIP, Outcome.REFUSED) or "(403)" in p.reason for p in report.errors)
    if cannot and env.get("GITHUB_STEP_SUMMARY"):
        print("minutes-bot: could not comment; the preview is in the job summary", file=err)
        return 0
    return 1
