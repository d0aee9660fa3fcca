"""What `process` prints while it runs: each meeting's heading, the dry run's writes, the tail.

The texts of the writes themselves are in `bot/render/items.py`; these are the lines a maintainer
reads in the job log (stdout and stderr), kept here so that `bot/app/process.py` only decides
when to print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from pydantic import BaseModel

from bot.domain.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.domain.apply_report import Applied, ApplyReport, WriteBudget
from bot.domain.config import Series
from bot.domain.markers import neutralise
from bot.domain.models import Findings, Meeting
from bot.render.annotations import (
    findings_annotations,
    format_all,
    format_annotation,
    skipped_file_annotation,
)
from bot.render.escape import log_safe
from bot.render.items import cut

PROBLEMS_MORE = "- … and {count} more, in the job log."
SUMMARY_HEADER = """\
### minutes-bot process{dry_run}

| Meetings | Created | Commented | Skipped (already done) | Left for next run | Problems |
| ---: | ---: | ---: | ---: | ---: | ---: |
"""

SUMMARY_ROW = "| {meetings} | {created} | {commented} | {skipped} | {left} | {problems} |\n"


def summary(
    *,
    meetings: str,
    created: int,
    commented: int,
    skipped: int,
    left: int,
    problems: Sequence[str],
    dry_run: bool,
    budget: tuple[int, int] | None = None,
    not_started: int = 0,
    held: Sequence[str] = (),
    warnings: Sequence[str] = (),
) -> str:
    """The job-summary table (GITHUB_STEP_SUMMARY), the write budget, held meetings, problems, warnings.

    `budget` is (writes used, writes.max_writes): what fit this run, so "left" is read
    against it, and meetings not started say their writes are not counted yet.
    """
    text = SUMMARY_HEADER.format(dry_run=" (dry run: nothing written)" if dry_run else "")
    text += SUMMARY_ROW.format(
        meetings=meetings,
        created=created,
        commented=commented,
        skipped=skipped,
        left=left,
        problems=len(problems),
    )
    if budget is not None:
        used, limit = budget
        later = f"; {not_started} meeting(s) not started, their writes not counted yet" if not_started else ""
        text += (
            f"\nWrite budget: {used} of {limit} (writes.max_writes) "
            f"{'would be ' if dry_run else ''}used this run; {left} write(s) left for the next run{later}.\n"
        )
    if held:
        text += "\n" + "".join(f"- Held: {neutralise(reason)}\n" for reason in held)
    if problems:
        lines = cut([f"- {neutralise(problem)}" for problem in problems], PROBLEMS_MORE)
        text += "\n" + "".join(f"{line}\n" for line in lines)
    if warnings:
        lines = cut([f"- {neutralise(warning)}" for warning in warnings], PROBLEMS_MORE)
        text += "\nWarnings:\n\n" + "".join(f"{line}\n" for line in lines)
    return text


class Totals(BaseModel):
    """What one `process` run did and left, counted as it goes; the summary reports it."""

    new_meetings: int = 0
    completed: int = 0
    created: int = 0
    commented: int = 0
    skipped: int = 0
    left: int = 0
    problems: list[str] = []
    stopped: bool = False
    started: int = 0
    not_started: int = 0  # new meetings not reached because the run stopped early
    unsettled: int = 0  # meetings left open because GitHub refused one of their writes
    failed: bool = False
    held: list[str] = []  # meetings over writes.max_per_meeting: why, and how to let them through


class Warner:
    """Warnings on stderr; in Actions also as annotations pinned to the minutes file and line."""

    def __init__(self, err: TextIO, annotate: bool) -> None:
        self.err = err
        self.annotate = annotate
        self.messages: list[str] = []  # repeated in the job summary, where a maintainer looks

    def __call__(self, message: str, file: str | None = None) -> None:
        self.messages.append(message)
        print(log_safe(f"minutes-bot: warning: {message}"), file=self.err)
        if self.annotate and file:
            print(format_annotation(skipped_file_annotation(file, message)), file=self.err)

    def findings(self, findings: Findings) -> None:
        """Names not in the roster, owner-less follow-ups, ambiguous PRs: on their lines."""
        if self.annotate:
            self.err.write(format_all(findings_annotations(findings)))


def meeting_heading(path: str, meeting: Meeting, series: Series) -> str:
    """The line that opens a meeting's part of the log."""
    return log_safe(f"== {path} ({meeting.title or series.name}, {meeting.date})")


def describe(action: Action) -> str:
    """The full text of one planned write, for --dry-run."""
    lines: list[str] = []
    if isinstance(action, CreateIssue):
        lines.append(f"* open issue in {action.repository}: {action.title}")
        lines.append(f"  labels: {', '.join(action.labels) or '-'}")
        lines.append(f"  assignees: {', '.join(action.assignees) or '-'}")
    elif isinstance(action, CreateComment):
        lines.append(f"* comment on {action.repository}#{action.number}")
    elif isinstance(action, UpdateComment):
        lines.append(f"* edit the bot's comment {action.comment_id} in {action.repository}: {action.reason}")
    elif isinstance(action, UpdateIssue) and action.state == "closed":
        lines.append(f"* close {action.repository}#{action.number} as {action.state_reason}: {action.reason}")
    else:
        lines.append(f"* {action.op} in {action.repository}")
    body = getattr(action, "body", None) or ""
    lines += [f"  | {line}" if line else "  |" for line in body.rstrip("\n").split("\n")]
    return "\n".join(lines)


def show(
    actions: list[Action], budget: WriteBudget, shown_labels: set[tuple[str, str]], out: TextIO
) -> ApplyReport:
    """Dry run: print every write that fits the budget in full, and pretend it was done.

    Writes past `writes.max_writes` are counted as left for the next run, as a real run
    would leave them; labels are not counted (most already exist), and each is shown once
    per run (`shown_labels` remembers them).
    """
    report = ApplyReport()
    for index, action in enumerate(actions):
        if isinstance(action, EnsureLabel):
            if (action.repository, action.name) not in shown_labels:
                shown_labels.add((action.repository, action.name))
                print(log_safe(f"* ensure label {action.name!r} in {action.repository}"), file=out)
            report.present.append(Applied(action=action))
            continue
        if not budget.take():
            report.left = [a for a in actions[index:] if not isinstance(a, EnsureLabel)]
            print(
                f"* budget spent (writes.max_writes: {budget.limit}): "
                f"{len(report.left)} more write(s) of this meeting left for the next run",
                file=out,
            )
            break
        print(log_safe(describe(action)), file=out)
        report.done.append(Applied(action=action))
    return report


def left_line(totals: Totals) -> str | None:
    """The stderr line saying what waits for the next run, or None when nothing does."""
    if not (totals.left or totals.not_started or totals.unsettled):
        return None
    return (
        f"minutes-bot: left for the next run: {totals.left} write(s), {totals.not_started} meeting(s) "
        f"not started, {totals.unsettled} meeting(s) unsettled by a refused write"
    )


def run_summary(totals: Totals, warnings: list[str], *, dry_run: bool, budget: tuple[int, int]) -> str:
    """The run's summary table, for stdout and the job summary."""
    return summary(
        meetings=f"{totals.completed} of {totals.new_meetings}",
        created=totals.created,
        commented=totals.commented,
        skipped=totals.skipped,
        left=totals.left,
        problems=totals.problems,
        warnings=warnings,
        dry_run=dry_run,
        budget=budget,
        not_started=totals.not_started,
        held=totals.held,
    )
