"""Follow-ups: what someone is expected to do after the meeting (GUIDELINE.md).

Each statement is read sentence by sentence. A follow-up needs a commitment phrase
(`cues.py`) or an explicit marker ("Action item:", "AI:", an "Action Items" list); its
owner is the subject of that phrase, found by grammar (the first name of the clause, a
pronoun resolved to the last named person, the one "asked to" do it), never by guessing
from every name on the line. Owners are logins only when the roster is sure of them
(`names.py`); everyone else stays in `unresolved_names`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from bot.dates import find_date, find_date_near, relative_due
from bot.extract import cues
from bot.extract.names import FileNames, Who
from bot.extract.triggers import Triggers
from bot.models import FollowUp, Meeting, Statement
from bot.people import Roster
from bot.text import fold
from bot.words import STOP_WORDS, split_sentences

_PRONOUN = re.compile(r"\b(?P<word>he|she|they|I|we|us)\b", re.IGNORECASE)
_GROUP_WORDS = (
    r"(?:team|group|everyone|everybody|someone|somebody|we|maintainers|members|committee|community|staff|"
    r"TSC|TAC|SC|CG|WG|SIG|board|council|both|all|chairs|leads|owners|authors)"
)
# The letters that start a group word: tested before the alternation at each position.
_GROUP_INITIALS = "".join(
    sorted({word[0] for word in _GROUP_WORDS.removeprefix("(?:").rstrip(")").split("|")})
)
# A group as the subject right before the verb: "The team will", "TAC members agreed to".
_GROUP = re.compile(
    rf"(?=[{_GROUP_INITIALS}])\b{_GROUP_WORDS}\s*(?:\([^)]{{1,40}}\))?\s*(?:(?:also|then|now|still|first|further|jointly|together)\s+)*$",
    re.IGNORECASE,
)
# A group opening a clause: "The TSC recapped the strategy and agreed to ..."
_GROUP_LEAD = re.compile(rf"^\s*(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_GROUP_WORDS}\b", re.IGNORECASE)
_SPEAKER = re.compile(r"^\[?(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\]?\s*:\s+(?=\S)")
_BRACKET_SPEAKER = re.compile(r"^\[(?P<who>[^\]]{2,40})\]\s*")
# "Michael - see where we are next week": a roster person speaking, written with a dash.
_DASH_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+[-–—]\s+(?=\S)")
# "(Dana K. Ito) - Note: I intend to ...": a speaker in parentheses.
_PAREN_SPEAKER = re.compile(r"^\((?P<who>[A-Z][^)]{1,40})\)\s*[-–—:]\s*")
# "simulacrum: I'll take ...": a login or alias in lower case, known to the roster.
_LOWER_SPEAKER = re.compile(r"^(?P<who>[a-z][\w-]{1,38})\s*(?:\([^)]{1,20}\))?\s*:\s+(?=\S)")
_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas|so)?\s+|\s+(?:and|but|while|whereas)\s+")
_REPORTED = re.compile(
    r"\b(?:that|said|says|mentioned|noted|confirmed|stated|announced|explained|added|replied|responded)\s+"
)
_CONJUNCTION = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)$")
_POSSESSIVE = re.compile(r"^['’]s?\b")
# What `_POSSESSIVE` reads after a name: "’s" and the character its `\b` looks at.
_POSSESSIVE_REACH = 3
# Clause breaks read back from a cue: real clauses have a few; a hostile list stays linear.
_CLAUSE_REACH = 32
_WITH = re.compile(r"\bwith\s+$")
_WORK_VERBS = re.compile(
    r"\b(?:investigate|work|collaborate|look|pair|team\s+up|partner|debug|explore)\b", re.I
)
_FINITE = re.compile(r"\b(?:is|are|was|were|remains?|needs?|has|have|had|seems?|looks)\b", re.I)
_THING_SUBJECT = re.compile(
    r"^\s*(?:this|it|that|these|those|which)\s+(?:will|would|should|is|are|was|has)\b", re.I
)
# "ok, ", "good news, ": a speaker's opening words before the verb, not a subject.
_INTERJECTION = re.compile(r"(?:[a-z+]+\s+){0,2}[a-z+]+,\s*", re.I)
# "Dan will draft, will send ...": the second verb is Dan's, not the speaker's.
_CUE_BEFORE = re.compile(r"\b(?:will|['’]ll|to)\s+\w+", re.I)
_INITIALS_SPEAKER = re.compile(r"^([A-Z]{2,3})\s*:")
_OFFER_QUESTION = re.compile(
    r"\b(?:object(?:ions?)?|concerns?|opposed)\b[^.?]{0,20}\b(?:if|before)\s+I\s+(?:just\s+|go\s+ahead\s+and\s+)?[a-z]{3,}",
    re.I,
)
_YES_NO_QUESTION = re.compile(
    r"^\W*(?:Will|Would|Should|Can|Could|Shall|Do|Does|Did|Is|Are)\s+"
    r"(?:[A-Z]|(?:the|this|that|it|we|they|you|anyone|anybody|someone|there|he|she)\b)"
)
_QUESTION = re.compile(r"^\W*(?:what|how|why|where|who|which)\b", re.I)
_BARE_NAME = re.compile(r"\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*)?)\s*")
_IT_WAS = re.compile(r"\bit\s+was\b", re.I)
# An agenda slot that opens with its date: "Feb 16th -- ...", "2025-04-02: ...".
_DATED_SLOT = re.compile(
    r"^\W*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{4}-\d{2}-\d{2}))\b\s*(?:--|[-–—:]|\()"
)
# The group of an "X to VERB" line: "the TAC", "TAC members", "Steering Council", "all reviewers".
_ASSIGNED_GROUP = re.compile(
    r"(?P<det>(?i:the|all|our|any|some|a|an)\s+)?(?P<qualifier>(?:[A-Z][\w-]*\s+){0,3})"
    r"(?:(?P<body>(?i:team|group|council|committee|board|everyone|someone|somebody)|TSC|TAC|SC|WG|CG|SIG)|"
    r"(?i:maintainers|members|staff|reviewers|volunteers?|chairs?|leads?))(?:\s*\([^)]*\))?"
)
# Under an attendance heading: "Sam unavailable - Kim Lee to present" still assigns a task.
_ATTENDANCE_TASK = re.compile(r"\s[-–—]\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+to\s+[a-z]{3,}\b")
# "Drafts are due by the end of May", "Deadline: June 3": a date for the tasks above.
_DUE_NOTE = re.compile(r"\b(?:are|is)\s+due\b|^\W*(?:deadline|due(?:\s+date)?)\s*:", re.I)
_IS_ASSIGNED = re.compile(r"\s+(?:is|was|has\s+been|got)\s+(?:already\s+)?(?:assigned|the\s+owner)\b")
_ASKING_VERBS = {*cues.IMPERATIVE_VERBS, "encourage", "invite", "remind", "tell", "allow", "need", "want"}
# A line ending in ":" that hands the list below it to people.
_OWNER_LEAD = re.compile(
    r"(?:\bwill|\b(?:done|owned|handled|taken|driven)\s+by\b.*|\b(?:action\s+items?|tasks?|steps?|to-?dos?)\b.*"
    r"\b(?:for|by)\b.*)\s*:\s*$",
    re.I,
)
# "Ana next steps", "Ben's action items": the list below is theirs.
_NAMED_STEPS = re.compile(
    r"^@?[\w-]+(?:\s+[A-Z][\w-]*)?(?:['’]s)?\s+(?:next\s+steps?|action\s+items?|to-?dos?)\s*:?\s*$", re.I
)
# Column titles of an action table.
_ACTION_COLUMN = re.compile(
    r"^\W*(?:action(?:\s+items?)?|tasks?|to-?dos?|items?|what|description|next\s+steps?)\W*$", re.I
)
_OWNER_COLUMN = re.compile(
    r"^\W*(?:owners?|assignees?|assigned(?:\s+to)?|who|responsible(?:\s+person)?|lead|ar\s+owner)(?:\(s\))?\W*$",
    re.I,
)
_DUE_COLUMN = re.compile(r"^\W*(?:due(?:\s+date)?|deadline|by\s+when|when|target(?:\s+date)?|eta)\W*$", re.I)
# "Niko to drop the concern (done)", "✅ Update the docs": an item already done.
_DONE_MARK = re.compile(r"[(\[]\s*(?:done|completed|finished)\s*[)\]]\s*\W*$|^\W*✅|\s[-–—]\s*done\W*$", re.I)
_DONE_STATUS = re.compile(r"\b(?:done|closed|completed|finished|✅)\b", re.I)
_CADENCE = {"bi-weekly": 14, "biweekly": 14, "fortnightly": 14, "weekly": 7}
# "The group meets every two weeks", "our bi-weekly call": a cadence stated in the text.
_STATED_CADENCE = re.compile(
    r"\b(?:bi-?weekly|fortnightly|every\s+(?:two|2|other)\s+weeks?|weekly|every\s+week)\b", re.I
)
_BEFORE_THE_CALL = re.compile(r"\b(?:before|by|at|for)\s+the\s+(?:call|meeting)\b", re.I)
_MEETS = re.compile(r"\b(?:meets?|meeting|call|sync)\b", re.I)
_NEXT_MEETING = re.compile(r"\bnext\s+(?:\w+\s+)?(?:meeting|call|sync)\b", re.IGNORECASE)
_NON_TASK_SECTIONS = re.compile(r"\b(?:attendees?|attendance|present|participants|regrets|links)\b", re.I)
_LEADING_LABEL = re.compile(r"^[A-Z0-9][\w'’/&(),.-]*\s+(?:[\w'’/&(),.-]+\s+){0,8}?[\w'’/&()-]+:\s+")
_CONTENT_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z0-9-]{2,}\b")  # lower case: names are not content


@dataclass
class _Candidate:
    statement: Statement
    text: str
    owners: list[Who]
    due: date | None
    confidence: float
    explicit: bool
    section: bool = False  # in an "Action Items" list: restates what the discussion said
    words: frozenset[str] = field(default_factory=frozenset)
    spoken: bool = False  # a dialogue line ("Kim: I'll ..."), which a note below may sum up
    also: list[int] = field(default_factory=list)  # body lines this action-list entry restates


def follow_up_id(file: str, text: str) -> str:
    """Stable across edits elsewhere in the file: the path and the item's own words."""
    return hashlib.sha256(f"{file}\n{' '.join(text.split())}".encode()).hexdigest()[:12]


