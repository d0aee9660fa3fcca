"""The run cache: what the bot read from GitHub, kept between runs to read less next time.

GitHub stays the database: the cache only saves requests, and every decision would be
the same without it. A missing, unreadable or foreign cache file is a cold start (a
warning, then a full read), never an error. On Actions it lives in the Actions cache
(`docs/api-usage.md`), which a fork's pull request cannot write to the default branch.

Two parts:
- `pulls`: each code repository's pull request list (`bot/github/pulls.py`), refreshed by what
  was updated since.
- `seen`: for each issue whose comments the bot read, the listing's `comments` count and
  `updated_at` at that moment, and the comments. While the listing shows the same count
  and no later update, the comments are the same, and are not read again. A comment the
  bot itself posts is added here, so its own reminder does not count as a change.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from bot.domain.errors import InputError
from bot.domain.state import Comment, Issue, issue_ref
from bot.github.pulls import PullSnapshot, pulls_from_json

# An issue's updated_at trails the bot's own comment on it by up to a few seconds.
OWN_WRITE_TOLERANCE = timedelta(minutes=2)


class Seen(BaseModel):
    """An issue's comments as the bot last saw them, and the listing fields that tell a change."""

    count: int
    updated_at: datetime
    own_write: bool = False  # the last change known is the bot's own comment: allow its lag
    comments: tuple[Comment, ...] = ()


class Cache(BaseModel):
    version: Literal[1] = 1
    pulls: dict[str, PullSnapshot] = {}  # "owner/repo" -> its pull request list
    seen: dict[str, Seen] = {}  # "owner/repo#N" -> its comments as last read


def unchanged(issue: Issue, seen: Seen | None) -> bool:
    """Whether the listing shows no comment added, deleted or edited since the bot last looked.

    Any comment change bumps the issue's `updated_at`; an equal count alone would miss a
    deletion plus an addition.
    """
    if seen is None or issue.comment_count != seen.count:
        return False
    slack = OWN_WRITE_TOLERANCE if seen.own_write else timedelta(0)
    return issue.updated_at <= seen.updated_at + slack


def _kept(comment: Comment) -> Comment:
    """Only the bot's own bodies are read again (their hidden records); others cost space only."""
    return comment if comment.marker is not None else comment.model_copy(update={"body": ""})


def remember(cache: Cache, issue: Issue, comments: tuple[Comment, ...]) -> None:
    """Record the comments just read for `issue`, with the listing fields read alongside."""
    cache.seen[issue_ref(issue.repository, issue.number)] = Seen(
        count=issue.comment_count,
        updated_at=issue.updated_at,
        comments=tuple(_kept(c) for c in comments),
    )


def forget_closed(cache: Cache, issues: list[Issue]) -> None:
    """Closed issues are never read for reminders again: their entries would only grow the file."""
    for issue in issues:
        if issue.state == "closed":
            cache.seen.pop(issue_ref(issue.repository, issue.number), None)


def remember_own(cache: Cache, repository: str, number: int, comment: Comment | None) -> None:
    """The bot commented: add its comment to what it saw, or forget the issue if it cannot."""
    key = issue_ref(repository, number)
    seen = cache.seen.get(key)
    if seen is None or comment is None:
        cache.seen.pop(key, None)
        return
    cache.seen[key] = Seen(
        count=seen.count + 1,
        updated_at=max(seen.updated_at, comment.updated_at or comment.created_at),
        own_write=True,
        comments=(*seen.comments, _kept(comment)),
    )


def load_cache(path: Path | None, warn: Callable[[str], None]) -> Cache:
    """The cache at `path`, or an empty one (with a warning when a file was there but unusable)."""
    if path is None:
        return Cache()
    try:
        cache = Cache.model_validate_json(path.read_bytes())
        for repository, snapshot in cache.pulls.items():
            pulls_from_json(snapshot.items, str(path), repository)
    except FileNotFoundError:
        return Cache()
    except (OSError, ValidationError, InputError) as exc:
        reason = (
            f"{exc.strerror or exc}"
            if isinstance(exc, OSError)
            else "not a minutes-bot cache of this version"
        )
        warn(f"{path}: cache ignored ({reason}); reading everything from GitHub")
        return Cache()
    return cache


def save_cache(path: Path | None, cache: Cache, warn: Callable[[str], None]) -> None:
    """Write the cache atomically (a crash leaves the old file); a failure costs reads only."""
    if path is None:
        return
    scratch: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(cache.model_dump(mode="json"), file, separators=(",", ":"))
        os.replace(scratch, path)
    except OSError as exc:
        if scratch is not None:
            Path(scratch).unlink(missing_ok=True)
        warn(f"{path}: cannot write the cache ({exc.strerror or exc}); the next run reads more")
