"""The GitHub adapter: the only module that imports PyGithub.

It reads the bot's state through list endpoints, learns who the bot is, and applies
planned actions within a write budget, at a steady pace, honouring rate limits. Every
decision about *what* to write is made by the pure planners; this module decides only
*how* to send it safely. PyGithub's own retries and throttling are switched off: a POST
repeated blindly after a lost answer is a duplicate issue, so retries live here, where a
create is repeated only after re-listing shows its marker is not on GitHub yet.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from itertools import islice
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException
from github.IssueComment import IssueComment
from pydantic import BaseModel, ConfigDict

from bot.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.config import Config
from bot.errors import InputError, RunError
from bot.issue_body import parse_due
from bot.markers import find_marker
from bot.models import PullRequest
from bot.pulls import pulls_from_json, reached, slim_pull
from bot.state import Comment, Issue, RepoState

# https://docs.github.com/en/rest/about-the-rest-api/api-versions: pin the version the bot
# was written against; GitHub answers an unpinned request as 2022-11-28 today, but not forever.
API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
# https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication:
# under Actions' GITHUB_TOKEN the bot writes as this app user, and GET /user answers 403.
ACTIONS_IDENTITY = "github-actions[bot]"

_READ_ATTEMPTS = 3
_WRITE_ATTEMPTS = 3
_MAX_RATE_LIMIT_WAITS = 3
_RECHECK_ITEMS = 100  # one page
# https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit:
# "If the retry-after response header is present, you should not retry your request until after
# that many seconds has elapsed. Otherwise, you should wait for at least one minute."
_SECONDARY_DEFAULT_WAIT = 60.0
# https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')

T = TypeVar("T")


class Outcome(StrEnum):
    """What the bot does about a failed request."""

    WAIT = "wait"  # rate limited: wait as GitHub says, if not too long, then try again
    RETRY = "retry"  # transient (5xx, connection lost): back off and try again; may have been applied
    SKIP = "skip"  # this one item can never be written (gone, locked, archived): record why, go on
    # GitHub refused this one item (a permission missing for it, 422): go on with the others,
    # but its meeting stays unsettled and the next run tries it again, after the fix.
    REFUSED = "refused"
    FAIL = "fail"  # nothing will work (credentials, permissions): stop the run


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    reason: str
    wait: float | None = None
    status: int | None = None  # the HTTP status, when GitHub answered


def _header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value)
    return None


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or exc.message or "").strip()
    details = [
        str(error.get("message") or error.get("code") or "")
        for error in data.get("errors") or []
        if isinstance(error, dict)
    ]
    details = [d for d in details if d]
    if details:
        message = f"{message} ({'; '.join(details)})" if message else "; ".join(details)
    return message or f"HTTP {exc.status}"


def classify(exc: BaseException, now: float) -> Verdict | None:
    """The one place that maps PyGithub and transport errors to the bot's outcomes.

    `now` is the wall clock (epoch seconds), for `x-ratelimit-reset`. Returns None for an
    exception that is not a GitHub or network failure (a bug, which should surface).
    """
    if isinstance(exc, requests.exceptions.RequestException):
        # A dropped connection or timeout says nothing about whether GitHub applied the request.
        return Verdict(outcome=Outcome.RETRY, reason=f"no answer from GitHub ({type(exc).__name__})")
    if not isinstance(exc, GithubException):
        return None
    verdict = _classify_status(exc, now)
    return verdict.model_copy(update={"status": exc.status})


def _classify_status(exc: GithubException, now: float) -> Verdict:
    status = exc.status
    message = _message(exc)
    retry_after = _header(exc.headers, "retry-after")
    remaining = _header(exc.headers, "x-ratelimit-remaining")
    reset = _header(exc.headers, "x-ratelimit-reset")
    lowered = message.lower()
    # https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors:
    # primary and secondary limits answer 403 or 429; retry-after, else x-ratelimit-reset when
    # x-ratelimit-remaining is 0, else wait at least a minute.
    limited = status == 429 or (
        status == 403 and (retry_after is not None or remaining == "0" or "rate limit" in lowered)
    )
    if limited:
        if retry_after is not None and retry_after.strip().isdigit():
            wait = float(retry_after)
        elif remaining == "0" and reset is not None and reset.strip().isdigit():
            wait = max(0.0, float(reset) - now) + 1.0
        else:
            wait = _SECONDARY_DEFAULT_WAIT
        return Verdict(outcome=Outcome.WAIT, reason=f"rate limited: {message}", wait=wait)
    if status >= 500:
        # https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api:
        # server errors are transient; a write may still have been applied.
        return Verdict(outcome=Outcome.RETRY, reason=f"GitHub error {status}: {message}")
    if status == 401:
        return Verdict(
            outcome=Outcome.FAIL, reason=f"bad credentials (401): is GITHUB_TOKEN valid? {message}"
        )
    if status == 403:
        if "locked" in lowered:
            return Verdict(outcome=Outcome.SKIP, reason=f"conversation is locked (403): {message}")
        if "archived" in lowered:
            return Verdict(outcome=Outcome.SKIP, reason=f"repository is archived (403): {message}")
        # Which permission is missing depends on the endpoint: `_apply_one` names it for a write.
        return Verdict(outcome=Outcome.FAIL, reason=f"forbidden (403): {message}")
    if status in (404, 410):
        return Verdict(outcome=Outcome.SKIP, reason=f"not found ({status}): {message}")
    # https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#validation-failed:
    # 422: GitHub does not accept this request as it is (an unassignable login, a body too long).
    # Not settled: once the cause is fixed (config, roster, a new bot version) the next run writes it.
    return Verdict(outcome=Outcome.REFUSED, reason=f"rejected ({status}): {message}")


def _next_page(headers: Mapping[str, Any] | None) -> str | None:
    """The `rel="next"` URL of a paginated answer's Link header, None on the last page."""
    match = _NEXT.search(_header(headers, "link") or "")
    return match.group(1) if match else None


