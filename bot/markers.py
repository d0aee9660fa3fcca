"""Hidden markers: how the bot recognises its own issues and comments on GitHub.

GitHub is the bot's database. Every body the bot writes ends with one marker holding a
stable key; state is rebuilt by listing bodies and reading markers. Only markers in bodies
authored by the bot's own identity count (the caller checks the author), and text quoted
from minutes is neutralised so it can never carry a marker, a ping or a backlink.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

MarkerKind = Literal["follow-up", "meeting", "reference", "reminder", "digest", "preview", "update"]

_MARKER = re.compile(r"<!--\s*minutes-bot\s+(\{.*?\})\s*-->", re.DOTALL)


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
    digest = hashlib.sha256(f"{path}\n{normalised}".encode()).hexdigest()[:16]
    return f"{path}#{digest}"


def render_marker(marker: Marker) -> str:
    return f"<!-- minutes-bot {json.dumps(marker.model_dump(mode='json', exclude_defaults=True), sort_keys=True)} -->"


def find_marker(body: str | None) -> Marker | None:
    """The bot's marker in a body, or None; the last one wins, as the bot appends it."""
    if not body:
        return None
    found = None
    for match in _MARKER.finditer(body):
        try:
            found = Marker.model_validate_json(match.group(1))
        except ValidationError:
            continue
    return found


_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9])")
_BACKLINK = re.compile(r"(?<![\w&`])#(?=\d)")
_GH_SHORT = re.compile(r"\b(?=[\w.-]+/[\w.-]+#\d)")
# https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
_CROSS_REFERENCE = re.compile(r"(?<=[\w.-])#(?=\d)")
_GH_AUTOLINK = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)


def neutralise(text: str) -> str:
    """Quoted minutes text, made inert: no @mention, no #123 backlink, no HTML comment.

    A zero-width joiner after "@" and an HTML entity for "#" render the same to readers
    but are not parsed by GitHub as a mention or an issue reference; "<!--" is escaped so
    nothing in the minutes can forge or hide a marker.
    """
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MENTION.sub("@\u200d", text)
    text = _BACKLINK.sub("&#35;", text)
    # owner/repo#123 and GH-123 are references too (the "#" follows a word character there).
    text = _CROSS_REFERENCE.sub("&#35;", text)
    text = _GH_AUTOLINK.sub(r"\1&#45;", text)
    return text