class _Subjects:
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


class _Context:
    """What the walk over one file remembers: action sections, the last subject per topic."""

    def __init__(self, meeting: Meeting, names: FileNames) -> None:
        self.meeting = meeting
        self.names = names
        self.by_line = {s.line: s for s in meeting.statements if s.kind == "item"}
        self.children = {s.parent_line for s in meeting.statements if s.parent_line}
        self.last_subject = _Subjects(lambda statement: _remember_subject(statement, self))
        self.label_line: int | None = None  # a "Next steps:" paragraph that opens a list
        self.absorbed: set[int] = set()  # task labels whose sub-items only name the owner
        self.lead_owners: dict[int, list[Who]] = {}  # "@ana will:" lines: owners of the items under them
        self.initials_speak = False
        self.next_meeting = _next_meeting(meeting)
        self.section_dates = sorted({s.section_date for s in meeting.statements if s.section_date})

    def in_action_section(self, statement: Statement) -> bool:
        """Under an "Action Items" heading or label; sub-items of an action only elaborate it."""
        if any(cues.is_section_label(h) for h in statement.headings[-1:]):
            return statement.depth <= 1
        parent = self.by_line.get(statement.parent_line or -1)
        if parent is not None and parent.line != statement.line:
            return bool(
                cues.is_section_label(parent.text)
                or _label_only(parent.text)
                or parent.line in self.lead_owners
            )
        return statement.kind == "item" and self.label_line is not None and statement.depth == 1


