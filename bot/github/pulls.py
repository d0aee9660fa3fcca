"""Pull request lists in the shape of GitHub's "list pull requests" response.

`extract --pulls FILE` reads them offline; `process` gets the same JSON from the API, so
both paths go through `pulls_from_json`.

Listing every pull request of a busy repository costs a page per hundred on every run
(11 for coconut-svsm/svsm in 2025, growing). `PullSnapshot` is that list kept between
runs (in the run cache, `bot/app/cache.py`): a run then asks only for what was updated since
the snapshot's watermark, newest update first, and `merge` folds it in. The watermark is
GitHub's own `updated_at` (never the runner's clock), so clock skew cannot hide a change.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.domain.errors import InputError
from bot.domain.models import PullRequest

_REPO_IN_URL = re.compile(r"github\.com/([^/]+/[^/]+)/pull/\d+|/repos/([^/]+/[^/]+)/pulls/\d+")


# What `pulls_from_json` reads, plus `updated_at` for the watermark: all a snapshot keeps.
_FIELDS = (
    "number",
    "title",
    "state",
    "created_at",
    "updated_at",
    "closed_at",
    "merged_at",
    "body",
    "html_url",
)


def slim_pull(item: dict[str, Any]) -> dict[str, Any]:
    """A list-pulls item cut to the fields reference resolution reads (same JSON shape)."""
    slim = {key: item.get(key) for key in _FIELDS}
    slim["user"] = {"login": (item.get("user") or {}).get("login")}
    slim["head"] = {"ref": (item.get("head") or {}).get("ref")}
    slim["base"] = {"repo": {"full_name": ((item.get("base") or {}).get("repo") or {}).get("full_name")}}
    return slim


def _updated(item: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(item.get("updated_at")))
    except ValueError:
        return None


def reached(item: dict[str, Any], watermark: datetime) -> bool:
    """Whether a listing sorted by update (newest first) has gone back past the watermark.

    Strictly older only: a pull request updated in the watermark's own second may not be
    in the snapshot yet, so it is read again.
    """
    updated = _updated(item)
    return updated is not None and updated < watermark


class PullSnapshot(BaseModel):
    """One repository's pull request list as of `synced`: the newest `updated_at` in it."""

    synced: datetime | None = None
    items: list[dict[str, Any]] = []


def merge(snapshot: PullSnapshot | None, fresh: list[dict[str, Any]]) -> PullSnapshot:
    """The snapshot with the freshly listed pull requests replacing their older copies.

    Pull requests are never deleted, so a snapshot plus everything updated since its
    watermark is the whole list. Ordered newest number first, as a full listing is.
    """
    by_number = {item["number"]: item for item in (snapshot.items if snapshot else [])}
    by_number |= {item["number"]: item for item in fresh}
    items = sorted(by_number.values(), key=lambda item: item["number"], reverse=True)
    stamps = [stamp for item in items if (stamp := _updated(item)) is not None]
    return PullSnapshot(synced=max(stamps, default=None), items=items)


def _repository(item: dict[str, Any], default: str | None) -> str | None:
    base = (item.get("base") or {}).get("repo") or {}
    if base.get("full_name"):
        return str(base["full_name"])
    for key in ("html_url", "url"):
        match = _REPO_IN_URL.search(str(item.get(key) or ""))
        if match:
            return match.group(1) or match.group(2)
    return default


def pulls_from_json(items: Any, source: str, default_repository: str | None = None) -> list[PullRequest]:
    """Validate a decoded list-pull-requests payload; `source` names it in errors."""
    if not isinstance(items, list):
        raise InputError(f"{source}: expected a JSON array of pull requests")
    pulls = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(f"{source}: item {index} is not an object")
        repository = _repository(item, default_repository)
        if repository is None:
            raise InputError(f"{source}: item {index} names no repository (base.repo.full_name)")
        try:
            pulls.append(
                PullRequest(
                    repository=repository,
                    number=item["number"],
                    title=item.get("title") or "",
                    author=(item.get("user") or {}).get("login"),
                    author_name=item.get("author_name"),
                    state=item.get("state") or "open",
                    created_at=item.get("created_at"),
                    closed_at=item.get("closed_at"),
                    merged_at=item.get("merged_at"),
                    head_ref=(item.get("head") or {}).get("ref"),
                    body=item.get("body") or "",
                    html_url=item.get("html_url"),
                )
            )
        except (KeyError, ValidationError) as exc:
            raise InputError(f"{source}: item {index} is not a pull request: {exc}") from None
    return pulls


def load_pulls(path: Path, default_repository: str | None = None) -> list[PullRequest]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: pull request list not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read pull request list: {exc}") from None
    return pulls_from_json(data, str(path), default_repository)
