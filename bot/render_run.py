"""What `process` prints while it runs: each meeting's heading, the dry run's writes, the tail.

The texts of the writes themselves are in `bot/render.py`; these are the lines a maintainer
reads in the job log (stdout and stderr), kept here so that `bot/process.py` only decides
when to print them.
"""

from __future__ import annotations

from typing import TextIO

from bot.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.annotations import digest_annotations, format_all, format_annotation, skipped_file_annotation
from bot.escape import log_safe
from bot.github import Applied, ApplyReport, WriteBudget
from bot.minutes_files import MinutesFile
from bot.models import MeetingDigest


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

    def digest(self, digest: MeetingDigest) -> None:
        """Names not in the roster, owner-less follow-ups, ambiguous PRs: on their lines."""
        if self.annotate:
            self.err.write(format_all(digest_annotations(digest)))


def meeting_heading(file: MinutesFile) -> str:
    """The line that opens a meeting's part of the log."""
    return log_safe(f"== {file.path} ({file.meeting.title or file.series.name}, {file.meeting.date})")


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


def left_line(left: int, not_started: int, unsettled: int) -> str | None:
    """The stderr line saying what waits for the next run, or None when nothing does."""
    if not (left or not_started or unsettled):
        return None
    return (
        f"minutes-bot: left for the next run: {left} write(s), {not_started} meeting(s) "
        f"not started, {unsettled} meeting(s) unsettled by a refused write"
    )
