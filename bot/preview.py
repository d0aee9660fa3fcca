"""The preview comment on a pull request that adds or changes minutes.

Before minutes are merged, the note-taker sees what the bot will do with them: which
follow-ups it will open (owners, due dates), which pull requests it will comment on, and
which names it could not resolve, so a wrong or missing name is fixed before it becomes a
wrong ping. Pure rendering; posting the one comment is the GitHub adapter's job.

The comment itself never pings or backlinks: logins and references are code spans, and
text quoted from the minutes and paths go through `neutralise`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions import Action, CreateComment, UpdateComment
from bot.config import Config, Series
from bot.markers import Marker, neutralise, render_marker
from bot.minutes_files import series_for
from bot.models import FollowUp, MeetingDigest, Reference
from bot.plan_items import not_commented
from bot.state import Comment

MARKER = Marker(kind="preview", key="pull-request-preview")

HEADER = "### minutes-bot preview"
NOTHING = "Nothing to do: I found no follow-ups and no pull requests or issues in these minutes."
UNRESOLVED_HINT = (
    "They will not be pinged. Add them to `people:` in the bot's config, or write their "
    "`@handle` in the minutes."
)
FOOTER = (
    "_This comment is updated on every push to this pull request. Minutes the bot has "
    "processed already are not processed again._"
)


def _code(text: str) -> str:
    """A code span (no ping, no backlink) that a backtick in the text cannot end early."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _owners(item: FollowUp) -> str:
    named = [_code("@" + login) for login in item.owners]
    named += [f"{neutralise(name)} (not in roster)" for name in item.unresolved_names]
    return ", ".join(named) or "no owner named"


def _follow_up_line(item: FollowUp) -> str:
    due = f", due {item.due.isoformat()}" if item.due else ", no due date"
    return f"- line {item.line}: **{_owners(item)}**{due}: {neutralise(item.text)}"


def _reference_line(ref: Reference) -> str:
    how = "named by subject" if ref.implicit else "linked"
    kind = {"pull": "pull request", "issue": "issue"}.get(ref.kind, "pull request or issue")
    return f"- {_code(f'{ref.repository}#{ref.number}')} ({kind}, {how}, line {ref.line})"


def _unresolved(meeting: MeetingDigest) -> dict[str, list[int]]:
    names: dict[str, list[int]] = {}
    for item in meeting.follow_ups:
        for name in item.unresolved_names:
            names.setdefault(name, []).append(item.line)
    return names


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def not_processed_reason(meeting: MeetingDigest, series: Series | None) -> str | None:
    """Why `process` would leave this minutes file alone, or None when it will process it."""
    if series is None:
        return "This file is in no configured series (`series:` folder and pattern)"
    if meeting.date is None:
        return "This file has no meeting date in its title or file name"
    if series.start_date and meeting.date and meeting.date < series.start_date:
        return f"This meeting is dated before the series' `start_date` ({series.start_date.isoformat()})"
    return None


def _meeting_section(meeting: MeetingDigest, series: Series | None) -> list[str]:
    when = meeting.date.isoformat() if meeting.date else "date unknown"
    lines = [f"#### {neutralise(meeting.file)} ({when})", ""]
    reason = not_processed_reason(meeting, series)
    if reason:
        return [*lines, f"{reason}, so it will **not** be processed.", ""]
    where = f" in {_code(series.issues_repository)}" if series and series.issues_repository else ""
    if meeting.follow_ups:
        lines += [f"**Open {_plural(len(meeting.follow_ups), 'follow-up issue')}**{where}:", ""]
        lines += [_follow_up_line(item) for item in meeting.follow_ups]
        lines.append("")
    if meeting.references:
        lines += [
            f"**Comment on {_plural(len(meeting.references), 'pull request or issue', 'pull requests or issues')}** the call discussed:",
            "",
        ]
        lines += [_reference_line(ref) for ref in meeting.references]
        lines.append("")
    if not meeting.follow_ups and not meeting.references:
        lines += [NOTHING, ""]
    unresolved = _unresolved(meeting)
    if unresolved:
        lines += [f"**Could not resolve {_plural(len(unresolved), 'name')}.** {UNRESOLVED_HINT}", ""]
        lines += [
            f"- {neutralise(name)} (line{'s' if len(at) > 1 else ''} {', '.join(map(str, at))})"
            for name, at in unresolved.items()
        ]
        lines.append("")
    if meeting.warnings:
        lines += ["**Warnings:**", ""]
        lines += [f"- {neutralise(warning)}" for warning in meeting.warnings]
        lines.append("")
    return lines


def _summary(meetings: Sequence[MeetingDigest]) -> str:
    follow_ups = sum(len(m.follow_ups) for m in meetings)
    references = sum(len(m.references) for m in meetings)
    names = len({name for m in meetings for name in _unresolved(m)})
    return (
        f"When this pull request is merged, I will open **{_plural(follow_ups, 'follow-up issue')}**, "
        f"comment on **{_plural(references, 'pull request or issue', 'pull requests or issues')}**, and could not resolve "
        f"**{_plural(names, 'name')}**."
    )


def _commented_only(
    meeting: MeetingDigest, series: Series | None, config: Config
) -> tuple[MeetingDigest, Series | None]:
    """The meeting with only the references `process` would comment on (see `not_commented`)."""
    issues_repository = series.issues_repository if series and series.issues_repository else ""
    kept = [ref for ref in meeting.references if not not_commented(ref, config, issues_repository)]
    return meeting.model_copy(update={"references": kept}), series


def render_preview(meetings: Sequence[MeetingDigest], config: Config, skipped: Sequence[str] = ()) -> str:
    """The whole comment for one pull request, ending with the bot's preview marker.

    `skipped` holds one line per minutes file that could not be read (path and reason).
    """
    placed = [_commented_only(meeting, series_for(meeting.file, config), config) for meeting in meetings]
    lines = [HEADER, ""]
    if meetings:
        lines += [_summary([m for m, series in placed if not not_processed_reason(m, series)]), ""]
    for meeting, series in placed:
        lines += _meeting_section(meeting, series)
    if skipped:
        lines += ["**Could not read these files**, so they will not be processed:", ""]
        lines += [f"- {neutralise(reason)}" for reason in skipped]
        lines.append("")
    if not meetings and not skipped:
        lines += ["No minutes files in this pull request.", ""]
    lines += [FOOTER, "", render_marker(MARKER)]
    return "\n".join(lines) + "\n"


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
