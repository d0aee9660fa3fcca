"""What the reminder policy decides, and the record each reminder leaves for the next run.

The policy (bot/plan/remind.py) produces these values; the renderers (bot/render/remind.py) and
the command shell (bot/app/remind.py) read them. Pure: no I/O.

Why a second hidden comment: every body the bot writes ends with its marker (bot/domain/markers.py),
which says *which* reminder a comment is. A reminder or digest body also carries, above it,
a `<!-- minutes-bot-record {...} -->` comment saying *how many* reminders with no activity
it completes, per follow-up. The count cannot be recomputed later: activity that is not a
comment (an edit of the `Due:` line, a label) is visible in `updated_at` only until the
bot's next comment bumps it. Reminders already on GitHub carry this record, so the format
is read as it is, and kept.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.domain.actions import Action

_RECORD = re.compile(r"<!--\s*minutes-bot-record\s+(\{.*?\})\s*-->", re.DOTALL)

Status = Literal["remind", "stopped", "skip"]


class Decision(BaseModel):
    """What the plan does with one follow-up this week, and why."""

    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    owners: tuple[str, ...]
    meeting: str
    due: date | None
    triggered: bool  # due: past its date (or first_after_days old), not locked or snoozed
    days_overdue: int  # days past the due date, or since opening without one
    reminders: int  # reminders since the last human activity, before this run
    status: Status
    reason: str
    sent_by: str = ""  # marker key of the comment or digest that carries this reminder


class StillOpen(BaseModel):
    """A follow-up the bot stopped reminding about: for the meeting issue's carry-over list."""

    model_config = ConfigDict(frozen=True)

    repository: str
    number: int
    title: str
    owners: tuple[str, ...]
    meeting: str
    due: date | None
    reminders: int


class ReminderPlan(BaseModel):
    repository: str
    week: str
    digest: bool
    actions: list[Action] = []
    decisions: list[Decision] = []
    closed: int = 0  # closed follow-ups: never reminded, counted for the summary
    note: str = ""  # why nothing at all is planned (disabled, digest issue closed)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class ReminderRecord(BaseModel):
    """What a reminder or digest body records for later runs: its week, and for each follow-up
    it reminded, the how-manieth reminder with no activity that was.

    The count is carried from reminder to reminder because activity that is not a comment is
    seen only until the bot's next comment bumps `updated_at` past it.
    """

    week: str
    counts: dict[int, int]


def render_record(record: ReminderRecord) -> str:
    return f"<!-- minutes-bot-record {json.dumps(record.model_dump(), sort_keys=True)} -->"


def find_record(body: str | None) -> ReminderRecord | None:
    """The record in a body the bot wrote (callers check the author): the last one wins."""
    found = None
    for match in _RECORD.finditer(body or ""):
        try:
            found = ReminderRecord.model_validate_json(match.group(1))
        except ValidationError:
            continue
    return found