# A statement is split once although two passes read its sentences (callers only iterate).
_sentences = lru_cache(maxsize=1024)(split_sentences)


# Heading tests, once per heading rather than once per statement under it.
@lru_cache(maxsize=1024)
def _is_non_task_heading(heading: str) -> bool:
    """An attendance or notes heading: short, or opening with the section word."""
    return bool(
        (len(heading) <= 40 or _NON_TASK_SECTIONS.match(heading.lstrip(" *#")))
        and _NON_TASK_SECTIONS.search(heading)
    )


@lru_cache(maxsize=1024)
def _is_agenda_heading(heading: str) -> bool:
    return bool(re.search(r"\bagenda\b", heading, re.I))


def _label_only(text: str) -> bool:
    match = cues.marker(text)
    return bool(match and not match.group("rest").strip())


def _next_meeting(meeting: Meeting) -> date | None:
    """The next meeting's date when the minutes state it, or their cadence."""
    # One scan of the whole text tells whether any statement is worth a look: neither
    # pattern crosses the NUL put between statements (no `\s` or `\w` matches it).
    joined = "\x00".join(s.text for s in meeting.statements)
    for statement in meeting.statements if _NEXT_MEETING.search(joined) else ():
        if _NEXT_MEETING.search(statement.text):
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
    for statement in meeting.statements if _STATED_CADENCE.search(joined) else ():
        stated = _STATED_CADENCE.search(statement.text)
        if stated and meeting.date and _MEETS.search(statement.text):
            days = 7 if re.fullmatch(r"weekly|every\s+week", stated.group(0), re.I) else 14
            return meeting.date + timedelta(days=days)
    return None


def find_follow_ups(meeting: Meeting, roster: Roster) -> tuple[list[FollowUp], list[str]]:
    names = FileNames(roster, meeting)
    context = _Context(meeting, names)
    candidates: list[_Candidate] = []
    speakers = {m.group(1) for s in meeting.statements if (m := _INITIALS_SPEAKER.match(s.text))}
    # Files that write speakers as initials ("DS: ...", "AR: ...") use "AR:" for a person.
    context.initials_speak = bool(speakers - {"AI", "AR", "AIS", "ARS", "TBD", "FYI", "PS", "NB"})
    table_lines: set[int] = set()
    for rows in _tables(meeting.statements):
        table_found = _action_table(rows, context)
        if table_found is not None:
            candidates += table_found
            table_lines.update(cell.line for row in rows for cell in row)
    for statement in meeting.statements:
        if statement.line in table_lines and statement.kind == "cell":
            continue
        if statement.kind == "heading":
            context.label_line = None
            continue
        if statement.quoted:
            continue
        if any(_is_non_task_heading(h) for h in statement.headings[-1:]) and not (
            cues.marker(statement.text) or _ATTENDANCE_TASK.search(statement.text)
        ):
            continue  # an attendance list, unless an action sits under its heading
        lead = _owner_lead(statement.text, context)
        if lead is not None:
            context.lead_owners[statement.line] = lead
            if statement.kind == "paragraph" and statement.depth == 0:
                context.label_line = statement.line
            continue
        if statement.kind == "paragraph" and statement.depth == 0:
            label = cues.is_section_label(statement.text) or _label_only(statement.text)
            context.label_line = statement.line if label else None
            if label:
                continue
        candidates += _statement_follow_ups(statement, context)
    _apply_due_notes(meeting, candidates, context)
    # "joshtriplett: ..." shares no topic with "joshtriplett to ...": names are not topic words
    for candidate in candidates:
        candidate.words -= names.lower_people
    kept = _drop_restated(sorted(candidates, key=lambda c: c.statement.line))
    return [_to_model(meeting.file, c) for c in kept], []


def _apply_due_notes(meeting: Meeting, candidates: list[_Candidate], context: _Context) -> None:
    """ "Rough drafts are due by the end of May" after the tasks it dates: their due date.

    Only a line that is no task itself, and only the undated tasks of the same topic in the
    few lines just above it.
    """
    tasked = {c.statement.line for c in candidates}
    for statement in meeting.statements:
        if statement.line in tasked or (
            "due" not in statement.text.lower() and "deadline" not in statement.text.lower()
        ):
            continue
        if not _DUE_NOTE.search(statement.text):
            continue
        due = _due(statement.text, statement, context)
        if due is None:
            continue
        for candidate in candidates:
            if (
                candidate.due is None
                and candidate.statement.headings == statement.headings
                and 0 < statement.line - candidate.statement.line <= 4
            ):
                candidate.due = due


def _owner_lead(text: str, context: _Context) -> list[Who] | None:
    """Owners named by a line that introduces a task list: "@ana will:", "Steps to be done by Ana and Ben:",
    "Ana next steps"."""
    if len(text) > 160 or not (
        (text.rstrip().endswith(":") and _OWNER_LEAD.search(text)) or _NAMED_STEPS.match(text)
    ):
        return None
    people = context.names.people(text)
    return people or None


def _lead_owners(statement: Statement, context: _Context) -> list[Who]:
    """The owners of the lead line that a task item sits under (its parent, or the paragraph before)."""
    if statement.parent_line in context.lead_owners:
        return list(context.lead_owners[statement.parent_line])
    if statement.depth == 1 and context.label_line in context.lead_owners:
        return list(context.lead_owners[context.label_line])
    return []


