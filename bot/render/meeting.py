"""The meeting issue as the bot writes it: its title, its lists and the checklist for a human.

Pure templates, like `bot/render/items.py`: the meeting issue links items by number and writes
owners as code, so it informs without pinging; every list is cut to fit one body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel

from bot.domain.markers import Marker, neutralise, render_marker
from bot.parse.names import LOGIN
from bot.render.items import cut, inert_quote, inert_title

OUTSTANDING_SHOWN = 25

FOLLOW_UPS_MORE = "- … and {count} more: the issues with the follow-up label."

REFERENCES_MORE = "- … and {count} more."

CHECKS_MORE = "- [ ] … and {count} more to check: `minutes-bot extract` on the minutes file lists them."

MEETING_TITLE = "{series} of {date}: follow-ups and pull requests discussed"

MEETING_BODY = """\
Minutes: [{path}]({minutes_link})

### Follow-ups ({follow_up_count})

{follow_ups}

### Pull requests and issues discussed ({reference_count})

{references}

{not_discussed}{outstanding}### Please check ({check_count})

{checklist}

<sub>Opened by minutes-bot once per meeting, after the items above were written.</sub>

{marker}
"""

# The meeting issue's checklist: what a human should decide, worded by the planner's findings.
CHECK_FOLLOW_UP_AT = "the follow-up on line {line}"

CHECK_NOT_OPENED = "Could not open the follow-up on line {line}: {why}"

CHECK_NOT_PINGED = (
    "{where}: the minutes name {handles}, who is neither in the roster nor assignable here; "
    "the bot did not ping them."
)

CHECK_NO_LOGIN = "{where}: no GitHub login known for {names}; assign the right person."

CHECK_NO_OWNER = "{where}: the minutes name no owner; assign someone or close it."

CHECK_NOT_COMMENTED = "Could not comment on {target}: {why}"

CHECK_BY_SUBJECT = "{target} was matched by its subject (line {line}), not by number: is it the right one?"

CHECK_CANDIDATE = (
    'Line {line} may mean {target}{others}: {why}. "{quote}". The bot did not comment; '
    "comment yourself if it is the one."
)

CHECK_CANDIDATE_OTHERS = " (or {also})"

# A GitHub login; an app's ends in "[bot]".
_LOGIN = re.compile(rf"{LOGIN}(?:\[bot\])?")


class FollowUpEntry(BaseModel):
    title: str
    number: int | None  # None: not opened yet (dry run)
    due: date | None = None


class ReferenceEntry(BaseModel):
    repository: str
    number: int
    kind: str
    implicit: bool
    uncommented: str | None = None  # why the bot did not comment on it, when it did not
    outside: bool = False  # not a repository of the config: shown inertly, never linked
    text: str | None = None  # the agenda line, for the "Not discussed" list


def _target(ref: ReferenceEntry) -> str:
    """`owner/repo#N`, autolinked when the bot commented on it, else inert text (it reads the
    same, with no link): a link would put this issue in the timeline of a PR or issue the
    bot chose to leave alone, or of another project's."""
    if ref.outside or ref.uncommented:
        return neutralise(f"{ref.repository}#{ref.number}")
    return f"{ref.repository}#{ref.number}"


def _not_discussed(entries: Sequence[ReferenceEntry]) -> str:
    """Agenda items the call did not get to: listed, never commented on."""
    if not entries:
        return ""
    lines = [f"### Not discussed ({len(entries)})", ""]
    for entry in entries:
        what = f": {inert_quote(entry.text)}" if entry.text else ""
        lines.append(f"- {_target(entry)}{what}")
    return "\n".join(lines) + "\n\n"


class OutstandingEntry(BaseModel):
    number: int
    title: str
    owners: tuple[str, ...]
    age_days: int
    overdue_days: int | None
    reminders_stopped: bool = False


def _outstanding(entries: Sequence[OutstandingEntry]) -> str:
    """Owners as code, not @mentions: the reminders ping, the agenda only lists.

    The oldest come first and the list stops at OUTSTANDING_SHOWN, so a meeting issue stays
    readable after a year of calls; the rest are one label filter away.
    """
    if not entries:
        return ""
    lines = [f"### Still open from earlier calls ({len(entries)})", ""]
    for entry in entries[:OUTSTANDING_SHOWN]:
        who = ", ".join(_login_code(login) for login in entry.owners) or "no owner"
        late = f", {entry.overdue_days} days overdue" if entry.overdue_days else ""
        quiet = "; reminders stopped, please review" if entry.reminders_stopped else ""
        lines.append(
            f"- #{entry.number} {neutralise(entry.title)} ({who}; opened {entry.age_days} days ago{late}{quiet})"
        )
    if len(entries) > OUTSTANDING_SHOWN:
        lines.append(
            f"- … and {len(entries) - OUTSTANDING_SHOWN} more: the open issues with the follow-up label."
        )
    return "\n".join(lines) + "\n\n"


def _login_code(login: str) -> str:
    """A login as code (read, not pinged); anything not shaped like a login is escaped instead."""
    return f"`{login}`" if _LOGIN.fullmatch(login) else neutralise(login)


def meeting_title(series: str, meeting_date: date | None, path: str) -> str:
    return inert_title(
        MEETING_TITLE.format(series=series, date=meeting_date.isoformat() if meeting_date else path)
    )


def meeting_body(
    *,
    path: str,
    minutes_link: str,
    follow_ups: Sequence[FollowUpEntry],
    references: Sequence[ReferenceEntry],
    checklist: Sequence[str],
    marker: Marker,
    outstanding: Sequence[OutstandingEntry] = (),
    not_discussed: Sequence[ReferenceEntry] = (),
) -> str:
    """Links by number, names without @: the summary informs, it never pings anyone."""
    items = []
    for entry in follow_ups:
        due = f", due {entry.due.isoformat()}" if entry.due else ""
        where = f"#{entry.number}" if entry.number is not None else "(to be opened)"
        items.append(f"- {where} {neutralise(entry.title)}{due}")
    refs = []
    for ref in references:
        noun = {"pull": "pull request", "issue": "issue"}.get(ref.kind, "pull request or issue")
        how = ", matched by its subject" if ref.implicit else ""
        why = f"; not commented on: {neutralise(ref.uncommented)}" if ref.uncommented else ""
        refs.append(f"- {_target(ref)} ({noun}{how}{why})")
    checks = [f"- [ ] {item}" for item in checklist]
    return MEETING_BODY.format(
        path=neutralise(path),
        minutes_link=minutes_link,
        follow_up_count=len(follow_ups),
        follow_ups="\n".join(cut(items, FOLLOW_UPS_MORE)) or "None found.",
        reference_count=len(references),
        references="\n".join(cut(refs, REFERENCES_MORE)) or "None found.",
        outstanding=_outstanding(outstanding),
        not_discussed=_not_discussed(not_discussed),
        check_count=len(checklist),
        checklist="\n".join(cut(checks, CHECKS_MORE)) or "Nothing: the bot was sure of everything.",
        marker=render_marker(marker),
    )
