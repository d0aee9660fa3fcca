"""Planned writes: what the planners decide and `bot/github/client.py` applies, in order.

Each action carries the marker key it will write, so applying can first check that the
key is not on GitHub yet (a lost response must never become a second issue). Every body
passes `fit_body` here, the one place all writers share, so none is over GitHub's limit.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

from bot.domain.markers import Marker, fit_body

Body = Annotated[str, AfterValidator(fit_body)]
# GitHub refuses an issue title over 256 characters (422, "title is too long"); many owners'
# names after a follow-up's words could pass that, and a refused write is retried every run.
TITLE_LIMIT = 256


def _fit_title(title: str) -> str:
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"


Title = Annotated[str, AfterValidator(_fit_title)]


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True)

    repository: str
    reason: str = ""  # one line for the dry-run plan and the job summary


class EnsureLabel(_Action):
    op: Literal["ensure-label"] = "ensure-label"
    name: str
    color: str = "ededed"
    description: str = ""


class CreateIssue(_Action):
    op: Literal["create-issue"] = "create-issue"
    title: Title
    body: Body
    marker: Marker
    labels: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()


class CreateComment(_Action):
    op: Literal["create-comment"] = "create-comment"
    number: int
    body: Body
    marker: Marker


class UpdateComment(_Action):
    op: Literal["update-comment"] = "update-comment"
    comment_id: int
    body: Body
    marker: Marker


class UpdateIssue(_Action):
    op: Literal["update-issue"] = "update-issue"
    number: int
    body: Body | None = None
    state: Literal["open", "closed"] | None = None
    state_reason: Literal["completed", "not_planned", "reopened"] | None = None
    labels: tuple[str, ...] | None = None


Action = EnsureLabel | CreateIssue | CreateComment | UpdateComment | UpdateIssue
