"""The transport under the GitHub client: PyGithub set up safely, reads retried, writes paced.

PyGithub's own retries and throttling are switched off: a POST repeated blindly after a
lost answer is a duplicate issue, so a write is sent once here and repeated only by the
client (`bot/github/client.py`) after re-listing shows its marker is not on GitHub yet. Reads
(GETs) are retried on 5xx and short rate limits; every failure is judged by
`bot/github_outcomes.classify`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Self, TypeVar

from github import Auth, Github

from bot.domain.apply_report import WriteBudget
from bot.domain.config import Config
from bot.domain.errors import InputError
from bot.github.convert import github_time
from bot.github.outcomes import GitHubError, Outcome, classify, header, next_page

# https://docs.github.com/en/rest/about-the-rest-api/api-versions: pin the version the bot
# was written against; GitHub answers an unpinned request as 2022-11-28 today, but not forever.
API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
# https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication:
# under Actions' GITHUB_TOKEN the bot writes as this app user, and GET /user answers 403.
ACTIONS_IDENTITY = "github-actions[bot]"

_READ_ATTEMPTS = 3

T = TypeVar("T")


class Left(Exception):
    """Stop applying: this action and the rest wait for the next run (budget, long rate limit)."""


class Transport:
    """PyGithub, the write pace and the bot's identity; the client's reads and writes build on it."""

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

    @classmethod
    def from_env(cls, config: Config, env: Mapping[str, str], **kwargs: Any) -> Self:
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
            raise Left
        self._pace()
        try:
            return call()
        finally:
            self._last_write = self._clock()

    # -- identity -------------------------------------------------------------------------

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

    def _get(self, url: str, params: dict[str, Any] | None = None) -> tuple[dict[str, Any], Any]:
        """One GET (retried as `_read` does): the answer's headers and decoded JSON."""
        requester = self._gh.requester
        return self._read(f"GET {url}", lambda: requester.requestJsonAndCheck("GET", url, parameters=params))

    def _pages(
        self,
        url: str,
        params: dict[str, Any],
        *,
        enough: Callable[[list[Any]], bool] = lambda _: False,
    ) -> tuple[datetime | None, list[Any]]:
        """Every page of a listing (or up to the first page `enough` accepts), with GitHub's
        clock at the first answer: what a later `since=` look starts from."""
        requester = self._gh.requester
        page_url: str | None = url
        page_params: dict[str, Any] | None = {**params, "per_page": 100}
        at: datetime | None = None
        items: list[Any] = []
        while page_url is not None:
            headers, data = self._read(
                f"GET {url}",
                lambda u=page_url, p=page_params: requester.requestJsonAndCheck("GET", u, parameters=p),
            )
            if at is None:
                at = github_time(header(headers, "date"))
            page = [item for item in data or [] if isinstance(item, dict)]
            items += page
            page_url, page_params = next_page(headers), None
            if enough(page):
                break
        return at, items
