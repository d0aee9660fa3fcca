"""Action tables: a table with an action column and an owner or due column.

One follow-up per data row; the header row is never one; "Ana, Ben" in an owner cell is
two owners; the due cell gives the date.
"""

from __future__ import annotations

import re

from bot.domain.models import Statement
from bot.extract.candidates import Candidate, new_candidate
from bot.extract.context import Context, due_date
from bot.extract.names import Who
from bot.parse.dates import find_date_near, relative_due

# Column titles of an action table.
_ACTION_COLUMN = re.compile(
    r"^\W*(?:action(?:\s+items?)?|tasks?|to-?dos?|items?|what|description|next\s+steps?)\W*$", re.I
)
_OWNER_COLUMN = re.compile(
    r"^\W*(?:owners?|assignees?|assigned(?:\s+to)?|who|responsible(?:\s+person)?|lead|ar\s+owner)(?:\(s\))?\W*$",
    re.I,
)
_DUE_COLUMN = re.compile(r"^\W*(?:due(?:\s+date)?|deadline|by\s+when|when|target(?:\s+date)?|eta)\W*$", re.I)
_DONE_STATUS = re.compile(r"\b(?:done|closed|completed|finished|✅)\b", re.I)


def find_tables(statements: list[Statement]) -> list[list[list[Statement]]]:
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


def action_table(rows: list[list[Statement]], context: Context) -> list[Candidate] | None:
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
    found: list[Candidate] = []
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
        when = when or due_date(statement.text, statement, context)
        candidate = new_candidate(statement, statement.text, owners, when, 0.85, True)
        candidate.section = True
        found.append(candidate)
    return found