def _tables(statements: list[Statement]) -> list[list[list[Statement]]]:
    """Markdown tables as rows of cells: consecutive cells, one row per source line."""
    tables: list[list[list[Statement]]] = []
    rows: list[list[Statement]] = []
    for statement in [*statements, None]:
        if statement is not None and statement.kind == "cell":
            if rows and rows[-1][0].line == statement.line:
                rows[-1].append(statement)
            else:
                rows.append([statement])
            continue
        if len(rows) > 1:
            tables.append(rows)
        rows = []
    return tables


def _column(header: list[Statement], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, cell in enumerate(header) if pattern.search(cell.text)), None)


def _action_table(rows: list[list[Statement]], context: _Context) -> list[_Candidate] | None:
    """A table with an action column and an owner or due column: one follow-up per data row.

    The header row names the columns and is never a follow-up; "Ana, Ben" in an owner
    cell is two owners; the due cell gives the date. None: not an action table.
    """
    header = rows[0]
    action = _column(header, _ACTION_COLUMN)
    owner = _column(header, _OWNER_COLUMN)
    due = _column(header, _DUE_COLUMN)
    if action is None or (owner is None and due is None) or action in (owner, due):
        return None
    found: list[_Candidate] = []
    for row in rows[1:]:
        if action >= len(row) or not re.search(r"[A-Za-z]{2}", row[action].text):
            continue
        if row[action].checkbox == "done" or _DONE_STATUS.search(" ".join(c.text for c in row)):
            continue
        statement = row[action]
        owners: list[Who] = []
        if owner is not None and owner < len(row):
            for part in re.split(r"\s*(?:,|;|/|&|\band\b|\+)\s*", row[owner].text):
                if part.strip():
                    owners += context.names.people(part) or [w for w in [context.names.single(part)] if w]
        date_cell = row[due].text if due is not None and due < len(row) else ""
        reference = statement.section_date or context.meeting.date
        when = (
            (find_date_near(date_cell, reference) or relative_due(date_cell, reference))
            if reference
            else None
        )
        when = when or _due(statement.text, statement, context)
        candidate = _candidate(statement, statement.text, owners, when, 0.85, True)
        candidate.section = True
        found.append(candidate)
    return found


def _statement_follow_ups(statement: Statement, context: _Context) -> list[_Candidate]:
    text = statement.text
    topic = statement.headings
    found: list[_Candidate] = []
    if statement.parent_line in context.absorbed:
        return []  # the owner of a task its parent label states
    in_section = context.in_action_section(statement)
    marked = (
        None
        if context.initials_speak and re.match(r"^A[IR]\s*(?:\([^)]*\))?\s*:", text)
        else cues.marker(text)
    )
    decision = cues.DECISION.match(text)
    if marked and not marked.group("rest").strip():
        target = (marked.group("target") or "").strip()
        if re.match(r"[a-z]+\b", target) and statement.line in context.children:
            # "New action item to fcp close:" + "* Kim can do it": the task is the label, its
            # sub-items only say who
            kids = [
                s
                for s in context.meeting.statements
                if s.parent_line == statement.line and s.line != statement.line
            ]
            owners = next((p for kid in kids if (p := context.names.people(kid.text))), [])
            context.absorbed.add(statement.line)
            return [_candidate(statement, target, owners, _due(text, statement, context), 0.8, True)]
        return []  # a label: its sub-items carry the follow-ups
    body = marked.group("rest") if marked else text[decision.end() :] if decision else text
    speaker, body = _lead(body, context)
    offset = len(text) - len(body)
    first_word = body.split()[0].lower() if body.split() else ""
    # "Consensus: rebase and implement it on top": a decision stated as an order
    explicit = bool(marked) or in_section or bool(decision and first_word in cues.IMPERATIVE_VERBS)
    if statement.checkbox == "done" or (
        ("done" in text or "✅" in text or "omplet" in text) and _DONE_MARK.search(text)
    ):
        return []
    for start, sentence in _sentences(body):
        if not may_commit(sentence):
            continue
        found += _sentence_follow_ups(
            statement, context, sentence, offset + start, speaker, explicit, bool(decision)
        )
    if not found and explicit and not cues.is_past_report(body) and not _THING_SUBJECT.match(body):
        target = (marked.group("target") or marked.group("paren")) if marked else None
        owners = _explicit_owners(body, target, speaker, context) or _lead_owners(statement, context)
        due = _due(body, statement, context)
        found.append(_candidate(statement, body, owners, due, 0.85, True))
    if not found and statement.checkbox == "open":
        found += _task_item(statement, context)
    if not found and _imperative_leaf(statement, context):
        owners = context.last_subject.get(topic, [])
        found.append(_candidate(statement, text, owners, _due(text, statement, context), 0.5, False))
    assigned = (
        [w for w in context.names.people(text) if _IS_ASSIGNED.match(text, w.end)]
        if " assigned" in text or " owner" in text
        else []
    )
    for candidate in found:
        if not candidate.owners and assigned:
            candidate.owners = assigned  # "Someone to review it -- Kim is assigned"
    if not found:
        context.last_subject.defer(statement)  # read by `_remember_subject` when asked
    for candidate in found:
        candidate.section = in_section
        candidate.spoken = speaker is not None
    return found


# The trigger words of every pattern a sentence must match to yield a follow-up: the
# grammar of `cues.py` and the objections of `_OFFER_QUESTION`.
_TRIGGERS = Triggers((*cues.GRAMMAR, _OFFER_QUESTION))


