"""References: the pull requests and issues a meeting mentions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import Meeting, PullRequest, Reference
from bot.people import Roster

_URL = re.compile(r"github\.com/([\w.-]+/[\w.-]+)/(pull|issues)/(\d+)")


def find_references(
    meeting: Meeting, roster: Roster, repositories: Sequence[str], pulls: Sequence[PullRequest]
) -> tuple[list[Reference], list[str]]:
    found: dict[tuple[str, int], Reference] = {}
    for statement in meeting.statements:
        sources = [statement.raw, *(link.href for link in statement.links)]
        for source in sources:
            for match in _URL.finditer(source):
                key = (match.group(1), int(match.group(3)))
                found.setdefault(
                    key,
                    Reference(
                        line=statement.line,
                        repository=key[0],
                        number=key[1],
                        kind="pull" if match.group(2) == "pull" else "issue",
                        implicit=False,
                        people=[],
                        evidence=statement.text,
                    ),
                )
    return list(found.values()), []
