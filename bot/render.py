"""Everything the bot says on GitHub when processing minutes, as reviewable templates.

Pure: plain values in, Markdown out. Text quoted from the minutes, paths and titles go
through `neutralise` (bot/escape.py) on their way into a body, and `inert_title` into a
title, so the minutes cannot ping, backlink, link elsewhere or forge a marker; only logins
the planner resolved are written as @mentions. Long lists are cut with a count, so every
body stays under GitHub's limit (`fit_body` in bot/markers.py is the last guard).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote

from pydantic import BaseModel

from bot.issue_body import Owner, due_line, owner_line, quote_line
from bot.markers import BODY_LIMIT, Marker, neutralise, render_marker

FOLLOW_UP_BODY = """\
{owners}
{due}
{quote}

From the [{series} of {date}]({permalink}) ({path}, line {line}).
{unresolved}
<sub>Opened by minutes-bot from the meeting minutes. Close this issue when it is done; \
edit the `Due:` line if the date changes.</sub>

{marker}
"""

REFERENCE_COMMENT = """\
{greeting}This {kind} was discussed in the [{series} of {date}]({minutes_link}):

{quotes}

{footer}

{marker}
"""

REFERENCE_FOOTER = "<sub>Posted once by minutes-bot from the meeting minutes.</sub>"
REFERENCE_FOOTER_KEPT = "<sub>Kept up to date by minutes-bot: one section per call that discussed it.</sub>"
_AGAIN = "\n\nDiscussed again in the ["
REFERENCE_SECTION = """\
Discussed again in the [{series} of {date}]({minutes_link}):

{quotes}
"""

CONTINUATION_COMMENT = """\
This came up again in the [{series} of {date}]({link}):

> {quote}

<sub>Posted by minutes-bot instead of opening a second issue for the same follow-up.</sub>

{marker}
"""

DONE_COMMENT = """\
This looks done: {evidence}

{closing}

{marker}
"""

OUTSTANDING_SHOWN = 25
# Characters per list in one body: with the template around them, a body stays well under
# GitHub's 65,536 (BODY_LIMIT) however many items a hostile or huge minutes file holds.
LIST_BUDGET = 15_000
FOLLOW_UPS_MORE = "- … and {count} more: the issues with the follow-up label."
REFERENCES_MORE = "- … and {count} more."
CHECKS_MORE = "- [ ] … and {count} more to check: `minutes-bot extract` on the minutes file lists them."
PROBLEMS_MORE = "- … and {count} more, in the job log."
QUOTES_MORE = "> … and {count} more lines of the minutes that name it."

DONE_CLOSING = "<sub>Closed by minutes-bot on this evidence; reopen it if it is not done.</sub>"
DONE_OPEN = "<sub>minutes-bot leaves it open: close it if it is done.</sub>"

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

SUMMARY_HEADER = """\
### minutes-bot process{dry_run}

| Meetings | Created | Commented | Skipped (already done) | Left for next run | Problems |
| ---: | ---: | ---: | ---: | ---: | ---: |
"""

SUMMARY_ROW = "| {meetings} | {created} | {commented} | {skipped} | {left} | {problems} |\n"

_TITLE_LENGTH = 80
# A GitHub login: letters, digits and hyphens, at most 39 characters; an app's ends in "[bot]".
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")
_QUOTE_LENGTH = 1500
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_PREFIX = re.compile(
    r"^(?:\*\*)?(?:action\s+items?|action|ai|todo|to-do)\b[^:]*:\s*(?:\*\*)?\s*", re.IGNORECASE
)
_COMMITMENT = (
    r"(?:plans?|agreed|offered|promised|volunteered|wants?|needs?|intends?|is going|are going|"
    r"is requested|are requested|is asked|was asked|will try|has to|have to)\s+to|will|shall|should|to"
)
_CLAUSE = re.compile(r",\s+(?:(?:which|so that|so|because|as|since|and then|but)\b|and\s+(?=[A-Z]))")


def permalink(repository: str, commit: str, path: str, line: int | None = None) -> str:
    """https://docs.github.com/en/repositories/working-with-files/using-files/getting-permanent-links-to-files

    Each path segment is percent-encoded: a space, `#`, `?`, `)` or `<` in a file name would
    otherwise end the Markdown link or the URL's path early, and the link would not render.
    """
    anchor = f"#L{line}" if line else ""
    encoded = "/".join(quote(segment, safe="") for segment in path.split("/"))
    return f"https://github.com/{quote(repository)}/blob/{quote(commit, safe='')}/{encoded}{anchor}"


def cut(lines: Sequence[str], more: str, budget: int = LIST_BUDGET) -> list[str]:
    """The lines that fit in `budget` characters, then `more` (formatted with the count left)."""
    kept: list[str] = []
    used = 0
    for line in lines:
        used += len(line) + 1
        if used > budget:
            return [*kept, more.format(count=len(lines) - len(kept))]
        kept.append(line)
    return kept


def inert_title(text: str) -> str:
    """Titles are plain text; keep them from rendering mentions or issue links in lists."""
    text = re.sub(r"@(?=[A-Za-z0-9])", "@\u200d", text)
    return re.sub(r"#(?=\d)", "#\u200d", text)


def _quote(text: str) -> str:
    """One line of minutes, inert, and short enough that no body nears GitHub's 65,536 limit."""
    text = " ".join(text.split())
    if len(text) > _QUOTE_LENGTH:
        text = text[:_QUOTE_LENGTH].rsplit(" ", 1)[0] + " …"
    return neutralise(text)


