"""The human-readable findings that `extract --format markdown` prints (the JSON is ExtractOutput)."""

from __future__ import annotations

from bot.domain.models import ExtractOutput, Findings


def _owners(names: list[str], logins: list[str], unresolved: list[str]) -> str:
    known = [f"{name} (@{login})" for name, login in zip(names, logins, strict=False)]
    known += [f"@{login}" for login in logins[len(names) :]]
    known += [f"{name} (not in roster)" for name in unresolved]
    return ", ".join(known) or "no owner named"


def render_meeting(meeting: Findings) -> str:
    when = meeting.date.isoformat() if meeting.date else "date unknown"
    lines = [f"# {meeting.title or meeting.file} ({when})", "", f"Source: `{meeting.file}`", ""]
    lines.append(f"## Follow-ups ({len(meeting.follow_ups)})")
    lines.append("")
    for item in meeting.follow_ups:
        due = f", due {item.due.isoformat()}" if item.due else ""
        topic = f" [{item.topic}]" if item.topic else ""
        owners = _owners(item.owner_names, item.owners, item.unresolved_names)
        lines.append(f"- line {item.line}{topic}: **{owners}**{due}")
        lines.append(f"  {item.text}")
    if not meeting.follow_ups:
        lines.append("None found.")
    lines += ["", f"## Pull requests and issues discussed ({len(meeting.references)})", ""]
    for ref in meeting.references:
        how = "named by subject" if ref.implicit else "linked"
        people = f", with {', '.join('@' + p for p in ref.people)}" if ref.people else ""
        skipped = "" if ref.discussed else ", not discussed"
        lines.append(f"- line {ref.line}: {ref.repository}#{ref.number} ({ref.kind}, {how}{people}{skipped})")
    if not meeting.references:
        lines.append("None found.")
    if meeting.candidates:
        lines += ["", f"## Please check: named by subject, not sure ({len(meeting.candidates)})", ""]
        for candidate in meeting.candidates:
            also = "".join(f" or {a.repository}#{a.number}" for a in candidate.alternatives)
            lines.append(
                f"- line {candidate.line}: {candidate.repository}#{candidate.number}{also}: {candidate.why}"
            )
    if meeting.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {warning}" for warning in meeting.warnings]
    return "\n".join(lines) + "\n"


def render_findings(output: ExtractOutput) -> str:
    return "\n".join(render_meeting(meeting) for meeting in output.meetings)
