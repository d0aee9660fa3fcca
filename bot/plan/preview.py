"""The preview comment on a pull request that adds or changes minutes.

Before minutes are merged, the note-taker sees what the bot will do with them: which
follow-ups it will open (owners, due dates), which pull requests it will comment on, and
which names it could not resolve, so a wrong or missing name is fixed before it becomes a
wrong ping. Pure decisions (which meetings `process` takes, which references it comments
on, whether the one comment changes); the text is `bot/render/preview.py`'s, posting the
comment the GitHub adapter's job.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.actions import Action, CreateComment, UpdateComment
from bot.domain.config import PullRequests, References, Series
from bot.domain.models import Findings
from bot.domain.state import Comment
from bot.plan.items import not_commented
from bot.render.preview import MARKER, PreviewedMeeting, preview_body


def not_processed_reason(meeting: Findings, series: Series | None) -> str | None:
    """Why `process` would leave this minutes file alone, or None when it will process it."""
    if series is None:
        return "This file is in no configured series (`series:` folder and pattern)"
    if meeting.date is None:
        return "This file has no meeting date in its title or file name"
    if series.start_date and meeting.date and meeting.date < series.start_date:
        return f"This meeting is dated before the series' `start_date` ({series.start_date.isoformat()})"
    return None


def _commented_only(
    meeting: Findings, series: Series | None, references: References, pull_requests: PullRequests
) -> Findings:
    """The meeting with only the references `process` would comment on (see `not_commented`)."""
    issues_repository = series.issues_repository if series and series.issues_repository else ""
    kept = [
        ref
        for ref in meeting.references
        if not not_commented(ref, references, pull_requests, issues_repository)
    ]
    return meeting.model_copy(update={"references": kept})


def render_preview(
    meetings: Sequence[tuple[Findings, Series | None]],
    references: References,
    pull_requests: PullRequests,
    skipped: Sequence[str] = (),
) -> str:
    """The whole comment for one pull request.

    `meetings`: each with the series whose folder and pattern find its file (`series_for`,
    decided where the files are named), None when no series does. `skipped`: one line per
    file that could not be read.
    """
    placed = []
    for meeting, series in meetings:
        findings = _commented_only(meeting, series, references, pull_requests)
        placed.append(
            PreviewedMeeting(
                findings=findings, series=series, not_processed=not_processed_reason(findings, series)
            )
        )
    return preview_body(placed, skipped)


def _same(a: str, b: str) -> bool:
    """GitHub may hand a body back with CRLF line ends or trimmed; that is not a change."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def plan_preview_comment(
    repository: str, number: int, body: str, comments: Sequence[Comment]
) -> list[Action]:
    """Create the one preview comment, update it when the minutes changed, else nothing.

    `comments` are the pull request's comments as the adapter reads them: `marker` is set
    only on the bot's own, so a copy of the marker in someone else's comment is ignored.
    When an earlier run left two, the oldest is kept up to date and the rest left alone.
    """
    mine = [c for c in comments if c.marker is not None and c.marker.kind == MARKER.kind]
    if not mine:
        return [
            CreateComment(
                repository=repository,
                number=number,
                body=body,
                marker=MARKER,
                reason=f"preview of the minutes in pull request {number}",
            )
        ]
    comment = min(mine, key=lambda c: (c.created_at, c.id))
    if _same(comment.body, body):
        return []
    return [
        UpdateComment(
            repository=repository,
            comment_id=comment.id,
            body=body,
            marker=MARKER,
            reason=f"preview of the minutes in pull request {number}, updated",
        )
    ]
