"""`FakeGitHub`: seeding, identities, the request pipeline, faults and the request log.

Every request, from either serving, goes through `FakeGitHub.handle`:
route and log -> request contract check -> authenticate (401) -> fault that answers
instead (5xx, rate limits) -> apply -> fault after applying (5xx, drop, crash) ->
rate-limit headers -> response contract check. A contract violation is recorded in
`violations` and (by default) raised, so a test cannot pass over it.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

from tests.fakegithub import api, contract
from tests.fakegithub.api import Call, HttpError, Reply
from tests.fakegithub.payloads import Builder
from tests.fakegithub.state import (
    ACTIONS_LOGIN,
    ACTIONS_USER_ID,
    Comment,
    Issue,
    Label,
    Pull,
    Repo,
    User,
    World,
    utc,
)

ACTIONS_TOKEN = "ghs_fakeActionsToken0000000000000000000"
API_URL = "https://api.github.com"


@dataclass
class Fault:
    """One injected failure, matched by method and path (glob string or regex), fired `times` times.

    kind: "status" (answer `status` without applying), "status-after" (apply, then answer
    `status`), "drop" (apply, then close the connection / raise ConnectionError),
    "secondary-rate-limit" (403, Retry-After), "primary-rate-limit" (403 or 429,
    x-ratelimit-remaining: 0 and x-ratelimit-reset), "crash" (apply, then the client
    dies: in-process `SimulatedCrash` is raised; over HTTP the answer is held until the
    test has killed the client and calls `release()`; `reached` is set when it fires).
    """

    kind: str
    method: str = "*"
    path: str | re.Pattern = "*"
    status: int = 502
    retry_after: int = 1
    reset_in: int = 1
    times: int = 1
    fired: int = 0
    reached: threading.Event = field(default_factory=threading.Event, repr=False)
    released: threading.Event = field(default_factory=threading.Event, repr=False)

    def release(self) -> None:
        """Let a held "crash" request end (its connection is closed without an answer)."""
        self.released.set()

    def matches(self, method: str, path: str) -> bool:
        if self.fired >= self.times or (self.method != "*" and self.method.upper() != method):
            return False
        if isinstance(self.path, re.Pattern):
            return self.path.fullmatch(path) is not None
        return fnmatch.fnmatchcase(path, self.path)

    @property
    def pending(self) -> bool:
        return self.fired < self.times


@dataclass
class Logged:
    """One request as the fake saw it; `wall` is time.monotonic() for spacing checks."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: object
    login: str | None
    at: datetime  # the fake clock
    wall: float
    status: int = 0
    operation: str | None = None
    fault: str | None = None  # the kind of fault that fired, or "contract" for a violating request
    dropped: bool = False

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


class SimulatedCrash(BaseException):
    """Raised in-process by a "crash" fault: like a kill, it escapes `except Exception`."""


@dataclass
class Outcome:
    """What a serving must send: a reply, nothing at all (`drop`), or a crash (`crash`)."""

    reply: Reply
    drop: bool = False
    crash: Fault | None = None


@dataclass
class _Quota:
    limit: int
    reset: int
    used: int = 0

    def overview(self) -> dict[str, int]:
        return {
            "limit": self.limit,
            "remaining": max(self.limit - self.used, 0),
            "reset": self.reset,
            "used": self.used,
        }


