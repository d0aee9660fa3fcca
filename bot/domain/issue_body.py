"""The lines of a follow-up issue body that the bot writes and later reads back.

A follow-up's body is written once (render.follow_up_body) and read on every later run:
reminders read its `Due:` line and `Owner:` logins, the GitHub adapter its `Due:` line,
carry-over its quote. People edit these bodies, so each line is written and parsed here,
in one place, and the tests round-trip them (tests/test_issue_body.py).

Pure: strings in, strings or dates out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.parse.names import LOGIN
from bot.render.escape import neutralise

NO_OWNER_LINE = "Owner: nobody the bot could identify; please assign someone."

# People edit or append a `Due:` line to move the date, with the emphasis or list marker an
# editor adds ("**Due:** …", "- due: …"); the last one wins. Never a blockquote line: the body
# quotes the minutes, whose own "Due:" lines are not the date.
_DUE_LINE = re.compile(r"^[ \t*_-]*due[ \t*_]*:[ \t*_]*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE | re.MULTILINE)
_OWNER_LINE = re.compile(r"^[ \t*_-]*owners?\b", re.IGNORECASE)
_LOGIN = re.compile(rf"(?<![\w`@])@({LOGIN})(?![\w-])")
_QUOTE_LINE = re.compile(r"^> (.+)$", re.MULTILINE)


class Owner(BaseModel):
    """An owner as the body names them: `assigned` ones are notified by the assignment, the
    others only by the @-mention of their login in the `Owner:` line."""

    model_config = ConfigDict(frozen=True)

    name: str
    login: str
    assigned: bool


def owner_line(owners: Sequence[Owner]) -> str:
    """`Owner: Ada (assigned)` or `Owners: Ada (assigned), Bob (@bob)`; a plea when there is none."""
    if not owners:
        return NO_OWNER_LINE
    parts = [
        f"{neutralise(o.name)} (assigned)" if o.assigned else f"{neutralise(o.name)} (@{o.login})"
        for o in owners
    ]
    return f"Owner{'s' if len(owners) > 1 else ''}: {', '.join(parts)}"


def due_line(due: date | None) -> str:
    """The `Due:` line with its newline, or nothing: a follow-up without a date has no line."""
    return f"Due: {due.isoformat()}\n" if due else ""


def quote_line(text: str) -> str:
    """One line of minutes as a blockquote; `text` is already made inert and short by the renderer."""
    return f"> {text}"


def parse_due(body: str | None) -> date | None:
    """The last `Due: YYYY-MM-DD` line of a body (people edit or append it to move the date)."""
    found = None
    for match in _DUE_LINE.finditer(body or ""):
        try:
            found = date.fromisoformat(match.group(1))
        except ValueError:
            continue
    return found


def parse_owner_logins(body: str | None) -> tuple[str, ...]:
    """The @logins of the body's `Owner:`/`Owners:` lines, in order; names without a login are not read."""
    logins: list[str] = []
    for line in (body or "").splitlines():
        if _OWNER_LINE.match(line):
            logins += _LOGIN.findall(line)
    return tuple(logins)


def parse_quote(body: str | None) -> str | None:
    """The first quoted line: the minutes line the follow-up was opened from."""
    match = _QUOTE_LINE.search(body or "")
    return match.group(1) if match else None