class GitHubError(RunError):
    """A request that failed for good; `verdict` says how."""

    def __init__(self, request: str, verdict: Verdict) -> None:
        super().__init__(f"{request}: {verdict.reason}")
        self.request = request
        self.verdict = verdict


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


class _Left(Exception):
    """Internal: stop applying; this action and the rest wait for the next run."""


def _describe(action: Action) -> str:
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


class GitHubClient:
    """A small, stable interface over PyGithub for process, remind and carry-over."""

    def __init__(
        self,
        github: Github,
        config: Config,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        installation_token: bool = False,
    ) -> None:
        self._gh = github
        self._installation_token = installation_token
        self._writes = config.writes
        self._identity = config.writes.identity
        self._sleep = sleep
        self._clock = clock
        self._wall = wall
        self._last_write: float | None = None
        self._labels: dict[str, set[str]] = {}

    @classmethod
    def from_env(cls, config: Config, env: Mapping[str, str], **kwargs: Any) -> GitHubClient:
        token = env.get("GITHUB_TOKEN", "").strip()
        if not token:
            raise InputError("GITHUB_TOKEN is not set (use --dry-run to plan without GitHub)")
        base_url = (env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
        github = Github(
            auth=Auth.Token(token),
            base_url=base_url,
            api_version=API_VERSION,
            retry=None,  # no automatic retry: a repeated POST can be a duplicate (see module doc)
            seconds_between_requests=None,
            seconds_between_writes=None,  # paced here, with the configured interval
            per_page=100,
            timeout=30,
            user_agent="minutes-bot",
            lazy=True,
        )
        return cls(github, config, installation_token=token.startswith("ghs_"), **kwargs)

    # -- requests ---------------------------------------------------------------------

    def _read(self, request: str, call: Callable[[], T]) -> T:
        """A GET (or a paginated listing), retried on 5xx and rate limits."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return call()
            except Exception as exc:
                verdict = classify(exc, self._wall())
                if verdict is None:
                    raise
                if (
                    verdict.outcome is Outcome.WAIT
                    and attempt < _READ_ATTEMPTS
                    and verdict.wait is not None
                    and verdict.wait <= self._writes.max_rate_limit_wait_seconds
                ):
                    self._sleep(verdict.wait)
                    continue
                if verdict.outcome is Outcome.RETRY and attempt < _READ_ATTEMPTS:
                    self._sleep(self._backoff(attempt))
                    continue
                raise GitHubError(request, verdict) from None

    def _backoff(self, failures: int) -> float:
        """Exponential: GitHub's 5xx are brief, and a burst of retries would not help it recover."""
        return self._writes.retry_backoff_seconds * 2 ** (failures - 1)

    def _pace(self) -> None:
        # https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests:
        # "wait at least one second between each request" that creates or changes content.
        if self._last_write is not None:
            wait = self._last_write + self._writes.min_interval_seconds - self._clock()
            if wait > 0:
                self._sleep(wait)

    def _write(self, call: Callable[[], T], budget: WriteBudget) -> T:
        if not budget.take():
            raise _Left
        self._pace()
        try:
            return call()
        finally:
            self._last_write = self._clock()

    # -- identity and reads -------------------------------------------------------------

    @property
    def bot_login(self) -> str:
        """Whose markers count: the token's user, or Actions' app user when GET /user is 403."""
        if self._identity is None and self._installation_token:
            # https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/:
            # "ghs_" is an installation (server-to-server) token, for which GET /user is 403 anyway.
            self._identity = ACTIONS_IDENTITY
        if self._identity is None:
            try:
                self._identity = self._read("GET /user", lambda: self._gh.get_user().login)
            except GitHubError as exc:
                # https://docs.github.com/en/rest/users/users#get-the-authenticated-user: an
                # installation token (Actions' GITHUB_TOKEN) is not a user, and gets 403.
                if exc.verdict.status != 403 or exc.verdict.outcome is not Outcome.FAIL:
                    raise
                self._identity = ACTIONS_IDENTITY
        return self._identity

    def _repo(self, repository: str) -> Any:
        return self._gh.get_repo(repository)

    def _comment(self, repository: str, raw: Any) -> Comment:
        author = raw.user.login if raw.user else ""
        body = raw.body or ""
        return Comment(
            id=raw.id,
            author=author,
            author_is_bot=bool(raw.user and raw.user.type == "Bot"),
            created_at=raw.created_at,
            updated_at=raw.updated_at,
            body=body,
            marker=find_marker(body) if author == self.bot_login else None,
        )

    def _issue(self, repository: str, raw: Any, comments: Iterable[Comment] = ()) -> Issue:
        author = raw.user.login if raw.user else ""
        body = raw.body or ""
        return Issue(
            repository=repository,
            number=raw.number,
            title=raw.title or "",
            body=body,
            state=raw.state,
            state_reason=raw.state_reason,
            locked=bool(raw.locked),
            # list items carry `pull_request` only for PRs; reading an absent field costs a GET
            is_pull="/pull/" in (raw.html_url or ""),
            labels=tuple(label.name for label in raw.labels),
            assignees=tuple(user.login for user in raw.assignees),
            author=author,
            created_at=raw.created_at,
            updated_at=raw.updated_at,
            closed_at=raw.closed_at,
            comment_count=raw.comments or 0,
            marker=find_marker(body) if author == self.bot_login else None,
            due=parse_due(body),
            comments=tuple(comments),
        )

    def list_comments(
        self, repository: str, number: int, since: datetime | None = None
    ) -> list[Comment] | None:
        """Comments of one issue or PR (markers only from the bot); None when it does not exist."""
        issue = self._repo(repository).get_issue(number)
        kwargs = {"since": since} if since else {}
        try:
            raws = self._read(
                f"GET /repos/{repository}/issues/{number}/comments",
                lambda: list(issue.get_comments(**kwargs)),
            )
        except GitHubError as exc:
            if exc.verdict.outcome is Outcome.SKIP:
                return None
            raise
        return [self._comment(repository, raw) for raw in raws]

    def read_state(self, repository: str, label: str, *, comments: bool = True) -> RepoState:
        """The bot's issues in a repository, open and closed, found by its label.

        https://docs.github.com/en/rest/issues/issues#list-repository-issues: a list endpoint,
        not search, whose index lags and would let a second run miss the first run's issues.
        With `comments`, one more listing per issue that has any.
        """
        login = self.bot_login
        repo = self._repo(repository)
        raws = self._read(
            f"GET /repos/{repository}/issues?labels={label}&state=all",
            lambda: list(repo.get_issues(state="all", labels=[label])),
        )
        issues: list[Issue] = []
        markers = {}
        for raw in raws:
            found: list[Comment] = []
            if comments and raw.comments:
                found = self.list_comments(repository, raw.number) or []
            issue = self._issue(repository, raw, found)
            issues.append(issue)
            for marker in [issue.marker, *(c.marker for c in found)]:
                if marker is not None:
                    markers[marker.key] = marker
        return RepoState(repository=repository, bot_login=login, issues=issues, markers=markers)

    def profile_name(self, login: str) -> str | None:
        """The name a user gave their profile (`GET /users/{login}`), or None; for roster suggestions."""
        user = self._read(f"GET /users/{login}", lambda: self._gh.get_user(login).name)
        return str(user) if user else None

    def list_pulls(self, repository: str) -> list[PullRequest]:
        """Every pull request of a repository, for resolving references by subject."""
        items = self.pull_items(repository)
        return pulls_from_json(items, f"GET /repos/{repository}/pulls", repository)

    def pull_items(self, repository: str, updated_since: datetime | None = None) -> list[dict[str, Any]]:
        """Pull requests of a repository as GitHub lists them (the `--pulls` JSON shape, slimmed).

        Without `updated_since`, all of them (open and closed). With it, newest update first,
        page by page, stopping at the first page that reaches back to `updated_since`: what
        changed since a list kept from an earlier run was synced (`bot/pulls.py` merges it).
        """
        params: dict[str, Any] = {"state": "all", "per_page": 100}
        if updated_since is not None:
            params |= {"sort": "updated", "direction": "desc"}
        url: str | None = f"/repos/{repository}/pulls"
        items: list[dict[str, Any]] = []
        requester = self._gh.requester
        while url is not None:
            headers, data = self._read(
                f"GET /repos/{repository}/pulls",
                lambda u=url, p=params: requester.requestJsonAndCheck("GET", u, parameters=p),
            )
            page = [slim_pull(item) for item in data or [] if isinstance(item, dict)]
            items += page
            url, params = _next_page(headers), None
            if updated_since is not None and any(reached(item, updated_since) for item in page):
                break
        return items

    def can_assign(self, repository: str, login: str) -> bool:
        """https://docs.github.com/en/rest/issues/assignees#check-if-a-user-can-be-assigned:
        204 yes, 404 no. Creating an issue with an unassignable login fails with 422 for a
        token with push access, and drops the assignee silently without it."""
        requester = self._gh.requester
        url = f"/repos/{repository}/assignees/{login}"
        try:
            self._read(f"GET {url}", lambda: requester.requestJsonAndCheck("GET", url))
        except GitHubError as exc:
            if exc.verdict.outcome is Outcome.SKIP:
                return False
            raise
        return True

    def _label_names(self, repository: str) -> set[str]:
        if repository not in self._labels:
            repo = self._repo(repository)
            raws = self._read(f"GET /repos/{repository}/labels", lambda: list(repo.get_labels()))
            self._labels[repository] = {raw.name.casefold() for raw in raws}
        return self._labels[repository]

    def _find_issue(self, action: CreateIssue) -> Issue | None:
        """After a lost answer: is the issue there after all? Newest first, bot's label."""
        repo = self._repo(action.repository)
        label = action.labels[0] if action.labels else None
        kwargs: dict[str, Any] = {"state": "all", "sort": "created", "direction": "desc"}
        if label:
            kwargs["labels"] = [label]
        # Newest first: an issue created moments ago is on the first page.
        raws = self._read(
            f"GET /repos/{action.repository}/issues (re-check after a lost answer)",
            lambda: list(islice(repo.get_issues(**kwargs), _RECHECK_ITEMS)),
        )
        for raw in raws:
            issue = self._issue(action.repository, raw)
            if issue.marker is not None and issue.marker.key == action.marker.key:
                return issue
        return None

    def _find_comment(self, action: CreateComment) -> Comment | None:
        for comment in self.list_comments(action.repository, action.number) or []:
            if comment.marker is not None and comment.marker.key == action.marker.key:
                return comment
        return None

    # -- applying -------------------------------------------------------------------------

    def apply(self, actions: Iterable[Action], budget: WriteBudget, *, recheck: bool = True) -> ApplyReport:
        """Send the actions in order; stop at the budget, a long rate limit or a fatal error.

        `recheck` re-reads each create's marker just before sending it (see `_apply_one`).
        """
        report = ApplyReport()
        pending = list(actions)
        while pending:
            action = pending.pop(0)
            try:
                self._apply_one(action, budget, report, recheck)
            except _Left:
                report.left += [action, *pending]
                break
            except GitHubError as exc:
                report.errors.append(
                    Problem(
                        action=action,
                        request=exc.request,
                        outcome=exc.verdict.outcome,
                        reason=exc.verdict.reason,
                    )
                )
                if exc.verdict.outcome not in (Outcome.SKIP, Outcome.REFUSED):
                    report.left += pending
                    break
        return report

    def _apply_one(self, action: Action, budget: WriteBudget, report: ApplyReport, recheck: bool) -> None:
        request = _describe(action)
        if isinstance(action, EnsureLabel) and action.name.casefold() in self._label_names(action.repository):
            report.present.append(Applied(action=action))
            return
        # Two runs at once (a schedule and a manual run, the workflow's concurrency group
        # bypassed): the other may have written this since this run read its state. The
        # marker is re-read just before each create, one listing each.
        if budget.remaining <= 0:
            raise _Left
        found = self._find_existing(action) if recheck else None
        if found is not None:
            report.present.append(found)
            return
        failures = 0  # answers that leave it unknown whether GitHub applied the write
        waits = 0
        while True:
            try:
                applied = self._write(lambda: self._send(action), budget)
            except (_Left, GitHubError):
                raise
            except Exception as exc:
                verdict = classify(exc, self._wall())
                if verdict is None:
                    raise
                if isinstance(action, EnsureLabel) and "already_exists" in verdict.reason:
                    self._labels[action.repository].add(action.name.casefold())
                    report.present.append(Applied(action=action))
                    return
                if verdict.outcome in (Outcome.SKIP, Outcome.REFUSED, Outcome.FAIL):
                    if isinstance(action, CreateIssue) and verdict.status in (404, 410):
                        # The issues repository itself is missing or unreadable: nothing else will work.
                        verdict = verdict.model_copy(update={"outcome": Outcome.FAIL})
                    elif verdict.status == 403 and verdict.outcome is Outcome.FAIL:
                        verdict = self._forbidden(action, verdict)
                    raise GitHubError(request, verdict) from None
                if verdict.outcome is Outcome.WAIT:
                    waits += 1
                    too_long = verdict.wait is None or verdict.wait > self._writes.max_rate_limit_wait_seconds
                    if too_long or waits > _MAX_RATE_LIMIT_WAITS:
                        raise _Left from None  # GitHub refused it: nothing was written
                    self._sleep(verdict.wait)
                else:
                    failures += 1
                    self._sleep(self._backoff(failures))
                found = self._find_existing(action)
                if found is not None:
                    report.present.append(found)
                    return
                if failures >= _WRITE_ATTEMPTS:
                    raise GitHubError(request, verdict) from None
                continue
            self._check_written(request, applied)
            report.done.append(applied)
            return

    def _forbidden(self, action: Action, verdict: Verdict) -> Verdict:
        """A 403 on a write names the permission that endpoint needs.

        https://docs.github.com/en/rest/issues/comments#create-an-issue-comment: a comment on a
        pull request needs "Pull requests" write, on an issue "Issues" write; GITHUB_TOKEN's
        `permissions:` use the same names (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token).
        A comment is refused for this item only (the token may write elsewhere); a refused
        issue, label or close means no issue write works.
        """
        match action:
            case CreateComment():
                on_pull = self._is_pull(action.repository, number=action.number)
            case UpdateComment():
                on_pull = self._is_pull(action.repository, comment_id=action.comment_id)
            case _:
                on_pull = False
        if on_pull is None:
            needed = "`issues: write` (comments on issues) or `pull-requests: write` (on pull requests)"
        else:
            needed = "`pull-requests: write`" if on_pull else "`issues: write`"
        reason = f"{verdict.reason}; the token needs {needed} on {action.repository}"
        outcome = Outcome.REFUSED if isinstance(action, CreateComment | UpdateComment) else Outcome.FAIL
        return verdict.model_copy(update={"reason": reason, "outcome": outcome})

    def _is_pull(
        self, repository: str, *, number: int | None = None, comment_id: int | None = None
    ) -> bool | None:
        """Whether a comment target is a pull request; None when GitHub would not say."""
        requester = self._gh.requester
        url = (
            f"/repos/{repository}/issues/{number}"
            if number is not None
            else f"/repos/{repository}/issues/comments/{comment_id}"
        )
        try:
            _, data = self._read(f"GET {url}", lambda: requester.requestJsonAndCheck("GET", url))
        except GitHubError:
            return None
        if number is not None:
            return "pull_request" in data
        return "/pull/" in str(data.get("html_url", ""))

    def _find_existing(self, action: Action) -> Applied | None:
        """Before a create, and before repeating one: the marker may be there already (another
        run wrote it, or GitHub acted and the answer got lost)."""
        if isinstance(action, CreateIssue):
            issue = self._find_issue(action)
            if issue is not None:
                return Applied(action=action, number=issue.number, issue=issue)
        elif isinstance(action, CreateComment):
            comment = self._find_comment(action)
            if comment is not None:
                return Applied(action=action, number=action.number, comment=comment)
        return None  # labels and PATCHes are idempotent: sending them again is safe

    def _check_written(self, request: str, applied: Applied) -> None:
        """A body the next run would not trust, or an issue it could not find, is a future duplicate."""
        action = applied.action
        written = applied.issue or applied.comment
        if written is not None and written.author != self.bot_login:
            raise GitHubError(
                request,
                Verdict(
                    outcome=Outcome.FAIL,
                    reason=(
                        f"written as {written.author}, but the bot trusts markers of {self.bot_login} only; "
                        f"set writes.identity: {written.author!r} in the config"
                    ),
                ),
            )
        if isinstance(action, CreateIssue) and applied.issue is not None:
            have = {label.casefold() for label in applied.issue.labels}  # GitHub matches labels ignoring case
            missing = [label for label in action.labels if label.casefold() not in have]
            if missing:
                # https://docs.github.com/en/rest/issues/issues#create-an-issue: labels are
                # "silently dropped" without push access; without its label the bot cannot find it.
                raise GitHubError(
                    request,
                    Verdict(
                        outcome=Outcome.FAIL,
                        reason=f"GitHub dropped the labels {', '.join(missing)}: the token cannot label issues",
                    ),
                )

    def _send(self, action: Action) -> Applied:
        repo = self._repo(action.repository)
        match action:
            case EnsureLabel():
                repo.create_label(action.name, action.color, action.description or "")
                self._labels.setdefault(action.repository, set()).add(action.name.casefold())
                return Applied(action=action)
            case CreateIssue():
                raw = repo.create_issue(
                    title=action.title,
                    body=action.body,
                    labels=list(action.labels),
                    assignees=list(action.assignees),
                )
                issue = self._issue(action.repository, raw)
                return Applied(action=action, number=issue.number, url=raw.html_url, issue=issue)
            case CreateComment():
                raw = repo.get_issue(action.number).create_comment(action.body)
                comment = self._comment(action.repository, raw)
                return Applied(action=action, number=action.number, url=raw.html_url, comment=comment)
            case UpdateComment():
                requester = self._gh.requester
                url = f"/repos/{action.repository}/issues/comments/{action.comment_id}"
                headers, data = requester.requestJsonAndCheck("PATCH", url, input={"body": action.body})
                raw = IssueComment(requester, headers, data, completed=True)
                return Applied(action=action, comment=self._comment(action.repository, raw))
            case UpdateIssue():
                changes: dict[str, Any] = {}
                if action.body is not None:
                    changes["body"] = action.body
                if action.state is not None:
                    changes["state"] = action.state
                if action.state_reason is not None:
                    changes["state_reason"] = action.state_reason
                if action.labels is not None:
                    changes["labels"] = list(action.labels)
                raw = repo.get_issue(action.number)
                raw.edit(**changes)
                return Applied(action=action, number=action.number)
        raise TypeError(action)
