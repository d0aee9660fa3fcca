"""The repositories a file's references belong to, each spelt one way.

A bare "#12" belongs to the repository of the heading it sits under (`### nodejs/node`),
else to the one the file linked last there, else to the first configured one; "nodejs/TSC"
and "nodejs/tsc" are one repository, spelt as the config or the careful writer spells it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.domain.models import Meeting, Statement

_REPOSITORY = re.compile(
    r"(?<![\w/.-])(?P<owner>[A-Za-z0-9][\w-]*)/(?P<repo>[A-Za-z0-9_.-]*[A-Za-z0-9_])(?![\w/])"
)


class Repositories:
    """Every repository the file or the config names, spelt the way they spell it."""

    def __init__(self, configured: Sequence[str], meeting: Meeting, linked: Iterable[str]) -> None:
        self.default = configured[0] if configured else None
        spellings: dict[str, list[str]] = {}
        for name in configured:
            spellings.setdefault(name.lower(), []).append(name)
        for name in linked:
            spellings.setdefault(name.lower(), []).append(name)
        owners = {name.split("/")[0].lower() for name in spellings}
        self.headings: dict[str, str] = {}
        for statement in meeting.statements:
            # `_REPOSITORY` matches "owner/repo": a heading without a "/" names none.
            if statement.kind == "heading" and "/" in statement.text:
                found = _heading_repository(statement.text, owners)
                if found:
                    spellings.setdefault(found.lower(), []).append(found)
                    self.headings[statement.text] = found
        configured_lower = {name.lower() for name in configured}
        self._canonical = {
            key: (names[0] if key in configured_lower else _preferred(names))
            for key, names in spellings.items()
        }

    def canonical(self, repository: str) -> str:
        return self._canonical.get(repository.lower(), repository)

    def named(self, name: str) -> list[str]:
        """Known repositories called `name` (the part after the owner)."""
        return [r for key, r in self._canonical.items() if key.split("/", 1)[1] == name.lower()]

    def context(self, statement: Statement, last_linked: str | None = None) -> str | None:
        """The repository a bare number in `statement` points to.

        A heading naming a repository (`### nodejs/node`) first; then the repository the
        file linked most recently under the same heading ("see other/repo#9 … mentioned in
        issue #9"); then the first configured one.
        """
        for heading in reversed(statement.headings):
            if heading in self.headings:
                return self.canonical(self.headings[heading])
        if last_linked is not None:
            return self.canonical(last_linked)
        return self.canonical(self.default) if self.default else None


def _preferred(names: list[str]) -> str:
    """People who bother with capitals ("nodejs/TSC") write the real name; lower case is haste."""
    return next((name for name in names if name != name.lower()), names[0])


def _heading_repository(heading: str, owners: set[str]) -> str | None:
    """`### nodejs/node` or a heading naming a repository of an owner the file already links."""
    bare = heading.strip(" `*_:[]")
    match = _REPOSITORY.fullmatch(bare)
    if match:
        return match.group(0)
    names = [m.group(0) for m in _REPOSITORY.finditer(heading) if m.group("owner").lower() in owners]
    return names[0] if len(names) == 1 else None
