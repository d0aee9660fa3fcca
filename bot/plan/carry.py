"""Carry follow-ups from call to call: continuations, completions and what is still open.

Minutes are a series: the same commitment and the same PR come back week after week. This
module decides, from plain values, when a new meeting continues an open follow-up (comment
on it instead of opening a duplicate), when it reports one done (comment with the evidence,
and close when configured), and which follow-ups the next call should review. A wrong match
would comment on or close the wrong issue, so every decision needs a single clear winner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.issue_body import parse_quote
from bot.domain.markers import key_path
from bot.domain.models import Findings, FollowUp, PullRequest
from bot.domain.people import Roster
from bot.domain.state import RepoState
from bot.parse.words import content_words, similarity

# A continuation must share an owner and this much of its subject with exactly one issue.
CONTINUATION_MIN = 0.34
# A completion named by subject (not by a PR both share) must be this close.
COMPLETION_MIN = 0.3
# The best match must beat the runner-up by this much, or nothing is matched.
MARGIN = 0.12

_PULL = re.compile(r"^(?P<repository>[^:\s]+/[^:\s]+):(?P<number>\d+)$")


class OpenFollowUp(BaseModel):
    """A follow-up issue the bot opened and that is still open, as carry-over needs it."""

    model_config = ConfigDict(frozen=True)

    repository: str
    number: int
    title: str
    text: str
    owners: tuple[str, ...] = ()
    meeting_date: date | None = None
    created_at: datetime
    due: date | None = None
    pulls: tuple[tuple[str, int], ...] = ()  # PRs the follow-up names: (repository, number)


class Continuation(BaseModel):
    """A follow-up of this meeting that restates an open one: comment there, open nothing."""

    model_config = ConfigDict(frozen=True)

    key: str  # the new follow-up's marker key
    line: int
    issue: OpenFollowUp
    score: float


class Completion(BaseModel):
    """Evidence that an open follow-up is done."""

    model_config = ConfigDict(frozen=True)

    issue: OpenFollowUp
    line: int | None  # the minutes line, or None when the evidence is a merged PR
    evidence: str
    source: str  # "minutes" or "pull-merged"


class Outstanding(BaseModel):
    model_config = ConfigDict(frozen=True)

    issue: OpenFollowUp
    age_days: int
    overdue_days: int | None


def open_follow_ups(state: RepoState, *, excluding_path: str | None = None) -> list[OpenFollowUp]:
    """The bot's open follow-up issues, read back from their markers and bodies.

    Only issues carrying the bot's own follow-up marker count (the adapter sets `marker`
    only for the bot's identity), so an issue the bot did not open is never matched.
    """
    found = []
    for issue in state.issues:
        marker = issue.marker
        if marker is None or marker.kind != "follow-up" or issue.state != "open" or issue.is_pull:
            continue
        if excluding_path is not None and key_path(marker.key) == excluding_path:
            continue
        pulls = []
        for written in marker.pulls:
            match = _PULL.match(written)
            if match:
                pulls.append((match.group("repository"), int(match.group("number"))))
        found.append(
            OpenFollowUp(
                repository=issue.repository,
                number=issue.number,
                title=issue.title,
                text=parse_quote(issue.body) or issue.title,
                owners=marker.owners or issue.assignees,
                meeting_date=marker.meeting_date,
                created_at=issue.created_at,
                due=issue.due,
                pulls=tuple(pulls),
            )
        )
    return found


def _single_best(
    scored: Iterable[tuple[float, OpenFollowUp]], minimum: float
) -> tuple[float, OpenFollowUp] | None:
    ranked = sorted(scored, key=lambda pair: pair[0], reverse=True)
    if not ranked or ranked[0][0] < minimum:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    return ranked[0]


def _subject(issue: OpenFollowUp) -> str:
    return f"{issue.title} {issue.text}"


def match_continuations(
    follow_ups: Mapping[str, FollowUp], open_issues: Sequence[OpenFollowUp]
) -> list[Continuation]:
    """New follow-ups (by marker key) that restate an open follow-up of the same owner.

    Both sides need a known owner in common: without owners "same subject" alone would fold
    different people's work into one issue.
    """
    found = []
    for key, follow_up in follow_ups.items():
        if not follow_up.owners:
            continue
        owners = {login.lower() for login in follow_up.owners}
        words = content_words(follow_up.text)
        scored = [
            (similarity(words, content_words(_subject(issue))), issue)
            for issue in open_issues
            if owners & {login.lower() for login in issue.owners}
        ]
        best = _single_best(scored, CONTINUATION_MIN)
        if best:
            found.append(Continuation(key=key, line=follow_up.line, issue=best[1], score=best[0]))
    return found


def find_completions(
    findings: Findings,
    open_issues: Sequence[OpenFollowUp],
    pulls: Sequence[PullRequest],
    now: datetime,
    roster: Roster | None = None,
) -> list[Completion]:
    """Open follow-ups that this meeting (its `done` statements), or a merged PR they name, shows to be done."""
    completions = _said_done(findings, open_issues, roster)
    for completion in _merged(open_issues, pulls, now):
        completions.setdefault(completion.issue.number, completion)
    return sorted(completions.values(), key=lambda c: c.issue.number)


def _said_done(
    findings: Findings, open_issues: Sequence[OpenFollowUp], roster: Roster | None
) -> dict[int, Completion]:
    """Issue number -> the first sentence of the minutes that reports it done."""
    references_by_line: dict[int, set[tuple[str, int]]] = {}
    for reference in findings.references:
        references_by_line.setdefault(reference.line, set()).add(
            (reference.repository.lower(), reference.number)
        )
    completions: dict[int, Completion] = {}
    for statement in findings.done:
        issue = _done_issue(
            statement.text, references_by_line.get(statement.line, set()), open_issues, roster
        )
        if issue is not None:
            completions.setdefault(
                issue.number,
                Completion(issue=issue, line=statement.line, evidence=statement.text, source="minutes"),
            )
    return completions


def _done_issue(
    text: str, named: set[tuple[str, int]], open_issues: Sequence[OpenFollowUp], roster: Roster | None
) -> OpenFollowUp | None:
    """The one open follow-up a "done" sentence is about: by a PR both name, else by subject.

    A sentence matched by subject alone that names people (from the roster) must name one
    of the follow-up's owners: "Peter has posted the planes patches" does not finish Jörg's.
    """
    by_pull = [
        issue for issue in open_issues if named & {(repo.lower(), number) for repo, number in issue.pulls}
    ]
    if by_pull:
        return by_pull[0] if len(by_pull) == 1 else None  # one PR closes several: a human decides
    words = content_words(text)
    best = _single_best(
        ((similarity(words, content_words(_subject(i))), i) for i in open_issues), COMPLETION_MIN
    )
    if best is None:
        return None
    issue = best[1]
    named_people = {m.person.github.lower() for m in (roster.mentions(text) if roster else []) if m.person}
    if named_people and not named_people & {login.lower() for login in issue.owners}:
        return None
    return issue


def _merged(
    open_issues: Sequence[OpenFollowUp], pulls: Sequence[PullRequest], now: datetime
) -> list[Completion]:
    """Open follow-ups one of whose PRs was merged after the follow-up was opened."""
    merged = {
        (pull.repository.lower(), pull.number): pull
        for pull in pulls
        if pull.merged_at and pull.merged_at <= now
    }
    found = []
    for issue in open_issues:
        for repository, number in issue.pulls:
            pull = merged.get((repository.lower(), number))
            if pull and pull.merged_at and (issue.created_at <= pull.merged_at):
                found.append(
                    Completion(
                        issue=issue,
                        line=None,
                        evidence=f"{pull.repository}#{pull.number} was merged on {pull.merged_at.date().isoformat()}",
                        source="pull-merged",
                    )
                )
                break
    return found


def outstanding(open_issues: Sequence[OpenFollowUp], on: date) -> list[Outstanding]:
    """The open follow-ups a call on `on` should review, oldest first."""
    items = []
    for issue in open_issues:
        opened = issue.meeting_date or issue.created_at.date()
        if opened >= on:
            continue
        overdue = (on - issue.due).days if issue.due and issue.due < on else None
        items.append(Outstanding(issue=issue, age_days=(on - opened).days, overdue_days=overdue))
    return sorted(items, key=lambda item: (-item.age_days, item.issue.number))
