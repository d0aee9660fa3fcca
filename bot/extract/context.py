"""What the walk over one minutes file knows, and the due dates it gives.

A file's action sections, the last subject per topic, the dialogue (who the current line
answers) and the next meeting's date (stated, or from a cadence) are kept here, so that a
task's due date ("next week", "before the next call", a dated agenda slot) is read in one
place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate

from bot.domain.models import Meeting, Statement
from bot.extract import labels
from bot.extract.candidates import Candidate
from bot.extract.names import FileNames, Who
from bot.extract.triggers import Triggers, normal
from bot.parse.dates import find_date, find_date_near, relative_due

# An agenda slot that opens with its date: "Feb 16th -- ...", "2025-04-02: ...".
_DATED_SLOT = re.compile(
    r"^\W*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{4}-\d{2}-\d{2}))\b\s*(?:--|[-–—:]|\()"
)
# "Drafts are due by the end of May", "Deadline: June 3": a date for the tasks above.
_DUE_NOTE = re.compile(r"\b(?:are|is)\s+due\b|^\W*(?:deadline|due(?:\s+date)?)\s*:", re.I)
_CADENCE = {"bi-weekly": 14, "biweekly": 14, "fortnightly": 14, "weekly": 7}
# "The group meets every two weeks", "our bi-weekly call": a cadence stated in the text.
_STATED_CADENCE = re.compile(
    r"\b(?:bi-?weekly|fortnightly|every\s+(?:two|2|other)\s+weeks?|weekly|every\s+week)\b", re.I
)
_BEFORE_THE_CALL = re.compile(r"\b(?:before|by|at|for)\s+the\s+(?:call|meeting)\b", re.I)
_MEETS = re.compile(r"\b(?:meets?|meeting|call|sync)\b", re.I)
_NEXT_MEETING = re.compile(r"\bnext\s+(?:\w+\s+)?(?:meeting|call|sync)\b", re.IGNORECASE)
_MEETING_WORDS = ("meeting", "call", "sync")  # one ends every match of the two patterns above
_NEXT_MEETING_WORDS = Triggers([_NEXT_MEETING], "next_meeting")
_STATED_CADENCE_WORDS = Triggers([_STATED_CADENCE], "cadence")


class Subjects:
    """The last people named as a subject, per topic: whom a later "he" or "they" means.

    A statement that yields no follow-up may still name the subject of the next one, but few
    are ever asked about: such a statement is only queued (`defer`), and its subject found
    when a later statement of the same topic reads the topic, in file order, so each read
    sees what an eager reading of every statement would have left.
    """

    def __init__(self, remember: Callable[[Statement], None]) -> None:
        self._remember = remember
        self._known: dict[tuple[str, ...], list[Who]] = {}
        self._pending: dict[tuple[str, ...], list[Statement]] = {}

    def get(self, topic: tuple[str, ...], default: list[Who] | None = None) -> list[Who] | None:
        for statement in self._pending.pop(topic, ()):
            self._remember(statement)
        return self._known.get(topic, default)

    def __setitem__(self, topic: tuple[str, ...], owners: list[Who]) -> None:
        self._pending.pop(topic, None)  # what they would have named is overwritten now
        self._known[topic] = owners

    def defer(self, statement: Statement) -> None:
        self._pending.setdefault(statement.headings, []).append(statement)


class Context:
    """What the walk over one file remembers: action sections, the last subject per topic.

    `remember` finds the subject a statement without a follow-up names (`Subjects`); it is
    passed in because that grammar lives in `followups.py`, which builds on this module.
    """

    def __init__(
        self, meeting: Meeting, names: FileNames, remember: Callable[[Statement, Context], None]
    ) -> None:
        self.meeting = meeting
        self.names = names
        self.by_line = {s.line: s for s in meeting.statements if s.kind == "item"}
        self.children = {s.parent_line for s in meeting.statements if s.parent_line}
        self.last_subject = Subjects(lambda statement: remember(statement, self))
        self.label_line: int | None = None  # a "Next steps:" paragraph that opens a list
        self.absorbed: set[int] = set()  # task labels whose sub-items only name the owner
        self.lead_owners: dict[int, list[Who]] = {}  # "@ana will:" lines: owners of the items under them
        self.initials_speak = False
        # Dialogue (`dialogue.follow_dialogue`): the body of the dialogue line just read, its
        # speaker not split off (None after a heading), and of the line the current one answers.
        self.spoken_body: str | None = None
        self.answered_body: str | None = None

    # Read only when a task's words point at the next meeting: most files have no such task,
    # and finding the next meeting scans every statement.
    @cached_property
    def next_meeting(self) -> date | None:
        """The next meeting's date: stated in the minutes, from their cadence, or the series'."""
        return _next_meeting(self.meeting) or self.meeting.next_call

    @cached_property
    def section_dates(self) -> list[date]:
        """The dates of the file's dated sections, in order (a file of several meetings)."""
        return sorted({s.section_date for s in self.meeting.statements if s.section_date})

    def in_action_section(self, statement: Statement) -> bool:
        """Under an "Action Items" heading or label; sub-items of an action only elaborate it."""
        if statement.headings and labels.is_section_label(statement.headings[-1]):
            return statement.depth <= 1
        parent = self.by_line.get(statement.parent_line or -1)
        if parent is not None and parent.line != statement.line:
            return bool(
                labels.is_section_label(parent.text)
                or label_only(parent.text)
                or parent.line in self.lead_owners
            )
        return statement.kind == "item" and self.label_line is not None and statement.depth == 1


