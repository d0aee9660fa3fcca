"""Tasks told by the form of a statement rather than by its words.

The sentence grammar (`followups.py`) finds a follow-up in a commitment phrase. Minutes also
write tasks with no such phrase: a label with its task on the next lines, an explicit label
or action section whose text the grammar found nothing in, an open checkbox, an order
written as a list item under the work it follows. Each is read here, from the statement's
structure first and its words only as far as the form needs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.domain.models import Statement
from bot.extract import cues
from bot.extract.candidates import Candidate, new_candidate
from bot.extract.context import Context, due_date
from bot.extract.names import Who
from bot.extract.owners import explicit_owners, lead_owners
from bot.extract.speakers import LEADING_LABEL

_FINITE = re.compile(r"\b(?:is|are|was|were|remains?|needs?|has|have|had|seems?|looks)\b", re.I)
_THING_SUBJECT = re.compile(
    r"^\s*(?:this|it|that|these|those|which)\s+(?:will|would|should|is|are|was|has)\b", re.I
)


@lru_cache(maxsize=1024)
def _is_agenda_heading(heading: str) -> bool:
    return bool(re.search(r"\bagenda\b", heading, re.I))


def first_word(text: str) -> str:
    """The first word of `text` in lower case, "" for none: the imperative tests read only it."""
    words = text.split(maxsplit=1)
    return words[0].lower() if words else ""


def label_task(statement: Statement, marked: re.Match[str], context: Context) -> list[Candidate]:
    """A label with nothing after it: a task only when the label states one itself.

    "New action item to fcp close:" + "* Kim can do it": the task is the label, its sub-items
    only say who. Any other bare label's sub-items carry the follow-ups.
    """
    target = (marked.group("target") or "").strip()
    if not (re.match(r"[a-z]+\b", target) and statement.line in context.children):
        return []
    kids = [
        s for s in context.meeting.statements if s.parent_line == statement.line and s.line != statement.line
    ]
    owners = next((p for kid in kids if (p := context.names.people(kid.text))), [])
    context.absorbed.add(statement.line)
    return [new_candidate(statement, target, owners, due_date(statement.text, statement, context), 0.8, True)]


def unworded_task(
    statement: Statement,
    context: Context,
    body: str,
    marked: re.Match[str] | None,
    speaker: Who | None,
    explicit: bool,
) -> list[Candidate]:
    """A task the grammar found no words for: the form of the statement makes it one.

    An explicit label or action section, an open checkbox, or an imperative list item.
    """
    if explicit and not _THING_SUBJECT.match(body) and not cues.is_past_report(body):
        target = (marked.group("target") or marked.group("paren")) if marked else None
        owners = explicit_owners(body, target, speaker, context) or lead_owners(statement, context)
        due = due_date(body, statement, context)
        return [new_candidate(statement, body, owners, due, 0.85, True)]
    return form_task(statement, context)


def form_task(statement: Statement, context: Context) -> list[Candidate]:
    """A task by form alone, an open checkbox or an imperative list item: read from the
    statement's text, never from its speaker or body."""
    found = _task_item(statement, context) if statement.checkbox == "open" else []
    if not found and _imperative_leaf(statement, context):
        owners = context.last_subject.get(statement.headings, [])
        text = statement.text
        found.append(new_candidate(statement, text, owners, due_date(text, statement, context), 0.5, False))
    return found


def _task_item(statement: Statement, context: Context) -> list[Candidate]:
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
        new_candidate(
            statement, statement.text, owners, due_date(statement.text, statement, context), 0.7, True
        )
    ]


def _imperative_leaf(statement: Statement, context: Context) -> bool:
    """A top-level item that is an order with no subject, following a named person's item.

    "Oliver Steffen implemented a driver ... / Investigate virtio-mmio": the next steps of
    the work just described. Agenda titles are excluded by their links and sub-items.
    """
    if statement.kind != "item" or statement.depth != 1 or statement.line in context.children:
        return False
    if first_word(statement.text) not in cues.IMPERATIVE_VERBS:
        return False  # most items: the cheapest test, read first
    if statement.links or re.search(r"#\d+|\bPR\s*\d+", statement.text):
        return False
    if any(_is_agenda_heading(h) for h in statement.headings):
        return False
    if _FINITE.search(statement.text) or LEADING_LABEL.match(statement.text):
        return False
    return bool(context.last_subject.get(statement.headings))
