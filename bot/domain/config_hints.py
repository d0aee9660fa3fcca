"""The known config key closest to a mistyped one, for the one-line "unknown key" error.

Derived from the pydantic models themselves, so a key added to a model is suggested
without touching this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from pydantic import BaseModel


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: itself, or inside list[...], X | None, Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        if (model := _model_in(argument)) is not None:
            return model
    return None


def known_keys(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """The keys allowed at `path` (pydantic's error location, list indexes included)."""
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        nested = _model_in(field.annotation) if field is not None else None
        if nested is None:
            return []
        model = nested
    return list(model.model_fields)


def did_you_mean(model: type[BaseModel], location: Sequence[str | int]) -> str:
    """' (did you mean 'directory'?)' for an unknown key at `location`, or '' without a close one."""
    from difflib import get_close_matches  # only for a mistyped key: not on every run's import path

    *parents, key = location
    keys = known_keys(model, parents)
    if not isinstance(key, str) or not keys:
        return ""
    by_spelling = {k.lower().replace("_", ""): k for k in keys}
    spelling = key.lower().replace("-", "").replace("_", "").replace(" ", "")
    matches = get_close_matches(spelling, list(by_spelling), n=1, cutoff=0.6)
    return f" (did you mean {by_spelling[matches[0]]!r}?)" if matches else ""
