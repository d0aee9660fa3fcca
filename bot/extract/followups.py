"""Follow-ups: what someone is expected to do after the meeting (GUIDELINE.md)."""

from __future__ import annotations

import hashlib
import re

from bot.models import FollowUp, Meeting
from bot.people import Roster, handles

_COMMITMENT = re.compile(r"\b(plans? to|agreed to|offered to|will|volunteered to)\b", re.IGNORECASE)


def follow_up_id(file: str, text: str) -> str:
    """Stable across edits elsewhere in the file: the path and the item's own words."""
    return hashlib.sha256(f"{file}\n{' '.join(text.split())}".encode()).hexdigest()[:12]


def find_follow_ups(meeting: Meeting, roster: Roster) -> tuple[list[FollowUp], list[str]]:
    found = []
    for statement in meeting.statements:
        if statement.kind == "heading" or not _COMMITMENT.search(statement.text):
            continue
        people = [m.person for m in roster.mentions(statement.text) if m.person]
        owners = list(dict.fromkeys([p.github for p in people] + handles(statement.text)))
        found.append(
            FollowUp(
                id=follow_up_id(meeting.file, statement.text),
                line=statement.line,
                owners=owners,
                owner_names=[p.name for p in people],
                unresolved_names=[],
                due=None,
                text=statement.text,
                topic=statement.topic,
                confidence=0.5,
            )
        )
    return found, []
