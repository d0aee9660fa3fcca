"""What applying writes produced: the write budget, and the report each `apply` returns.

Plain values shared by the client (`bot/github/client.py`), which fills them, and the commands
(`process`, `remind`, `preview`), which count, print and settle meetings from them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from bot.domain.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.domain.state import Comment, Issue


class Outcome(StrEnum):
    """What the bot does about a failed request."""

    WAIT = "wait"  # rate limited: wait as GitHub says, if not too long, then try again
    RETRY = "retry"  # transient (5xx, connection lost): back off and try again; may have been applied
    SKIP = "skip"  # this one item can never be written (gone, locked, archived): record why, go on
    # GitHub refused this one item (a permission missing for it, 422): go on with the others,
    # but its meeting stays unsettled and the next run tries it again, after the fix.
    REFUSED = "refused"
    FAIL = "fail"  # nothing will work (credentials, permissions): stop the run


class WriteBudget:
    """Mutating requests left in this run; shared by every apply() of the run.

    actions/stale's `operations-per-run`: counted in one place, reported at the end.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    @property
    def remaining(self) -> int:
        return self.limit - self.used

    def take(self) -> bool:
        if self.used >= self.limit:
            return False
        self.used += 1
        return True


class Applied(BaseModel):
    """An action that is on GitHub now: written by this run, or found already there."""

    action: Action
    number: int | None = None
    url: str | None = None
    issue: Issue | None = None
    comment: Comment | None = None


class Problem(BaseModel):
    action: Action | None = None
    request: str
    outcome: Outcome
    reason: str

    def line(self) -> str:
        return f"{self.request}: {self.reason}"


class ApplyReport(BaseModel):
    done: list[Applied] = []
    present: list[Applied] = []  # skipped: already on GitHub (label exists, lost answer found)
    left: list[Action] = []  # not attempted: budget spent, rate limited too long, or run stopped
    errors: list[Problem] = []

    @property
    def stopped(self) -> bool:
        return bool(self.left) or any(p.outcome in (Outcome.FAIL, Outcome.RETRY) for p in self.errors)

    @property
    def refused(self) -> bool:
        """Some item was refused and waits for the next run: its meeting must not settle."""
        return any(p.outcome is Outcome.REFUSED for p in self.errors)


def describe(action: Action) -> str:
    """The request that sends an action, as a problem line names it."""
    match action:
        case EnsureLabel():
            return f"POST /repos/{action.repository}/labels ({action.name})"
        case CreateIssue():
            return f"POST /repos/{action.repository}/issues ({action.title})"
        case CreateComment():
            return f"POST /repos/{action.repository}/issues/{action.number}/comments"
        case UpdateComment():
            return f"PATCH /repos/{action.repository}/issues/comments/{action.comment_id}"
        case UpdateIssue():
            return f"PATCH /repos/{action.repository}/issues/{action.number}"
    raise TypeError(action)
