"""What the bot says on GitHub about each item of the minutes, as reviewable templates.

The meeting issue is in `bot/render/meeting.py`, the run's log and summary in `bot/render/process.py`.

Pure: plain values in, Markdown out. Text quoted from the minutes, paths and titles go
through `neutralise` (bot/render/escape.py) on their way into a body, and `inert_title` into a
title, so the minutes cannot ping, backlink, link elsewhere or forge a marker; only logins
the planner resolved are written as @mentions. Long lists are cut with a count, so every
body stays under GitHub's limit (`fit_body` in bot/domain/markers.py is the last guard).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote

from bot.domain.issue_body import Owner, due_line, owner_line, quote_line
from bot.domain.markers import BODY_LIMIT, Marker, neutralise, render_marker
from bot.parse.words import split_sentences

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

# Characters per list in one body: with the template around them, a body stays well under
# GitHub's 65,536 (BODY_LIMIT) however many items a hostile or huge minutes file holds.
LIST_BUDGET = 15_000
QUOTES_MORE = "> … and {count} more lines of the minutes that name it."

DONE_CLOSING = "<sub>Closed by minutes-bot on this evidence; reopen it if it is not done.</sub>"
DONE_OPEN = "<sub>minutes-bot leaves it open: close it if it is done.</sub>"


_TITLE_LENGTH = 80
_QUOTE_LENGTH = 1500
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


def inert_quote(text: str) -> str:
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
    sentence = next(iter(split_sentences(" ".join(text.split()))), (0, ""))[1].rstrip(" .;:-–—")
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
        quote=quote_line(inert_quote(quote)),
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
    lines = cut([f"> {inert_quote(text)} ([line]({link}))" for text, link in quotes], QUOTES_MORE)
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


def continuation_comment(
    *, quote: str, series: str, meeting_date: date | None, link: str, marker: Marker
) -> str:
    return CONTINUATION_COMMENT.format(
        series=neutralise(series),
        date=meeting_date.isoformat() if meeting_date else "unknown date",
        link=link,
        quote=inert_quote(quote),
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
        said = f"the [{neutralise(series)} of {when}]({link}) says\n\n> {inert_quote(evidence)}"
    else:
        said = neutralise(evidence) + "."
    return DONE_COMMENT.format(
        evidence=said,
        closing=DONE_CLOSING if closing else DONE_OPEN,
        marker=render_marker(marker),
    )