def follow_up_title(text: str, names: Sequence[str], first_names: Sequence[str] = ()) -> str:
    """What a person would title it: the action itself, then who.

    "Jörg plans to post his work next week, which …" with owner Jörg Rödel becomes
    "Post his work next week (Jörg Rödel)". Falls back to the first sentence as written.
    """
    sentence = _SENTENCE.split(" ".join(text.split()), maxsplit=1)[0].rstrip(" .;:")
    sentence = _PREFIX.sub("", sentence)
    spellings = sorted({s for s in (*names, *first_names) if s}, key=len, reverse=True)
    if spellings:
        who = "|".join(re.escape(s) for s in spellings)
        lead = re.compile(
            rf"^(?:(?:{who})(?:\s*(?:,|and|&)\s*(?:{who}))*)\s+(?:{_COMMITMENT})\s+(?P<rest>.+)$",
            re.IGNORECASE,
        )
        match = lead.match(sentence)
        if match:
            sentence = match.group("rest")
    clause = _CLAUSE.search(sentence)
    if clause and clause.start() >= 15:
        sentence = sentence[: clause.start()]
    sentence = sentence.strip(" ,.;:")
    if len(sentence) > _TITLE_LENGTH:
        cut = sentence[:_TITLE_LENGTH].rsplit(" ", 1)[0]
        sentence = cut.rstrip(" ,.;:") + "…"
    sentence = sentence[:1].upper() + sentence[1:]
    owners = f" ({', '.join(names)})" if names else ""
    return inert_title(sentence + owners) or "Follow-up from the minutes"


def follow_up_body(
    *,
    owners: Sequence[Owner],
    unresolved: Sequence[str],
    due: date | None,
    quote: str,
    series: str,
    meeting_date: date | None,
    path: str,
    line: int,
    link: str,
    marker: Marker,
) -> str:
    """Owners who could be assigned are named (the assignment notifies them); the others are
    @-mentioned, the only way to reach them."""
    note = ""
    if unresolved:
        names = ", ".join(neutralise(name) for name in unresolved)
        note = f"\nAlso named in the minutes, with no known GitHub login: {names}.\n"
    return FOLLOW_UP_BODY.format(
        owners=owner_line(owners),
        due=due_line(due),
        quote=quote_line(_quote(quote)),
        series=neutralise(series),
        date=meeting_date.isoformat() if meeting_date else "unknown date",
        permalink=link,
        path=neutralise(path),
        line=line,
        unresolved=note,
        marker=render_marker(marker),
    )


def reference_comment(
    *,
    kind: str,
    author: str | None,
    quotes: Sequence[tuple[str, str]],
    series: str,
    meeting_date: date | None,
    minutes_link: str,
    marker: Marker,
) -> str:
    """`quotes` are (minutes text, permalink to its line) pairs, in line order.

    A marker that covers meetings (`covers`) is the one comment kept up to date per PR.
    """
    noun = {"pull": "pull request", "issue": "issue"}.get(kind, "item")
    return REFERENCE_COMMENT.format(
        greeting=f"@{author}: " if author else "",
        kind=noun,
        series=neutralise(series),
        date=meeting_date.isoformat() if meeting_date else "unknown date",
        minutes_link=minutes_link,
        quotes=_quotes(quotes),
        footer=REFERENCE_FOOTER_KEPT if marker.covers else REFERENCE_FOOTER,
        marker=render_marker(marker),
    )


def _quotes(quotes: Sequence[tuple[str, str]]) -> str:
    lines = cut([f"> {_quote(text)} ([line]({link}))" for text, link in quotes], QUOTES_MORE)
    return "\n>\n".join(lines)


def extend_reference_comment(
    body: str,
    *,
    quotes: Sequence[tuple[str, str]],
    series: str,
    meeting_date: date | None,
    minutes_link: str,
    marker: Marker,
) -> str:
    """The kept-up-to-date comment with one more call's section, before its footer.

    Editing a comment notifies nobody, so the PR's author is pinged once, by the first call.
    """
    cut = body.rfind("\n<sub>")
    kept = (body[:cut] if cut != -1 else body).rstrip("\n")
    section = REFERENCE_SECTION.format(
        series=neutralise(series),
        date=meeting_date.isoformat() if meeting_date else "unknown date",
        minutes_link=minutes_link,
        quotes=_quotes(quotes),
    )
    text = f"{kept}\n\n{section}"
    closing = f"\n{REFERENCE_FOOTER_KEPT}\n\n{render_marker(marker)}\n"
    # A PR discussed for years: the oldest "discussed again" sections make room for the newest.
    while len(text) + len(closing) > BODY_LIMIT:
        first = text.find(_AGAIN)
        second = text.find(_AGAIN, first + 1) if first != -1 else -1
        if second == -1:
            break
        text = text[:first] + text[second:]
    return text + closing


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
        what = f": {_quote(entry.text)}" if entry.text else ""
        lines.append(f"- {_target(entry)}{what}")
    return "\n".join(lines) + "\n\n"


def continuation_comment(
    *, quote: str, series: str, meeting_date: date | None, link: str, marker: Marker
) -> str:
    return CONTINUATION_COMMENT.format(
        series=neutralise(series),
        date=meeting_date.isoformat() if meeting_date else "unknown date",
        link=link,
        quote=_quote(quote),
        marker=render_marker(marker),
    )


def done_comment(
    *,
    evidence: str,
    series: str,
    meeting_date: date | None,
    link: str | None,
    closing: bool,
    marker: Marker,
) -> str:
    """`link` is the minutes line that says it is done; None when a merged PR is the evidence."""
    if link:
        when = meeting_date.isoformat() if meeting_date else "unknown date"
        said = f"the [{neutralise(series)} of {when}]({link}) says\n\n> {_quote(evidence)}"
    else:
        said = neutralise(evidence) + "."
    return DONE_COMMENT.format(
        evidence=said,
        closing=DONE_CLOSING if closing else DONE_OPEN,
        marker=render_marker(marker),
    )


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
