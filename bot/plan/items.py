"""The items of one meeting as every planner sees them: their keys, their context, their owners.

A marker key names one item of one minutes file for good (`bot/domain/markers.py`): planning
the same meeting twice yields the same keys, which is how a rerun finds what is done.
The planners (`meeting.py`, `writes.py`, `meeting_issue.py`) share these pure helpers. Each
helper takes the config sections it reads, not the whole `Config`, so its signature says
what the decision depends on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.config import CarryOver, Config, Person, PullRequests, References, Series
from bot.domain.issue_body import Owner
from bot.domain.markers import item_key
from bot.domain.models import Findings, FollowUp, Meeting, PullRequest, Reference
from bot.domain.state import Comment, issue_ref

# https://docs.github.com/en/rest/issues/issues#create-an-issue: at most 10 assignees per issue.
MAX_ASSIGNEES = 10


class MeetingConfig(BaseModel):
    """The config sections planning a meeting reads, and no others.

    A meeting's writes never depend on `writes` (the budget is the applier's), `reminders`
    or the other series; built from the whole config at the app edge (`of`).
    """

    model_config = ConfigDict(frozen=True)

    people: tuple[Person, ...] = ()
    pull_requests: PullRequests = PullRequests()
    references: References = References()
    carry_over: CarryOver = CarryOver()

    @classmethod
    def of(cls, config: Config) -> MeetingConfig:
        return cls(
            people=tuple(config.people),
            pull_requests=config.pull_requests,
            references=config.references,
            carry_over=config.carry_over,
        )


class PlanContext(BaseModel):
    """Everything besides findings, state and config that the plan depends on; plain values."""

    model_config = ConfigDict(frozen=True)

    series: Series
    issues_repository: str
    minutes_repository: str
    commit: str
    quotes: dict[int, str] = {}  # minutes line -> its text, as quoted
    assignable: frozenset[str] | None = None  # logins that can be assigned; None: not checked
    authors: dict[str, str] = {}  # "owner/repo#123" -> login of its author
    problems: dict[str, str] = {}  # marker key -> why it cannot be written; settled for this meeting
    # For carrying follow-ups from call to call: the PR list and the clock.
    pulls: tuple[PullRequest, ...] = ()
    now: datetime | None = None
    reminders_stopped: frozenset[int] = frozenset()  # follow-ups the reminders gave up on
    kept_comments: dict[str, Comment] = {}  # "owner/repo#123" -> the bot's kept-up-to-date comment


def meeting_key(path: str) -> str:
    return item_key(path, "meeting")


def follow_up_key(path: str, follow_up: FollowUp) -> str:
    return item_key(
        path, "follow-up", follow_up.text, *sorted(follow_up.owners), *sorted(follow_up.unresolved_names)
    )


def reference_key(path: str, repository: str, number: int) -> str:
    return item_key(path, "reference", issue_ref(repository, number))


def pull_comment_key(repository: str, number: int) -> str:
    """The one comment kept up to date on a PR (pull_request_comments: single): no minutes path."""
    return item_key("pull-request", issue_ref(repository, number))


def done_key(issue_key: str) -> str:
    """One "looks done" comment per follow-up ever, whichever meeting or PR shows it."""
    return item_key(issue_key, "done")


def keyed_follow_ups(findings: Findings) -> list[tuple[str, FollowUp]]:
    """Keyed follow-ups in line order; the same item stated twice is one item."""
    seen: dict[str, FollowUp] = {}
    for follow_up in sorted(findings.follow_ups, key=lambda f: (f.line, f.text)):
        seen.setdefault(follow_up_key(findings.file, follow_up), follow_up)
    return list(seen.items())


def grouped_references(findings: Findings) -> list[tuple[str, list[Reference]]]:
    """References grouped by target: one comment per pull request or issue per meeting."""
    grouped: dict[str, list[Reference]] = {}
    for ref in sorted(findings.references, key=lambda r: (r.line, r.repository.lower(), r.number)):
        grouped.setdefault(reference_key(findings.file, ref.repository, ref.number), []).append(ref)
    return list(grouped.items())


def item_keys(findings: Findings) -> list[str]:
    """The marker keys of every item the meeting issue waits for."""
    return [key for key, _ in keyed_follow_ups(findings)] + [key for key, _ in grouped_references(findings)]


def not_commented(
    ref: Reference, references: References, pull_requests: PullRequests, issues_repository: str
) -> str | None:
    """Why the bot lists `ref` without commenting on it, or None when it comments.

    Only what the call discussed, in the project's own repositories (the configured ones
    and the issues repository: minutes cannot send the bot's token to comment anywhere
    else), and of the kinds `references.comment_on` asks for.
    """
    if not ref.discussed:
        return "the minutes mark it not discussed"
    if outside(ref, pull_requests, issues_repository):
        return "not a repository of this project's config"
    mode = references.comment_on
    if mode == "none":
        return "references.comment_on is none"
    if mode == "pulls" and ref.kind != "pull":
        return "not a pull request (references.comment_on: pulls)"
    return None


def outside(ref: Reference, pull_requests: PullRequests, issues_repository: str) -> bool:
    """A repository the config does not name: shown inertly, never linked or commented on."""
    allowed = {r.lower() for r in (*pull_requests.repositories, issues_repository)}
    return ref.repository.lower() not in allowed


def first_names(people: Sequence[Person], logins: Iterable[str]) -> list[str]:
    wanted = {login.lower() for login in logins}
    names: list[str] = []
    for person in people:
        if person.github.lower() in wanted:
            names += [person.name.split()[0], *person.aliases]
    return names


def owners_of(
    follow_up: FollowUp, people: Sequence[Person], assignable: frozenset[str] | None
) -> tuple[list[Owner], list[str]]:
    """Who gets pinged, and the @handles that will not be.

    A login from the roster is trusted config; any other @handle written in the minutes is
    pinged only when it can be assigned in the issues repository (a project member), so
    minutes cannot make the bot ping an arbitrary outsider. Unknown means not checked
    (a dry run without a token) and is shown as assignable.
    """
    roster = {person.github.casefold(): person.name for person in people}
    owners: list[Owner] = []
    unverified: list[str] = []
    for login in dict.fromkeys(follow_up.owners):
        can_assign = assignable is None or login in assignable
        if login.casefold() not in roster and not can_assign:
            unverified.append(login)
            continue
        name = roster.get(login.casefold(), login)
        owners.append(Owner(name=name, login=login, assigned=can_assign and len(owners) < MAX_ASSIGNEES))
    return owners, unverified


def quotes_of(meeting: Meeting) -> dict[int, str]:
    """Minutes line -> the text quoted for it: the first statement on that line."""
    quotes: dict[int, str] = {}
    for statement in meeting.statements:
        quotes.setdefault(statement.line, statement.text)
    return quotes