def label_only(text: str) -> bool:
    match = labels.action_label(text)
    return bool(match and not match.group("rest").strip())


def _next_meeting(meeting: Meeting) -> date | None:
    """The next meeting's date when the minutes state it, or their cadence."""
    # One scan of the whole text for the patterns' trigger words finds the statements worth
    # a look: no trigger word crosses the NUL put between statements (no `\s` or `\w`
    # matches it, and `\b` sees it as the end of a text), so a statement the pattern matches
    # holds a word the scan finds.
    statements = meeting.statements
    joined = "\x00".join(s.text for s in statements)
    offsets = list(accumulate((len(s.text) + 1 for s in statements), initial=0))

    def matching(pattern: re.Pattern[str], words: Triggers) -> list[Statement]:
        found = words.starts(joined)
        indexes = (
            range(len(statements))
            if found is None
            else dict.fromkeys(bisect_right(offsets, start) - 1 for start in found)
        )
        return [statements[i] for i in indexes if pattern.search(statements[i].text)]

    for statement in matching(_NEXT_MEETING, _NEXT_MEETING_WORDS):
        found = find_date(statement.text)
        reference = meeting.date
        if found and reference and found > reference:
            return found
        if reference and found is None:
            near = relative_due(statement.text, reference)
            if (
                near
                and near > reference
                and re.search(r"\bnext\s+meeting\s+(?:will\s+be|is|on|:)", statement.text, re.I)
            ):
                return near
    title = (meeting.title or "").lower()
    for word, days in _CADENCE.items():
        if word in title and meeting.date:
            return meeting.date + timedelta(days=days)
    for statement in matching(_STATED_CADENCE, _STATED_CADENCE_WORDS):
        stated = _STATED_CADENCE.search(statement.text)
        if stated and meeting.date and _MEETS.search(statement.text):
            days = 7 if re.fullmatch(r"weekly|every\s+week", stated.group(0), re.I) else 14
            return meeting.date + timedelta(days=days)
    return None


def apply_due_notes(meeting: Meeting, candidates: list[Candidate], context: Context) -> None:
    """ "Rough drafts are due by the end of May" after the tasks it dates: their due date.

    Only a line that is no task itself, and only the undated tasks of the same topic in the
    few lines just above it.
    """
    tasked = {c.statement.line for c in candidates}
    for statement in meeting.statements:
        lower = statement.text.lower()
        if statement.line in tasked or not ("due" in lower or "deadline" in lower):
            continue
        if not _DUE_NOTE.search(statement.text):
            continue
        due = due_date(statement.text, statement, context)
        if due is None:
            continue
        for candidate in candidates:
            if (
                candidate.due is None
                and candidate.statement.headings == statement.headings
                and 0 < statement.line - candidate.statement.line <= 4
            ):
                candidate.due = due


def due_date(text: str, statement: Statement, context: Context) -> date | None:
    reference = statement.section_date or context.meeting.date
    if reference is None:
        return None
    found = relative_due(text, reference)
    if found is not None:
        return found
    single_meeting = statement.section_date in (None, context.meeting.date)
    lowered = normal(text)  # both patterns end on one of these words: most texts hold none
    next_meeting = any(word in lowered for word in _MEETING_WORDS) and (
        _NEXT_MEETING.search(text) or _BEFORE_THE_CALL.search(text)
    )
    if next_meeting and context.next_meeting and single_meeting:
        return context.next_meeting
    if next_meeting and not single_meeting:
        # a file of several meetings: the next one is the next dated section
        later = [d for d in context.section_dates if d > reference]
        return min(later) if later else None
    return _scheduled_date(statement, context, reference)


def _scheduled_date(statement: Statement, context: Context, reference: date) -> date | None:
    """A task filed under a dated agenda slot ("* Feb 16th -- sync with the libs team") is due then."""
    parent = context.by_line.get(statement.parent_line or -1)
    if parent is None or parent.line == statement.line:
        return None
    slot = _DATED_SLOT.match(parent.text)
    if not slot:
        return None
    found = find_date_near(slot.group("date"), reference)
    if found and reference < found <= reference + timedelta(days=92):
        return found
    return None
