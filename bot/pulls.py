"""Pull request lists in the shape of GitHub's "list pull requests" response.

`extract --pulls FILE` reads them offline; `process` gets the same JSON from the API, so
both paths go through `pulls_from_json`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.errors import InputError
from bot.models import PullRequest

_REPO_IN_URL = re.compile(r"github\.com/([^/]+/[^/]+)/pull/\d+|/repos/([^/]+/[^/]+)/pulls/\d+")


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
