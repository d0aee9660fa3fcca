"""What the bot knows of GitHub: issues and comments as read through list endpoints.

These plain values are what the pure planners (process, remind, carry-over) decide from;
`bot/github/client.py` is the only module that fills them from the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.markers import Marker


def issue_ref(repository: str, number: int) -> str:
    """`owner/repo#123`, lower-cased: the one key of an issue or pull request in the run's maps
    and the run cache (GitHub names repositories case-insensitively)."""
    return f"{repository.lower()}#{number}"


class Comment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    author: str
    author_is_bot: bool
    created_at: datetime
    updated_at: datetime | None = None
    body: str
    marker: Marker | None = None  # set only when written by the bot's own identity


class Issue(BaseModel):
    """An issue or pull request; `marker` set only when the bot's identity opened it."""

    model_config = ConfigDict(frozen=True)

    repository: str
    number: int
    title: str
    body: str
    state: Literal["open", "closed"]
    state_reason: str | None = None
    locked: bool = False
    is_pull: bool = False
    labels: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    author: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    merged_at: datetime | None = None
    marker: Marker | None = None
    due: date | None = None  # the "Due: YYYY-MM-DD" line of the body, as people may edit it
    comment_count: int = 0  # the listing's `comments`: how many there are, read or not
    comments: tuple[Comment, ...] = ()  # empty unless they were read


class Activity(BaseModel):
    """One timeline event of an issue: who did what when (comment, label, reference, edit)."""

    model_config = ConfigDict(frozen=True)

    event: str
    actor: str | None
    actor_is_bot: bool
    created_at: datetime


class RepoState(BaseModel):
    """The bot's issues of one repository (open and closed) and its comments elsewhere."""

    repository: str
    bot_login: str
    issues: list[Issue] = []
    markers: dict[str, Marker] = {}  # every marker key the bot has written, issue or comment
