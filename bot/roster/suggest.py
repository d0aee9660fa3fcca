"""Wiring of `roster suggest`: read the minutes and the offline sources, match, render.

Which minutes files it reads is decided by the command line (`roster_files` in
`bot/domain/minutes_files.py`, with every other rule about which files are minutes).

The only I/O is reading: minutes files, `--pulls` JSON, `git log` of `--git` clones, and
(when the caller passes one) a `ProfileSource` backed by the GitHub API.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bot.domain.config import Config
from bot.domain.errors import InputError
from bot.domain.models import PullRequest
from bot.parse.minutes import decode, parse_minutes
from bot.roster.evidence import Evidence, ProfileSource, from_git, from_profiles, from_pulls
from bot.roster.match import Suggestion, suggest
from bot.roster.names import NameSighting, collect_names
from bot.roster.stated import handle_lines, table_pairs


def read_sources(
    files: Iterable[Path],
    pulls: Sequence[PullRequest],
    git_dirs: Sequence[Path],
    profiles: ProfileSource | None = None,
    contributors: Iterable[str] = (),
) -> tuple[list[NameSighting], list[Evidence], list[str], list[str]]:
    """Names and evidence from every source, one line per source for the output header, and
    a warning per minutes file that could not be read (the others are still used).

    `contributors` are extra logins to look up in `profiles` (e.g. the repository's
    contributors list from the API); logins of PRs and commits are looked up as well.
    """
    meetings = []
    stated: list[NameSighting] = []
    evidence: list[Evidence] = []
    warnings: list[str] = []
    for path in files:
        try:
            text = decode(path.read_bytes(), str(path))
        except OSError as exc:
            warnings.append(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        except InputError as exc:
            warnings.append(str(exc))
            continue
        meeting = parse_minutes(text, str(path))
        meetings.append(meeting)
        for sighting, item in [*handle_lines(meeting), *table_pairs(text, str(path))]:
            stated.append(sighting)
            if item is not None:
                evidence.append(item)
    sightings = collect_names(meetings, stated)
    sources = [f"{len(meetings)} minutes files ({len(stated)} names stated with a login or in a table)"]
    if pulls:
        evidence += from_pulls(pulls)
        sources.append(f"{len(pulls)} pull requests (--pulls)")
    for directory in git_dirs:
        found = from_git(directory)
        evidence += found
        sources.append(f"git history of {directory} ({len(found)} observations)")
    if profiles is not None:
        logins = {e.login for e in evidence if e.source != "minutes"} | set(contributors)
        found = from_profiles(logins, profiles)
        evidence += found
        sources.append(f"{len(found)} GitHub profile names")
    return sightings, evidence, sources, warnings


def suggest_roster(
    config: Config,
    files: Iterable[Path],
    pulls: Sequence[PullRequest] = (),
    git_dirs: Sequence[Path] = (),
    profiles: ProfileSource | None = None,
    contributors: Iterable[str] = (),
) -> Suggestion:
    sightings, evidence, sources, warnings = read_sources(files, pulls, git_dirs, profiles, contributors)
    suggestion = suggest(sightings, evidence, config.people, sources)
    return suggestion.model_copy(update={"warnings": warnings})