def may_commit(sentence: str) -> bool:
    """Whether the sentence grammar can find anything in `sentence`.

    Most sentences hold no trigger word at all; skipping them changes no result, because the
    grammar neither finds nor remembers anything for them.
    """
    return _TRIGGERS.may_match(sentence)


def _sentence_follow_ups(
    statement: Statement,
    context: _Context,
    sentence: str,
    offset: int,
    speaker: Who | None,
    explicit: bool,
    decision: bool,
) -> list[_Candidate]:
    topic = statement.headings
    people = context.names.people(sentence)
    found: list[_Candidate] = []
    if speaker is not None and _OFFER_QUESTION.search(sentence):
        # "Would anyone object if I made a PR?", "any concerns before I start FCP?": the speaker's plan
        return [_candidate(statement, sentence, [speaker], _due(sentence, statement, context), 0.6, explicit)]
    if sentence.strip().endswith("?") or _QUESTION.match(sentence):
        return []  # a question (or "What we will do:") commits nobody
    if _YES_NO_QUESTION.match(sentence) and not any(w.start <= 4 for w in people):
        return []  # "Will Node.js install links ... -": a question without its mark (Will Deacon is a person)
    sentence_cues = cues.find_cues(sentence, context.names.lower_people)
    assignment = cues.ASSIGNMENT.match(sentence.strip())
    if assignment and (explicit or decision or not sentence_cues):
        lead = len(sentence) - len(sentence.lstrip())
        who = _assignment_owners(assignment.group("who"), people, lead, context, explicit or decision)
        if who is not None and cues.assignment_verb_ok(assignment.group("verb")):
            due = _due(sentence, statement, context)
            found.append(_candidate(statement, sentence, who, due, 0.85, explicit or decision))
            _set_subject(context, topic, who)
            return found
    previous_end = 0
    previous_owners: list[Who] | None = None  # the subject of the previous cue; None: it had none
    for index, cue in enumerate(sentence_cues):
        following = sentence_cues[index + 1].start if index + 1 < len(sentence_cues) else len(sentence)
        clause = sentence[cue.start : following]
        previous_start = previous_end
        base = _clause_start(sentence, previous_end, cue.start, people)
        previous_end = cue.end
        if cues.is_absence(clause):
            continue
        if cue.kind == "request":
            owners = [w for w in people if cue.start <= w.start < cue.end]
            if not owners:
                continue
        else:
            owners, has_subject = _subject(sentence, base, cue.start, people, speaker, context, topic)
            if not has_subject and index:
                # "X will A and will B": B has A's subject; none if A had none
                owners, has_subject = list(previous_owners or []), previous_owners is not None
            if not has_subject and not sentence[base : cue.start].strip() and base > previous_start:
                # "Joerg mentioned plans to ...": the reporting verb's subject is the one
                owners, has_subject = _subject(
                    sentence, previous_start, cue.start, people, speaker, context, topic
                )
            if not has_subject and not index and not sentence[: cue.start].strip(" -–*"):
                has_subject = True  # "Will check with the QEMU folks ...": a note with no subject written
            if not has_subject and not index and re.search(r"(?:,|;|\band|\bbut)\s*$", sentence[: cue.start]):
                owners, has_subject = _elided_subject(sentence[base : cue.start], base, context)
            if (
                not has_subject
                and cue.kind != "passive"
                and (cue.kind in ("modal", "person") or re.search(r"\w", sentence[base : cue.start]))
            ):
                previous_owners = None
                continue
            if cue.kind == "passive":
                owners = []  # "they will be moved": the subject is what is acted on, not who acts
            if cue.kind == "obligation" and not owners:
                previous_owners = None
                continue  # "the branch needs to be rebased": no person, no task
            owners += _partners(sentence, cue, people)
        due = _due(clause, statement, context) or _due(sentence[: cue.start], statement, context)
        confidence = 0.9 if explicit else cue.confidence
        found.append(_candidate(statement, sentence, owners, due, confidence, explicit or decision))
        _set_subject(context, topic, owners)
        previous_owners = owners
    if not found:
        found += _requests_and_lets(statement, context, sentence, speaker, explicit)
    return found


def _requests_and_lets(
    statement: Statement, context: _Context, sentence: str, speaker: Who | None, explicit: bool
) -> list[_Candidate]:
    """ "Please submit comments by Thursday" (with a deadline) and a speaker's "Let's ..."."""
    please = cues.PLEASE.search(sentence)
    if please:
        due = _due(sentence[please.start() :], statement, context)
        if due:
            return [_candidate(statement, sentence, [], due, 0.6, explicit)]
    lets = cues.LETS.search(sentence)
    quoted = lets is not None and (
        sentence[: lets.start()].count('"') % 2 == 1
        or sentence[: lets.start()].count("“") > sentence[: lets.start()].count("”")
    )
    cancel = lets is not None and lets.group("verb").lower() in (
        "skip",
        "cancel",
        "postpone",
        "not",
        "defer",
        "continue",
        "revisit",
        "discuss",
        "table",
        "wait",
    )
    if (
        lets
        and speaker is None
        and not quoted
        and not cancel
        and (due := _due(sentence[lets.start() :], statement, context))
    ):
        return [_candidate(statement, sentence, [], due, 0.55, explicit)]  # "Let's look at it next week"
    if lets and speaker is not None and not quoted:  # "not as simple as "let's do it"": a quotation
        owners = [speaker]
        parent = context.by_line.get(statement.parent_line or -1)
        if parent is not None:
            owners += [w for w in context.names.people(parent.text) if w.name != speaker.name]
        return [_candidate(statement, sentence, owners, _due(sentence, statement, context), 0.6, explicit)]
    return []


