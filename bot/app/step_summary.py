"""The job summary: Markdown appended to GITHUB_STEP_SUMMARY, shown on the workflow run page."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO


def append_step_summary(env: Mapping[str, str], markdown: str, err: TextIO | None = None) -> None:
    """Append one block; outside Actions the variable is unset and nothing happens.

    https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#adding-a-job-summary
    A summary that cannot be written is a warning: the run's real work is already done.
    """
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(markdown.rstrip("\n") + "\n\n")
    except OSError as exc:
        print(
            f"minutes-bot: warning: cannot write the job summary {path}: {exc.strerror or exc}",
            file=err or sys.stderr,
        )
