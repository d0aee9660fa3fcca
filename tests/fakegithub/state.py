"""The fake's world: users, repositories, issues, pull requests, comments and labels.

Plain mutable records, so tests can seed and inspect them directly. Both servings (the
`responses` mock and the HTTP server) act on one `World`; the routes in `api.py` are the
only code that changes it on behalf of a request.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

ACTIONS_LOGIN = "github-actions[bot]"
ACTIONS_USER_ID = 41898282


def utc(value: datetime | str) -> datetime:
    """A timezone-aware UTC datetime from a datetime or an ISO 8601 string ("Z" allowed)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


@dataclass
class User:
    login: str
    id: int
    type: str = "User"  # "User", "Bot" or "Organization"
    name: str | None = None
    email: str | None = None
    created_at: datetime = field(default_factory=lambda: utc("2020-01-01T00:00:00Z"))


@dataclass
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None
    default: bool = False


@dataclass
class Comment:
    id: int
    repo: str
    issue_number: int
    user: str
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Issue:
    """An issue, or a pull request when `pull` is set (numbers are shared per repository)."""

    id: int
    repo: str
    number: int
    title: str
    user: str
    body: str | None
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    locked: bool = False
    labels: list[str] = field(default_factory=list)  # label names, as the repository spells them
    assignees: list[str] = field(default_factory=list)
    pull: Pull | None = None

    @property
    def is_pull(self) -> bool:
        return self.pull is not None


@dataclass
class Pull:
    """What a pull request has beyond its issue."""

    pr_id: int
    head: str = "feature"
    base: str = "main"
    draft: bool = False
    merged_at: datetime | None = None
    merged_by: str | None = None
    files: list[str] = field(default_factory=list)


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    private: bool = False
    default_branch: str = "main"
    created_at: datetime = field(default_factory=lambda: utc("2021-01-01T00:00:00Z"))
    collaborators: set[str] = field(default_factory=set)  # push access, assignable
    labels: dict[str, Label] = field(default_factory=dict)  # key: casefolded name
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def next_number(self) -> int:
        return max(self.issues, default=0) + 1

    def label(self, name: str) -> Label | None:
        return self.labels.get(name.casefold())

    def can_push(self, login: str | None) -> bool:
        return login is not None and (login == ACTIONS_LOGIN or login in self.collaborators)

    def assignable(self, login: str) -> bool:
        return login.casefold() in {c.casefold() for c in self.collaborators}


class World:
    """All state of the fake; ids are global, issue numbers per repository."""

    def __init__(self, now: datetime | str = "2025-01-01T00:00:00Z") -> None:
        self.now = utc(now)
        self.users: dict[str, User] = {}  # key: casefolded login
        self.repos: dict[str, Repo] = {}  # key: casefolded "owner/name"
        self._ids = itertools.count(1001)

    def next_id(self) -> int:
        return next(self._ids)

    def user(self, login: str) -> User | None:
        return self.users.get(login.casefold())

    def ensure_user(self, login: str, **fields) -> User:
        user = self.user(login)
        if user is None:
            user = User(login=login, id=self.next_id(), **fields)
            self.users[login.casefold()] = user
        return user

    def repo(self, full_name: str) -> Repo | None:
        return self.repos.get(full_name.casefold())

    def get_repo(self, full_name: str) -> Repo:
        repo = self.repo(full_name)
        if repo is None:
            raise KeyError(f"fake GitHub has no repository {full_name}; call add_repo first")
        return repo

    def all_comments(self):
        for repo in self.repos.values():
            yield from repo.comments.values()