class FakeGitHub:
    """A stateful fake of the GitHub REST API subset in `openapi/openapi-subset.json`.

    `strict=True` (default) raises `ContractViolation` from the request that broke the
    contract (in-process serving); the HTTP server answers 422 / 500 instead. Either way
    the violation is kept in `violations`, which the fixtures assert empty.
    """

    def __init__(
        self,
        now: datetime | str = "2025-01-01T00:00:00Z",
        *,
        strict: bool = True,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.world = World(now)
        self.wall = wall  # epoch seconds for rate-limit windows; a test's fake clock makes waits free
        self.strict = strict
        self.tokens: dict[str, str] = {ACTIONS_TOKEN: ACTIONS_LOGIN}
        self.faults: list[Fault] = []
        self.log: list[Logged] = []
        self.violations: list[str] = []
        self.rate_limit = 5000  # per PAT identity; the Actions token gets 1000, as on GitHub
        self._quotas: dict[str, _Quota] = {}
        self._lock = threading.RLock()
        self.world.users[ACTIONS_LOGIN.casefold()] = User(ACTIONS_LOGIN, ACTIONS_USER_ID, type="Bot")

    # --- clock -----------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.world.now

    @now.setter
    def now(self, value: datetime | str) -> None:
        self.world.now = utc(value)

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward, e.g. `fake.advance(days=7)`."""
        self.world.now = self.world.now + timedelta(**delta)
        return self.world.now

    # --- seeding -----------------------------------------------------------------------

    def add_user(
        self, login: str, *, token: str | None = None, type: str = "User", name: str | None = None
    ) -> User:
        """A user; with `token`, requests bearing it act as this user (a PAT)."""
        user = self.world.ensure_user(login, type=type, name=name)
        if token is not None:
            self.tokens[token] = user.login
        return user

    def add_repo(self, full_name: str, *, private: bool = False, default_branch: str = "main") -> Repo:
        owner, name = full_name.split("/")
        existing = self.world.repo(full_name)
        if existing is not None:
            return existing
        self.world.ensure_user(owner)
        repo = Repo(self.world.next_id(), owner, name, private=private, default_branch=default_branch)
        self.world.repos[full_name.casefold()] = repo
        return repo

    def add_collaborator(self, repo: str, login: str) -> None:
        """Push access and assignable (what GitHub's assignees endpoints answer)."""
        self.add_user(login)
        self.world.get_repo(repo).collaborators.add(login)

    def add_label(self, repo: str, name: str, color: str = "ededed", description: str | None = None) -> Label:
        target = self.world.get_repo(repo)
        label = Label(self.world.next_id(), name, color, description)
        target.labels[name.casefold()] = label
        return label

    def add_issue(
        self,
        repo: str,
        title: str,
        *,
        author: str,
        body: str | None = None,
        labels: tuple[str, ...] | list[str] = (),
        assignees: tuple[str, ...] | list[str] = (),
        state: str = "open",
        created_at: datetime | str | None = None,
        closed_at: datetime | str | None = None,
        number: int | None = None,
        locked: bool = False,
    ) -> Issue:
        target = self.world.get_repo(repo)
        self.add_user(author)
        for name in labels:
            if target.label(name) is None:
                self.add_label(repo, name)
        created = utc(created_at) if created_at is not None else self.now
        closed = utc(closed_at) if closed_at is not None else (self.now if state == "closed" else None)
        issue = Issue(
            id=self.world.next_id(),
            repo=target.full_name,
            number=number if number is not None else target.next_number(),
            title=title,
            user=author,
            body=body,
            created_at=created,
            updated_at=max(created, closed) if closed else created,
            state=state,
            state_reason="completed" if state == "closed" else None,
            closed_at=closed,
            locked=locked,
            labels=[target.label(n).name for n in labels],
            assignees=list(assignees),
        )
        if issue.number in target.issues:
            raise ValueError(f"{repo}#{issue.number} exists already")
        target.issues[issue.number] = issue
        return issue

    def add_pull(
        self,
        repo: str,
        number: int | None = None,
        title: str = "A pull request",
        author: str = "octocat",
        created_at: datetime | str | None = None,
        merged_at: datetime | str | None = None,
        *,
        closed_at: datetime | str | None = None,
        body: str | None = None,
        head: str | None = None,
        base: str = "main",
        draft: bool = False,
        labels: tuple[str, ...] | list[str] = (),
        files: tuple[str, ...] | list[str] = (),
    ) -> Issue:
        """A pull request; merged or closed when `merged_at` / `closed_at` is given."""
        merged = utc(merged_at) if merged_at is not None else None
        closed = utc(closed_at) if closed_at is not None else merged
        issue = self.add_issue(
            repo,
            title,
            author=author,
            body=body,
            labels=labels,
            state="closed" if closed else "open",
            created_at=created_at,
            closed_at=closed,
            number=number,
        )
        issue.state_reason = None
        issue.pull = Pull(
            pr_id=self.world.next_id(),
            head=head or f"{author}/pr-{issue.number}",
            base=base,
            draft=draft,
            merged_at=merged,
            files=list(files),
        )
        return issue

    def add_comment(
        self, repo: str, number: int, body: str, *, as_user: str, at: datetime | str | None = None
    ) -> Comment:
        """A comment by `as_user` (a human, or the bot), bumping the issue's updated_at."""
        target = self.world.get_repo(repo)
        issue = target.issues[number]
        self.add_user(as_user)
        when = utc(at) if at is not None else self.now
        comment = Comment(self.world.next_id(), target.full_name, number, as_user, body, when, when)
        target.comments[comment.id] = comment
        issue.updated_at = max(issue.updated_at, when)
        return comment

    def edit_issue(
        self,
        repo: str,
        number: int,
        *,
        as_user: str,
        title: str | None = None,
        body: str | None = None,
        state: str | None = None,
        state_reason: str | None = None,
        labels: list[str] | tuple[str, ...] | None = None,
        assignees: list[str] | tuple[str, ...] | None = None,
        locked: bool | None = None,
    ) -> Issue:
        """A human (or the bot) changes an issue outside the API: updated_at moves to `now`."""
        issue = self.world.get_repo(repo).issues[number]
        self.add_user(as_user)
        if title is not None:
            issue.title = title
        if body is not None:
            issue.body = body
        if labels is not None:
            for name in labels:
                if self.repo(repo).label(name) is None:
                    self.add_label(repo, name)
            issue.labels = [self.repo(repo).label(name).name for name in labels]
        if assignees is not None:
            issue.assignees = list(assignees)
        if locked is not None:
            issue.locked = locked
        if state is not None and state != issue.state:
            issue.state = state
            closing = state == "closed"
            issue.closed_at, issue.closed_by = (self.now, as_user) if closing else (None, None)
            issue.state_reason = (state_reason or "completed") if closing else "reopened"
        issue.updated_at = self.now
        return issue

    # --- inspection --------------------------------------------------------------------

    def repo(self, full_name: str) -> Repo:
        return self.world.get_repo(full_name)

    def issues(self, repo: str, *, pulls: bool = False) -> list[Issue]:
        """The issues of `repo` by number (pull requests only with `pulls=True`)."""
        items = sorted(self.world.get_repo(repo).issues.values(), key=lambda i: i.number)
        return [i for i in items if pulls or not i.is_pull]

    def comments(self, repo: str, number: int | None = None) -> list[Comment]:
        items = sorted(self.world.get_repo(repo).comments.values(), key=lambda c: c.id)
        return [c for c in items if number is None or c.issue_number == number]

    @property
    def writes(self) -> list[Logged]:
        return [entry for entry in self.log if entry.is_write]

    @property
    def reads(self) -> list[Logged]:
        return [entry for entry in self.log if not entry.is_write]

    def write_gaps(self) -> list[float]:
        """Seconds (wall clock) between consecutive mutating requests, to check pacing."""
        walls = [entry.wall for entry in self.writes]
        return [later - earlier for earlier, later in itertools.pairwise(walls)]

    @property
    def pending_faults(self) -> list[Fault]:
        return [f for f in self.faults if f.pending]

    # --- faults --------------------------------------------------------------------------

    def _add_fault(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def fail(
        self, method: str, path: str | re.Pattern, status: int = 502, *, after: bool = False, times: int = 1
    ) -> Fault:
        """Answer `status`; before applying the request, or after it (`after=True`)."""
        return self._add_fault(
            Fault("status-after" if after else "status", method, path, status=status, times=times)
        )

    def drop(self, method: str, path: str | re.Pattern, *, times: int = 1) -> Fault:
        """Apply the request, then lose the answer (connection closed / ConnectionError)."""
        return self._add_fault(Fault("drop", method, path, times=times))

    def crash(self, method: str, path: str | re.Pattern, *, times: int = 1) -> Fault:
        """Apply the request, then the client "dies" before it sees the answer (see `Fault`)."""
        return self._add_fault(Fault("crash", method, path, times=times))

    def secondary_rate_limit(
        self, method: str, path: str | re.Pattern, *, retry_after: int = 1, times: int = 1
    ) -> Fault:
        return self._add_fault(
            Fault("secondary-rate-limit", method, path, status=403, retry_after=retry_after, times=times)
        )

    def primary_rate_limit(
        self, method: str, path: str | re.Pattern, *, status: int = 403, reset_in: int = 1, times: int = 1
    ) -> Fault:
        return self._add_fault(
            Fault("primary-rate-limit", method, path, status=status, reset_in=reset_in, times=times)
        )

    # --- the pipeline --------------------------------------------------------------------

    def _quota(self, login: str | None, resource: str) -> _Quota:
        key = f"{login}:{resource}"
        if key not in self._quotas:
            limit = 30 if resource == "search" else (1000 if login == ACTIONS_LOGIN else self.rate_limit)
            limit = 60 if login is None and resource == "core" else limit
            self._quotas[key] = _Quota(limit, reset=int(self.wall()) + 3600)
        quota = self._quotas[key]
        if self.wall() >= quota.reset:  # a new window, as GitHub's hourly reset
            quota.used, quota.reset = 0, int(self.wall()) + 3600
        return quota

    def _rate_headers(self, quota: _Quota, resource: str) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(quota.limit),
            "x-ratelimit-remaining": str(quota.overview()["remaining"]),
            "x-ratelimit-reset": str(quota.reset),
            "x-ratelimit-used": str(quota.used),
            "x-ratelimit-resource": resource,
        }

    def handle(
        self, method: str, base: str, target: str, headers: dict[str, str], raw: bytes | None
    ) -> Outcome:
        """Serve one request. `base` is the API root it came in on, `target` path?query below it."""
        with self._lock:
            return self._handle(method.upper(), base.rstrip("/"), target, headers, raw or None)

    def _handle(
        self, method: str, base: str, target: str, headers: dict[str, str], raw: bytes | None
    ) -> Outcome:
        split = urlsplit(target)
        path = split.path or "/"
        query = parse_qs(split.query, keep_blank_values=True)
        headers = dict(headers)
        if raw and not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json"  # GitHub reads any body as JSON
        template, handler, params, known = api.route(method, path)
        entry = Logged(method, path, query, _loads(raw), None, self.now, time.monotonic())
        entry.operation = contract.operation_id(template, method) if template else None
        self.log.append(entry)
        resource = "search" if path.startswith("/search/") else "core"
        login, auth_error = self._authenticate(headers)
        entry.login = login
        quota = self._quota(login, resource)
        spec_request = contract.SpecRequest(
            method, contract.spec_path(path, template, params) if template else path, query, headers, raw
        )
        outcome = self._dispatch(entry, spec_request, base, handler, params, login, auth_error, quota, known)
        entry.status, entry.dropped = outcome.reply.status, outcome.drop
        if not outcome.drop:
            outcome.reply.headers = {
                **self._rate_headers(quota, resource),
                "x-github-request-id": f"FAKE:{len(self.log):06d}",
                "x-github-api-version-selected": "2022-11-28",
                # Every answer is dated, on the fake clock (RFC 7231 7.1.1.2, as GitHub sends it).
                "Date": format_datetime(self.now, usegmt=True),
                **outcome.reply.headers,
            }
            if template is not None and entry.fault != "contract":
                self._check_response(spec_request, outcome.reply, template, entry)
        return outcome

    def _authenticate(self, headers: dict[str, str]) -> tuple[str | None, HttpError | None]:
        header = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        if not header:
            return None, None
        scheme, _, token = header.partition(" ")
        login = self.tokens.get(token.strip()) if scheme.lower() in ("token", "bearer") else None
        if login is None:
            return None, HttpError(401, "Bad credentials")
        return login, None

    def _dispatch(
        self,
        entry: Logged,
        spec_request: contract.SpecRequest,
        base: str,
        handler,
        params: dict[str, str],
        login: str | None,
        auth_error: HttpError | None,
        quota: _Quota,
        known: bool,
    ) -> Outcome:
        method, path = entry.method, entry.path
        if handler is None:
            entry.fault = "contract"
            self._violation(f"{method} {path}: no such operation in the OpenAPI subset", entry)
            return Outcome(
                Reply(405 if known else 404, {"message": "Not Found", "documentation_url": api.DOCS})
            )
        problems = contract.request_errors(spec_request)
        if problems:
            entry.fault = "contract"
            self._violation(f"request {method} {path} violates the spec: " + " | ".join(problems), entry)
            return Outcome(
                Reply(
                    422,
                    {"message": "Invalid request: " + " | ".join(problems), "documentation_url": api.DOCS},
                )
            )
        if auth_error is not None:
            return Outcome(auth_error.reply)
        fault = next((f for f in self.faults if f.matches(method, path)), None)
        if fault is not None:
            fault.fired += 1
            entry.fault = fault.kind
            if fault.kind in ("status", "secondary-rate-limit", "primary-rate-limit"):
                return Outcome(self._fault_reply(fault, quota))
        if handler is not api.rate_limit:  # GET /rate_limit is free, as on GitHub
            if quota.used >= quota.limit:
                return Outcome(self._primary_limit_reply(quota, 403, quota.reset))
            quota.used += 1
        call = Call(
            self.world, Builder(self.world, base), base, path, params, spec_request.query, entry.body, login
        )
        call.rate_limits = {
            resource: self._quota(login, resource).overview() for resource in ("core", "search")
        }
        try:
            reply = handler(call)
        except HttpError as error:
            reply = error.reply
        if fault is not None and fault.kind == "status-after":
            return Outcome(Reply(fault.status, {"message": "Server Error", "documentation_url": api.DOCS}))
        if fault is not None and fault.kind == "crash":
            fault.reached.set()
            return Outcome(reply, drop=True, crash=fault)
        return Outcome(reply, drop=fault is not None and fault.kind == "drop")

    def _fault_reply(self, fault: Fault, quota: _Quota) -> Reply:
        if fault.kind == "secondary-rate-limit":
            message = (
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                "If you reach out to GitHub Support for help, please include the request ID FAKE."
            )
            doc = f"{api.DOCS}/overview/rate-limits-for-the-rest-api"
            return Reply(
                403, {"message": message, "documentation_url": doc}, {"Retry-After": str(fault.retry_after)}
            )
        if fault.kind == "primary-rate-limit":  # this answer only: the next request passes
            return self._primary_limit_reply(quota, fault.status, int(self.wall()) + fault.reset_in)
        return Reply(fault.status, {"message": "Server Error", "documentation_url": api.DOCS})

    def _primary_limit_reply(self, quota: _Quota, status: int, reset: int) -> Reply:
        message = (
            "API rate limit exceeded for installation. "
            "If you reach out to GitHub Support for help, please include the request ID FAKE."
        )
        doc = f"{api.DOCS}/overview/rate-limits-for-the-rest-api"
        headers = {
            "x-ratelimit-remaining": "0",
            "x-ratelimit-used": str(quota.limit),
            "x-ratelimit-reset": str(reset),
        }
        return Reply(status, {"message": message, "documentation_url": doc}, headers)

    def _check_response(
        self, request: contract.SpecRequest, reply: Reply, template: str, entry: Logged
    ) -> None:
        data = body_bytes(reply) or None
        headers = {"Content-Type": "application/json; charset=utf-8"} if data is not None else {}
        response = contract.SpecResponse(reply.status, {**headers, **reply.headers}, data)
        problems = contract.response_errors(request, response, template)
        if problems:
            self._violation(
                f"response {reply.status} to {entry.method} {entry.path} violates the spec: "
                + " | ".join(problems),
                entry,
            )

    def _violation(self, message: str, entry: Logged) -> None:
        self.violations.append(message)
        if self.strict:
            raise contract.ContractViolation(message)


def _loads(raw: bytes | None) -> object:
    try:
        return api.parse_json(raw)
    except HttpError:
        return raw


def body_bytes(reply: Reply) -> bytes:
    return b"" if reply.body is None else json.dumps(reply.body).encode()