def _subject(
    sentence: str,
    base: int,
    end: int,
    people: list[Who],
    speaker: Who | None,
    context: _Context,
    topic: tuple[str, ...],
) -> tuple[list[Who], bool]:
    """Who does what the cue says: the first person named in the clause, with "X and Y".

    Returns the owners and whether a subject was found at all ([] with True is a group).
    """
    region = sentence[base:end]
    opening = base + len(region) - len(region.lstrip())  # where the clause's first word starts
    mine = [
        w
        for w in people
        if base <= w.start < end
        and not _POSSESSIVE.match(sentence[w.end : w.end + _POSSESSIVE_REACH])
        and (w.login or context.names.is_full_name(w.name) or w.start <= opening)
    ]
    pronoun = _PRONOUN.search(region)
    first = mine[0] if mine else None
    if pronoun and (first is None or pronoun.start() + base < first.start):
        word = pronoun.group("word").lower()
        if word == "i" and pronoun.group("word") == "I":
            return ([speaker] if speaker else []), speaker is not None
        if word in ("we", "us"):
            # "we will ..." is the group; "we guarantee the linker will ..." is about a thing
            return [], len(region[pronoun.end() :].split()) <= 2
        if word == "they":
            # A plural never means one person: the people just named together, else a group.
            previous = context.last_subject.get(topic) or []
            return (list(previous) if len(previous) > 1 else []), True
        if word in ("he", "she"):
            earlier = [
                w
                for w in people
                if w.start < base + pronoun.start()
                and not _POSSESSIVE.match(sentence[w.end : w.end + _POSSESSIVE_REACH])
            ]
            if earlier:
                return [earlier[0]], True
            if previous := context.last_subject.get(topic):
                return list(previous), True
            return [], False
    if (
        first is None
        and speaker is not None
        and (not region.strip(" ,;") or _INTERJECTION.fullmatch(region))
        and not _CUE_BEFORE.search(sentence[:base])
    ):
        return [speaker], True
    if first is None:
        bare = _BARE_NAME.fullmatch(region)
        if bare and context.names.single(bare.group("name")):
            return [Who(base, end, bare.group("name").strip())], True
        if _GROUP.search(region) or _IT_WAS.search(region):
            return [], True
        return [], False
    owners = [first]
    for later in mine[1:]:
        gap = sentence[owners[-1].end : later.start]
        if _CONJUNCTION.match(gap):
            owners.append(later)
        else:
            break
    return owners, True


def _elided_subject(lead: str, base: int, context: _Context) -> tuple[list[Who], bool]:
    """The subject of "X did this and will do that" when the second verb has none written.

    "Jakub offered help and will post ..." is Jakub's; "it is not trivial and will take
    time" belongs to a thing (no follow-up); "changes are planned, will update" has no
    subject at all (a follow-up nobody owns yet).
    """
    words = lead.split()
    if not words or words[0].lower() == "there":
        return [], True  # "There are changes planned, will update ...": nobody named
    if _GROUP_LEAD.match(lead):
        return [], True  # "The TSC recapped the strategy and agreed to ...": the group
    for size in (2, 1):
        if len(words) >= size and (who := context.names.single(" ".join(words[:size]))):
            return [Who(base, base + len(who.name), who.name, who.login)], True
    return [], False


def _starts_with_subject(text: str, people: list[Who], base: int) -> bool:
    """Whether a clause opens with its own subject: a name, a pronoun or a noun phrase."""
    if re.match(
        r"^\s*(?:he|she|they|I|we|it|this|that|these|those|the|a|an|our|their)\b", text, re.IGNORECASE
    ):
        return True
    return any(base <= w.start <= base + 2 for w in people)


def _clause_start(sentence: str, start: int, end: int, people: list[Who]) -> int:
    """Where the clause of a cue begins: after the last "..., and X" or "said that X" with a subject.

    "Cláudio raised an issue and Roy volunteered to ..." is Roy's; "Stefano acknowledged
    the issue and plans to ..." keeps Stefano, because nothing after "and" names anyone.
    """
    segment = sentence[start:end]
    ends = {w.end for w in people}
    breaks = list(_CLAUSE_BREAK.finditer(segment))[-_CLAUSE_REACH:]
    for index, match in enumerate(reversed(breaks)):
        if start + match.start() in ends:
            continue  # "Stefano and Oliver will ...": a list of names, not a new clause
        rest = segment[match.end() :]
        verb_phrase = re.match(
            r"\s*(?:also\s+)?[a-z]+(?:ed|es)\b", rest
        )  # "... and expressed his intention to"
        if _starts_with_subject(rest, people, start + match.end()) or (
            index == 0 and rest.strip() and not verb_phrase
        ):
            return start + match.end()  # "... and node will load them": a subject, if not a person
    reported = list(_REPORTED.finditer(segment))
    if reported:
        return start + reported[-1].end()
    return start


def _partners(sentence: str, cue: cues.Cue, people: list[Who]) -> list[Who]:
    """ "plans to investigate with Tyler": a partner in the work shares it (not "discuss with")."""
    clause = sentence[cue.start :]
    if not _WORK_VERBS.search(clause[:60]):
        return []
    partners: list[Who] = []
    for who in people:
        if who.start <= cue.start:
            continue
        if _WITH.search(sentence[max(cue.start, who.start - 12) : who.start]) or (
            partners and _CONJUNCTION.match(sentence[partners[-1].end : who.start])
        ):
            partners.append(who)
        elif partners:
            break
    return partners


