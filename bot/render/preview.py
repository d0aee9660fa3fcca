"""The preview comment's text: what the bot will do with the minutes of a pull request.

Pure templates; `bot/plan/preview.py` decides which meetings are processed and which
references commented on. The comment never pings or backlinks: logins and references are
code spans, and text quoted from the minutes and paths go through `neutralise`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from bot.domain.config import Series
from bot.domain.markers import Marker, neutralise, render_marker
from bot.domain.models import Findings, FollowUp, Reference

MARKER = Marker(kind="preview", key="pull-request-preview")


class PreviewedMeeting(BaseModel):
    """One meeting of the pull request, as `bot/plan/preview.py` placed it."""

    model_config = ConfigDict(frozen=True)

    findings: Findings  # only the references `process` would comment on
    series: Series | None
    not_processed: str | None = None  # why `process` would leave the file alone


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


def _unresolved(meeting: Findings) -> dict[str, list[int]]:
    names: dict[str, list[int]] = {}
    for item in meeting.follow_ups:
        for name in item.unresolved_names:
            names.setdefault(name, []).append(item.line)
    return names


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def _meeting_section(placed: PreviewedMeeting) -> list[str]:
    meeting, series, reason = placed.findings, placed.series, placed.not_processed
    when = meeting.date.isoformat() if meeting.date else "date unknown"
    lines = [f"#### {neutralise(meeting.file)} ({when})", ""]
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


def _summary(meetings: Sequence[Findings]) -> str:
    follow_ups = sum(len(m.follow_ups) for m in meetings)
    references = sum(len(m.references) for m in meetings)
    names = len({name for m in meetings for name in _unresolved(m)})
    return (
        f"When this pull request is merged, I will open **{_plural(follow_ups, 'follow-up issue')}**, "
        f"comment on **{_plural(references, 'pull request or issue', 'pull requests or issues')}**, and could not resolve "
        f"**{_plural(names, 'name')}**."
    )


def preview_body(meetings: Sequence[PreviewedMeeting], skipped: Sequence[str] = ()) -> str:
    """The whole comment for one pull request, ending with the bot's preview marker.

    `skipped` holds one line per minutes file that could not be read (path and reason).
    """
    lines = [HEADER, ""]
    if meetings:
        lines += [_summary([m.findings for m in meetings if not m.not_processed]), ""]
    for meeting in meetings:
        lines += _meeting_section(meeting)
    if skipped:
        lines += ["**Could not read these files**, so they will not be processed:", ""]
        lines += [f"- {neutralise(reason)}" for reason in skipped]
        lines.append("")
    if not meetings and not skipped:
        lines += ["No minutes files in this pull request.", ""]
    lines += [FOOTER, "", render_marker(MARKER)]
    return "\n".join(lines) + "\n"
