"""Findings + GitHub state to the ordered writes of one meeting: pure, deterministic, idempotent.

The order is what makes a crash harmless. Labels come first, then one issue per
follow-up, then one comment per pull request or issue discussed, and the meeting issue
last, only once every item before it is on GitHub (or was settled with a reason). The
meeting issue is therefore the meeting's record: when it exists, the meeting is done.
An action whose marker key is already in the state is never planned again, so calling
the planner after any partial run plans exactly what is missing; a closed follow-up
keeps its key and is never re-created.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from fnmatch import fnmatch
from pathlib import PurePosixPath

from pydantic import BaseModel

from bot.domain.actions import Action, CreateIssue, EnsureLabel
from bot.domain.config import CarryOver, Person, PullRequests, References, Series
from bot.domain.models import Findings
from bot.domain.people import Roster
from bot.domain.state import RepoState
from bot.plan.carry import (
    Completion,
    OpenFollowUp,
    find_completions,
    match_continuations,
    open_follow_ups,
)
from bot.plan.items import (
    MeetingConfig,
    PlanContext,
    grouped_references,
    keyed_follow_ups,
    meeting_key,
    not_commented,
)
from bot.plan.meeting_issue import meeting_issue
from bot.plan.writes import plan_completions, plan_follow_ups, plan_references

LABEL_COLORS = {"bot": "5319e7", "follow_up": "0e8a16", "meeting": "1d76db"}


class Carry(BaseModel):
    """This meeting's relation to the open follow-ups of earlier meetings."""

    continuations: dict[str, OpenFollowUp] = {}  # follow-up key -> the open issue it restates
    completions: list[Completion] = []


def carry(
    findings: Findings,
    state: RepoState,
    carry_over: CarryOver,
    people: Sequence[Person],
    context: PlanContext,
) -> Carry:
    """Pure: which new follow-ups continue open ones, and which open ones are done."""
    earlier = open_follow_ups(state, excluding_path=findings.file)
    if not earlier:
        return Carry()
    keyed = keyed_follow_ups(findings)
    continuations: dict[str, OpenFollowUp] = {}
    if carry_over.continue_open_follow_ups:
        for found in match_continuations(dict(keyed), earlier):
            continuations[found.key] = found.issue
    # Without a clock no PR counts as merged yet: the minutes alone are the evidence.
    pulls = context.pulls if context.now else ()
    completions = find_completions(findings, earlier, pulls, context.now or datetime.min, Roster(people))
    return Carry(continuations=continuations, completions=completions)


def carry_targets(carried: Carry) -> set[int]:
    """Issue numbers the carry-over may comment on: their comments hold its markers."""
    return {issue.number for issue in carried.continuations.values()} | {
        c.issue.number for c in carried.completions
    }


def planned_writes(
    findings: Findings,
    state: RepoState,
    references: References,
    pull_requests: PullRequests,
    issues_repository: str,
) -> int:
    """The issues and comments the meeting still needs, its meeting issue included.

    Counted from the findings before any comment is read, so a flood costs no API reads: one
    write per follow-up (an issue, or a comment on the issue it restates) and per
    reference to comment on, not yet on GitHub.
    """
    if meeting_key(findings.file) in state.markers:
        return 0
    follow_ups = sum(key not in state.markers for key, _ in keyed_follow_ups(findings))
    references = sum(
        key not in state.markers and not not_commented(refs[0], references, pull_requests, issues_repository)
        for key, refs in grouped_references(findings)
    )
    return follow_ups + references + 1


def held(planned: int, path: str, series: Series, max_per_meeting: int) -> str | None:
    """Why a meeting is held whole (nothing written), or None when it may be written.

    A meeting that plans more issues and comments than `writes.max_per_meeting` is almost
    always a misread file (a 5,000-row table, a pasted log), not a busy call; writing part
    of it would flood the tracker with no way back.
    """
    limit = max_per_meeting
    if planned <= limit:
        return None
    name = PurePosixPath(path).name
    if any(fnmatch(name, pattern) or fnmatch(path, pattern) for pattern in series.allow_large):
        return None
    return (
        f"{path}: held, nothing written: it plans {planned} issues and comments, over "
        f"writes.max_per_meeting ({limit}). If the minutes are right, raise writes.max_per_meeting "
        f"or add {name!r} to allow_large of the series {series.name!r}; otherwise fix the file."
    )


def _labels(series: Series, kind: str, repository: str) -> list[EnsureLabel]:
    """The bot's own label (how it finds its state) and the kind's label, created if missing."""
    about = {"follow_up": "Follow-up from meeting minutes", "meeting": "Follow-ups of one meeting"}
    return [
        EnsureLabel(
            repository=repository,
            name=series.labels.bot,
            color=LABEL_COLORS["bot"],
            description="Written by minutes-bot",
        ),
        EnsureLabel(
            repository=repository,
            name=getattr(series.labels, kind),
            color=LABEL_COLORS[kind],
            description=about[kind],
        ),
    ]


def plan_meeting(
    findings: Findings,
    state: RepoState,
    config: MeetingConfig,
    context: PlanContext,
    carried: Carry | None = None,
) -> list[Action]:
    """The writes still missing for one meeting, in the order that keeps a crash harmless.

    `carried`: `carry` of the same arguments, when the caller has it already.
    """
    if meeting_key(findings.file) in state.markers:
        return []
    decided = (
        carried if carried is not None else carry(findings, state, config.carry_over, config.people, context)
    )
    issues = plan_follow_ups(findings, state.markers, config.people, context, decided.continuations)
    actions: list[Action] = []
    if any(isinstance(action, CreateIssue) for action in issues):
        actions += _labels(context.series, "follow_up", context.issues_repository)
    actions += issues
    actions += plan_completions(
        decided.completions, findings, state, config.carry_over.close_on_evidence, context
    )
    actions += plan_references(findings, state.markers, config, context)
    if actions:
        return actions
    return [
        *_labels(context.series, "meeting", context.issues_repository),
        meeting_issue(findings, state, config, context, decided.continuations),
    ]