def _assignment_owners(
    who_text: str, people: list[Who], lead: int, context: _Context, explicit: bool
) -> list[Who] | None:
    """The people of an "X to do Y" line, or None when X is not a person or group."""
    stripped = who_text.strip()
    if stripped.endswith(",") or stripped.split()[0].lower() in _ASKING_VERBS:
        return None  # "Joyee, to get fewer problems we ...", "Encourage everyone to ...": no assignment
    mine = [w for w in people if w.start < lead + len(who_text)]
    if mine:
        rest = who_text
        for who in sorted(mine, key=lambda w: -w.start):
            rest = rest[: max(who.start - lead, 0)] + " " + rest[who.end - lead :]
        rest = re.sub(r"\([^)]*\)|\b(?:and|with|&)\b|[,&/]", " ", rest)
        return mine if not rest.split() else None
    group = _ASSIGNED_GROUP.fullmatch(stripped)
    if group and (
        explicit
        or (
            stripped[:1].isupper() and (group.group("det") or group.group("qualifier") or group.group("body"))
        )
    ):
        return []  # "Steering Council to follow up on ...": the group, nobody pinged ("Leads to ..." is a verb)
    single = context.names.single(stripped)
    if single and (explicit or (lead == 0 and _known_name(stripped, context))):
        return [single]  # "Dana to send the notes": an owner the roster does not know, never dropped
    return None


def _known_name(text: str, context: _Context) -> bool:
    """A name this file writes as a person: a full name, or the first name of one it lists."""
    words = text.split()
    if len(words) >= 2:
        return True
    first = fold(words[0]) if words else ""
    return context.names.is_first_word(first)


def _explicit_owners(body: str, target: str | None, speaker: Who | None, context: _Context) -> list[Who]:
    """Owner of a marked item: "for X", a "Name:" lead, a leading name, or nobody."""
    if target:
        return context.names.people(target) or ([w] if (w := context.names.single(target)) else [])
    if speaker:
        return [speaker]
    people = context.names.people(body)
    if people and people[0].start <= 2:
        return [people[0]]
    first = re.match(r"^\s*([A-Z][\w'’-]+)\s+(?:will|to|is|are|has|plans|agreed)\b", body)
    if first and (who := context.names.single(first.group(1))):
        return [who]
    return []


def _lead(body: str, context: _Context) -> tuple[Who | None, str]:
    """A "Name:" speaker or a "Short Title:" lead-in, split off the text it introduces.

    "Zach S: I can commit to ..." makes "I" Zach; "Review Planned: Jörg said ..." is a
    title that must not be read as a person.
    """
    match = _SPEAKER.match(body) or _BRACKET_SPEAKER.match(body)
    if match:
        label = re.sub(r"^name\s*=\s*", "", match.group("who"), flags=re.I)
        return context.names.speaker(label), body[match.end() :]
    match = _DASH_SPEAKER.match(body)
    if match and (who := context.names.speaker(match.group("who"))) is not None and who.login:
        return who, body[match.end() :]
    match = _PAREN_SPEAKER.match(body)
    if match and (who := context.names.speaker(match.group("who"))) is not None:
        return who, body[match.end() :]
    match = _LOWER_SPEAKER.match(body)
    if match and (who := context.names.speaker(match.group("who"))) is not None and who.login:
        return who, body[match.end() :]
    lead = _LEADING_LABEL.match(body)
    if lead:
        return None, body[lead.end() :]
    return None, body


def _task_item(statement: Statement, context: _Context) -> list[_Candidate]:
    """ "[ ] @user do X": a task item; a checkbox with only a name is attendance."""
    people = context.names.people(statement.text)
    rest = statement.text
    for who in reversed(people):
        rest = rest[: who.start] + rest[who.end :]
    rest = re.sub(r"\([^)]*\)", " ", rest)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    if not any(w.login for w in people) or len(words) < 2:
        return []
    owners = [w for w in people if w.login][:1]
    return [
        _candidate(statement, statement.text, owners, _due(statement.text, statement, context), 0.7, True)
    ]


def _imperative_leaf(statement: Statement, context: _Context) -> bool:
    """A top-level item that is an order with no subject, following a named person's item.

    "Oliver Steffen implemented a driver ... / Investigate virtio-mmio": the next steps of
    the work just described. Agenda titles are excluded by their links and sub-items.
    """
    if statement.kind != "item" or statement.depth != 1 or statement.line in context.children:
        return False
    if statement.links or re.search(r"#\d+|\bPR\s*\d+", statement.text):
        return False
    if any(_is_agenda_heading(h) for h in statement.headings):
        return False
    first = statement.text.split()[0].lower() if statement.text.split() else ""
    if (
        first not in cues.IMPERATIVE_VERBS
        or _FINITE.search(statement.text)
        or _LEADING_LABEL.match(statement.text)
    ):
        return False
    return bool(context.last_subject.get(statement.headings))


def _set_subject(context: _Context, topic: tuple[str, ...], owners: list[Who]) -> None:
    if owners:
        context.last_subject[topic] = owners


def _remember_subject(statement: Statement, context: _Context) -> None:
    """The first person named as a subject, for "he"/"she" in the next item of the topic."""
    for _, sentence in _sentences(statement.text):
        people = context.names.people(sentence)
        subject, has = _subject(sentence, 0, len(sentence), people, None, context, statement.headings)
        if has and subject:
            context.last_subject[statement.headings] = subject


def _due(text: str, statement: Statement, context: _Context) -> date | None:
    reference = statement.section_date or context.meeting.date
    if reference is None:
        return None
    found = relative_due(text, reference)
    single_meeting = statement.section_date in (None, context.meeting.date)
    next_meeting = _NEXT_MEETING.search(text) or _BEFORE_THE_CALL.search(text)
    if found is None and next_meeting and context.next_meeting and single_meeting:
        return context.next_meeting
    if found is None and next_meeting and not single_meeting:
        # a file of several meetings: the next one is the next dated section
        later = [d for d in context.section_dates if d > reference]
        return min(later) if later else None
    if found is None:
        found = _scheduled_date(statement, context, reference)
    return found


