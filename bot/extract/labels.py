"""Action labels: the "Action item:", "AI:", "Next steps:" that open a follow-up or a list of them.

A label is written by the note-taker, not said by anyone: it marks a statement (or the list
under it) as a task whatever its wording, so it is read apart from the commitment grammar of
`cues.py`. Not to be confused with `bot/domain/markers.Marker`, the bot's hidden key in the
comments it writes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.extract.triggers import normal

# "Action Items:", "**AI**:", "ACTION:", "AR -", "Next steps:", "Action item for Richard:".
ACTION_LABEL = re.compile(
    r"^(?P<label>(?:[\w'’/()-]+\s+){0,6}?(?:action\s+items?|action\s+required|actions?|AIs?|ARs?|"
    r"next\s+steps?|to-?dos?|follow[- ]ups?))"
    r"(?:\s+(?:for|to)\s+(?P<target>[^:]{1,60}?))?\s*(?:\((?P<paren>[^)]{0,40})\))?\s*(?::|\s[-–—]\s)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A label alone ("Action Items", "Next Steps:") whose sub-items are the follow-ups.
SECTION = re.compile(
    r"^(?:(?:open|new|outstanding|list of)\s+)?(?:action\s+items?|actions?|AIs|ARs|next\s+steps?|"
    r"to-?dos?|follow[- ]ups?|tasks?|assignments?)\s*(?:for\s+[^:]{1,40})?\s*:?\s*$",
    re.IGNORECASE,
)
_SHOUTED_LABEL = re.compile(
    r"^(?P<label>ACTION(?:\s+ITEMS?)?|ACTIONS|TODO|TO-DO|ToDo)(?::|\s+[-–—]|(?=\s))\s*(?P<rest>\S.*)$"
)
# "## ➡️ Next Steps", "### 🚀 Action Items", "Next steps based on this discussion:"
SECTION_LEAD = re.compile(
    r"^(?:action\s+items?|next\s+steps?|to-?dos?|follow[- ]ups?|actionable\s+steps?)\b[^:]{0,50}:\s*$",
    re.IGNORECASE,
)


# A word every `SECTION` and `SECTION_LEAD` label holds one of, as `normal` writes it: most
# headings and lead lines hold none, and skip the patterns.
_SECTION_WORDS = ("action", "ais", "ars", "next", "todo", "to-do", "follow", "task", "assignment")
_DECORATION = re.compile(r"^[^\w]+|[^\w:)]+$")


@lru_cache(maxsize=4096)  # asked for every statement's heading, again and again
def is_section_label(text: str) -> bool:
    """A heading or lead line that opens a list of follow-ups, decorations removed."""
    if len(text) > 120:
        return False
    lowered = normal(text)
    if not any(word in lowered for word in _SECTION_WORDS):
        return False
    plain = _DECORATION.sub("", text)
    return bool(SECTION.match(plain) or SECTION_LEAD.match(plain))


# Labels that open a statement but do not make it a task by themselves.
DECISION = re.compile(
    r"^(?:decision|decided|resolution|outcome|conclusion|consensus|agreement|agreed)s?\s*:\s*", re.IGNORECASE
)
# Case-sensitive labels: "AI" and "AR" are abbreviations only in capitals with a colon.
_LABEL_CASE = re.compile(r"^(?:AIs?|ARs?)\b")
_ACTION_WORD = re.compile(r"\b(?:action|next\s+steps?|to-?dos?|follow[- ]ups?)\b", re.IGNORECASE)


def _may_label(text: str) -> bool:
    """`ACTION_LABEL` ends its label on ":" or a dash between spaces: most statements hold neither."""
    return ":" in text or "-" in text or "–" in text or "—" in text


@lru_cache(maxsize=1024)  # asked of a statement by several rules, and of a parent by each sub-item
def action_label(text: str) -> re.Match[str] | None:
    """An action label opening the text, with the case rules of "AI"/"AR".

    A label in capitals needs no colon: "***ACTION*** Kim to ..." reads "ACTION Kim to ...".
    """
    shouted = _SHOUTED_LABEL.match(text)
    if shouted:
        return ACTION_LABEL.match(f"{shouted.group('label')}: {shouted.group('rest')}")
    if not _may_label(text):
        return None
    match = ACTION_LABEL.match(text)
    if not match:
        return None
    label = match.group("label")
    last = label.split()[-1]
    if re.fullmatch(r"AIs?|ARs?", last, re.IGNORECASE) and (
        not _LABEL_CASE.match(last) or len(label.split()) > 1
    ):
        return None  # "AI" opens a label only by itself: "We discussed AI: ..." is the technology
    if len(label.split()) > 1 and not _ACTION_WORD.search(label) and not _LABEL_CASE.match(last):
        return None
    if re.search(r"\bof\s+actions?$", label, re.I):
        return None  # "Plan of Action - Remaining Items": an agenda title
    lead = label.split()[: -2 if re.search(r"(?:next|action)\s+\S+$", label, re.I) else -1]
    if any(
        not (word[:1].isupper() or word.lower() in ("of", "and", "for", "the", "on", "to", "&"))
        for word in lead
    ):
        return None  # "The SC discussed next steps: ..." is prose; "Observability Next Step:" a title
    return match
