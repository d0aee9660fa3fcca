"""Hidden markers: how the bot recognises its own issues and comments on GitHub.

GitHub is the bot's database. Every body the bot writes ends with one marker holding a
stable key; state is rebuilt by listing bodies and reading markers. Only the marker that
ends a body counts, and only in bodies authored by the bot's own identity (the caller
checks the author); text quoted from minutes goes through `neutralise` (bot/render/escape.py),
so it can never carry a marker, a ping or a backlink.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.render.escape import neutralise

# `neutralise` lives in bot/render/escape.py; the planners import it from here with the marker.
__all__ = [
    "BODY_LIMIT",
    "Marker",
    "MarkerKind",
    "find_marker",
    "fit_body",
    "item_key",
    "key_path",
    "neutralise",
    "render_marker",
]

MarkerKind = Literal["follow-up", "meeting", "reference", "reminder", "digest", "preview", "update"]

# The whole last line of a body, as render_marker writes it: no "<" or ">" inside (they are
# written as JSON escapes), so nothing before it can open a comment that reaches into it.
_MARKER = re.compile(r"<!-- minutes-bot (\{[^<>\r\n]*\}) -->")
_JSON_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# https://docs.github.com/en/rest/issues/issues#create-an-issue: a longer body is refused (422).
BODY_LIMIT = 65_536
_CUT_NOTE = "\n\n… cut here: {count} more characters would not fit GitHub's {limit}-character limit.\n\n"


class Marker(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: MarkerKind
    key: str
    # What later calls need to recognise a follow-up (carry-over): its owners' logins and
    # the pull requests its line named, as "owner/repo:123" (no "#": never a backlink).
    owners: tuple[str, ...] = ()
    pulls: tuple[str, ...] = ()
    meeting_date: date | None = None
    # The one comment kept up to date per PR: the per-meeting keys it already answers for.
    covers: tuple[str, ...] = ()


def item_key(path: str, *parts: str) -> str:
    """A key that survives edits elsewhere in the minutes: the path plus the item's own words."""
    normalised = "\n".join(" ".join(part.split()).casefold() for part in parts)
    hashed = hashlib.sha256(f"{path}\n{normalised}".encode()).hexdigest()[:16]
    return f"{path}#{hashed}"


def key_path(key: str) -> str:
    """The minutes path an `item_key` was made from: everything before its last "#" (a path may hold one)."""
    return key.rsplit("#", 1)[0]


def render_marker(marker: Marker) -> str:
    """One HTML comment; "<", ">" and "&" of a key (a path) are JSON escapes, so no path can end it."""
    data = json.dumps(marker.model_dump(mode="json", exclude_defaults=True), sort_keys=True)
    return f"<!-- minutes-bot {data.translate(_JSON_UNSAFE)} -->"


def find_marker(body: str | None) -> Marker | None:
    """The marker that is the very last line of the body, or None.

    The bot writes its marker last, so only that one counts: a marker-like text anywhere
    else (forged in the minutes, or an unterminated "<!--" before it) cannot add, hide or
    replace one. Someone who types below the marker makes the body the bot's no longer.
    """
    if not body:
        return None
    last = body.rstrip().rsplit("\n", 1)[-1]
    match = _MARKER.fullmatch(last.strip())
    if match is None:
        return None
    try:
        return Marker.model_validate_json(match.group(1))
    except ValidationError:
        return None


def fit_body(body: str) -> str:
    """A body GitHub accepts: over BODY_LIMIT, the text before the closing marker is cut at a
    line and says how much is missing. The renderers cut long lists with a count first; this
    is the last guard, so that no body is refused on every run."""
    if len(body) <= BODY_LIMIT:
        return body
    text = body.rstrip()
    head, _, last = text.rpartition("\n")
    if _MARKER.fullmatch(last.strip()) is None:
        head, last = text, ""
    tail = last + "\n"
    room = BODY_LIMIT - len(tail) - len(_CUT_NOTE.format(count=len(head), limit=BODY_LIMIT))
    kept = head[:room]
    if "\n" in kept:
        kept = kept.rsplit("\n", 1)[0]
    return kept + _CUT_NOTE.format(count=len(head) - len(kept), limit=BODY_LIMIT) + tail