def _scheduled_date(statement: Statement, context: _Context, reference: date) -> date | None:
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


def _candidate(
    statement: Statement, text: str, owners: list[Who], due: date | None, confidence: float, explicit: bool
) -> _Candidate:
    unique: dict[str, Who] = {}
    for who in owners:
        unique.setdefault(who.login.lower() if who.login else fold(who.name), who)
    words = _content_words(statement.text)
    return _Candidate(statement, text.strip(), list(unique.values()), due, confidence, explicit, words=words)


@lru_cache(maxsize=1024)
def _content_words(text: str) -> frozenset[str]:
    """Once per statement, not per candidate: a line with many follow-ups stays linear."""
    return frozenset(w for w in _CONTENT_WORD.findall(text) if w not in STOP_WORDS)


def _summed_up(spoken: _Candidate, note: _Candidate) -> bool:
    """ "Kim: I will read it" then the note "Kim volunteers to read and respond": one task, the note."""
    mine = {_identity(w) for w in spoken.owners}
    return (
        spoken.spoken
        and not note.spoken
        and 0 < note.statement.line - spoken.statement.line <= 3
        and bool(mine & {_identity(w) for w in note.owners})
        and bool(spoken.words & note.words)
    )


def _identity(who: Who) -> str:
    return who.login.lower() if who.login else fold(who.name).split()[0]


# How many later explicit items of the same owner a prose follow-up is compared with: a
# restatement sits in the same meeting's list; the bound keeps a hostile file linear.
_RESTATED_REACH = 200


def _drop_restated(candidates: list[_Candidate]) -> list[_Candidate]:
    """A commitment restated by an explicit marker later in the file is counted once, there.

    Minutes often say "Oliver plans to add it" and then "Decision: Oliver to add it", or
    record a task in the discussion and again in a closing "Action Items" list.
    """
    identities = [frozenset(_identity(w) for w in c.owners) for c in candidates]
    # The explicit candidates a prose one can be restated by: those sharing an owner, or, for
    # an ownerless one, the ownerless ones of its topic; for a dialogue line also any later one
    # of its owner (`_summed_up`). In file order, for a bisect.
    later_by_owner: dict[str, list[int]] = {}
    later_ownerless: dict[tuple[str, ...], list[int]] = {}
    any_by_owner: dict[str, list[int]] = {}  # explicit or not, for `_summed_up`
    for index, candidate in enumerate(candidates):
        for identity in identities[index]:
            any_by_owner.setdefault(identity, []).append(index)
        if candidate.explicit:
            for identity in identities[index]:
                later_by_owner.setdefault(identity, []).append(index)
            if not identities[index]:
                later_ownerless.setdefault(candidate.statement.headings, []).append(index)
    kept: list[_Candidate] = []
    for index, candidate in enumerate(candidates):
        if not candidate.explicit:
            restated = False
            mine = identities[index]
            pools = [later_by_owner.get(i, []) for i in mine]
            if not mine:
                pools = [later_ownerless.get(candidate.statement.headings, [])]
            if candidate.spoken:  # a note that sums it up need not be explicit
                pools += [any_by_owner[i] for i in mine]
            nearest: set[int] = set()
            for pool in pools:
                first = bisect_right(pool, index)
                nearest.update(pool[first : first + _RESTATED_REACH])
            for later_index in sorted(nearest):  # the first restatement in the file takes it
                later = candidates[later_index]
                if later.statement.line == candidate.statement.line:
                    continue
                if _summed_up(candidate, later):
                    later.also.append(candidate.statement.line)
                    restated = True
                    break
                if not later.explicit:
                    continue
                same_topic = later.statement.headings == candidate.statement.headings
                theirs = identities[later_index]
                overlap = len(candidate.words & later.words)
                same_owner = bool(mine and mine & theirs)
                if (
                    (
                        same_owner and later.section and overlap >= 1
                    )  # a closing "Action Items" list restates it
                    or (same_owner and (overlap >= 2 or (same_topic and overlap >= 1)))
                    or (not mine and not theirs and same_topic and overlap >= 3)
                ):
                    restated = True
                if restated:
                    later.also.append(candidate.statement.line)
                    break
            if restated:
                continue
        kept.append(candidate)
    # One entry per line and owner set: "will A and then B" is one task list for one person.
    merged: dict[tuple[int, tuple[str, ...], date | None], _Candidate] = {}
    for candidate in kept:
        key = (candidate.statement.line, tuple(sorted(_identity(w) for w in candidate.owners)), candidate.due)
        if key in merged:
            continue
        merged[key] = candidate
    result = list(merged.values())
    by_line: dict[int, list[_Candidate]] = {}
    for candidate in result:
        by_line.setdefault(candidate.statement.line, []).append(candidate)
    final: list[_Candidate] = []
    for candidate in result:
        owners = {_identity(w) for w in candidate.owners}
        same_line = [c for c in by_line[candidate.statement.line] if c is not candidate]
        if not owners and candidate.due is None and any(c.owners for c in same_line):
            continue  # an ownerless echo of a line that already names its owner
        final.append(candidate)
    return final


def _to_model(file: str, candidate: _Candidate) -> FollowUp:
    statement = candidate.statement
    logins = [w.login for w in candidate.owners if w.login]
    return FollowUp(
        id=follow_up_id(file, f"{statement.text}\n{candidate.text}\n{' '.join(sorted(logins))}"),
        line=statement.line,
        owners=logins,
        owner_names=[w.name for w in candidate.owners if w.login],
        unresolved_names=[w.name for w in candidate.owners if not w.login],
        due=candidate.due,
        text=candidate.text,
        topic=statement.topic,
        confidence=round(min(max(candidate.confidence, 0.0), 1.0), 2),
        also_stated_at=sorted(set(candidate.also)),
    )
