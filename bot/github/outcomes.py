"""What a failed GitHub request means for the bot: the one map from errors to outcomes.

gidgethub's `sansio` habit: plain values in (an exception, the clock), a `Verdict` out, no
I/O. The client (`bot/github/transport.py`) retries, waits or stops by the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import requests
from github import GithubException
from pydantic import BaseModel, ConfigDict

from bot.domain.apply_report import Outcome
from bot.domain.errors import RunError

# https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit:
# "If the retry-after response header is present, you should not retry your request until after
# that many seconds has elapsed. Otherwise, you should wait for at least one minute."
_SECONDARY_DEFAULT_WAIT = 60.0
# https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    reason: str
    wait: float | None = None
    status: int | None = None  # the HTTP status, when GitHub answered


class GitHubError(RunError):
    """A request that failed for good; `verdict` says how."""

    def __init__(self, request: str, verdict: Verdict) -> None:
        super().__init__(f"{request}: {verdict.reason}")
        self.request = request
        self.verdict = verdict


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """A response header by its lower-case name (PyGithub keeps the case the server sent)."""
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value)
    return None


def next_page(headers: Mapping[str, Any] | None) -> str | None:
    """The `rel="next"` URL of a paginated answer's Link header, None on the last page."""
    match = _NEXT.search(header(headers, "link") or "")
    return match.group(1) if match else None


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
    retry_after = header(exc.headers, "retry-after")
    remaining = header(exc.headers, "x-ratelimit-remaining")
    reset = header(exc.headers, "x-ratelimit-reset")
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
