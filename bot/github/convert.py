"""GitHub's JSON (issues, comments, response dates) turned into the bot's `state` models.

Pure: the client hands over the decoded answer and the bot's login; whose markers count is
decided here, once (a marker counts only in a body the bot's own identity wrote).
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from bot.domain.issue_body import parse_due
from bot.domain.markers import find_marker
from bot.domain.state import Comment, Issue


def _login(user: Any) -> str:
    return str(user.get("login") or "") if isinstance(user, dict) else ""


def comment_from_json(data: dict[str, Any], bot_login: str) -> Comment:
    """One item of a comment listing (or a create/edit answer)."""
    user = data.get("user")
    author = _login(user)
    body = data.get("body") or ""
    return Comment(
        id=data["id"],
        author=author,
        author_is_bot=isinstance(user, dict) and user.get("type") == "Bot",
        created_at=data["created_at"],
        updated_at=data.get("updated_at"),
        body=body,
        marker=find_marker(body) if author == bot_login else None,
    )


def issue_from_json(
    repository: str, data: dict[str, Any], bot_login: str, comments: tuple[Comment, ...] = ()
) -> Issue:
    """One item of an issue listing (or a create answer)."""
    author = _login(data.get("user"))
    body = data.get("body") or ""
    return Issue(
        repository=repository,
        number=data["number"],
        title=data.get("title") or "",
        body=body,
        state=data["state"],
        state_reason=data.get("state_reason"),
        locked=bool(data.get("locked")),
        # list items carry `pull_request` only for PRs; the URL says it for every answer
        is_pull="/pull/" in (data.get("html_url") or ""),
        labels=tuple(label["name"] for label in data.get("labels") or [] if isinstance(label, dict)),
        assignees=tuple(_login(user) for user in data.get("assignees") or []),
        author=author,
        created_at=data["created_at"],
        updated_at=data["updated_at"],
        closed_at=data.get("closed_at"),
        comment_count=data.get("comments") or 0,
        marker=find_marker(body) if author == bot_login else None,
        due=parse_due(body),
        comments=comments,
    )


def github_time(date_header: str | None) -> datetime | None:
    """GitHub's clock at an answer, from its `Date` header (RFC 7231), None without one.

    A look's time must be GitHub's, not the runner's: `since=` compares it with GitHub's
    `updated_at`, and runner clocks drift.
    """
    if not date_header:
        return None
    try:
        return parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
