"""Meeting to digest: the follow-ups and references of one minutes file.

Pure: the roster, repositories and pull request list come in as values, so the same
function serves `extract` offline and `process` with the live PR list.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.config import Config, Person
from bot.domain.models import Findings, Meeting, PullRequest
from bot.domain.people import Roster
from bot.extract.done import find_done
from bot.extract.followups import find_follow_ups
from bot.extract.references import find_references

_ROSTERS: dict[tuple[tuple[str, str, tuple[str, ...]], ...], Roster] = {}
_LAST: list[tuple[Sequence[Person], Roster]] = []  # the list last asked for, kept alive, and its roster


def roster_of(people: Sequence[Person]) -> Roster:
    """The roster index of `people`, built once per distinct roster, not once per file.

    Keyed by value, so a config loaded again with other people gets its own index; the list
    last asked for is recognised by identity (a config's people are not edited in place).
    """
    if _LAST and _LAST[0][0] is people:
        return _LAST[0][1]  # the same config's list again: every file of a run
    key = tuple((p.name, p.github, tuple(p.aliases)) for p in people)
    if key not in _ROSTERS:
        if len(_ROSTERS) >= 8:
            _ROSTERS.clear()
        _ROSTERS[key] = Roster(people)
    _LAST[:] = [(people, _ROSTERS[key])]
    return _ROSTERS[key]


def extract(meeting: Meeting, config: Config, pulls: Sequence[PullRequest] = ()) -> Findings:
    roster = roster_of(config.people)
    follow_ups, follow_up_warnings = find_follow_ups(meeting, roster)
    references, candidates, reference_warnings = find_references(
        meeting, roster, config.pull_requests.repositories, pulls
    )
    return Findings(
        file=meeting.file,
        title=meeting.title,
        date=meeting.date,
        follow_ups=follow_ups,
        references=references,
        candidates=candidates,
        warnings=[*meeting.warnings, *follow_up_warnings, *reference_warnings],
        done=find_done(meeting),
    )
