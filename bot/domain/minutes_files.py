"""Which files are minutes: the one rule `process`, `preview`, `check-config` and `extract` apply.

A series' minutes are the files its `pattern` finds in its `directory`, matched as
`Path.glob` matches them (`series_glob` on a checkout; `Series.finds`, in
`bot/domain/config.py`, on a path named by a pull request or a marker key, which has no
checkout to glob); of those, a run takes the ones `select` picks. On the command line of `extract`, a folder stands for the Markdown files under it.

Pure, except `series_glob`, `markdown_files` and `roster_files`, which list a folder.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from bot.domain.config import Config, Series
from bot.domain.errors import InputError
from bot.domain.models import Meeting

MARKDOWN_SUFFIXES = (".md", ".markdown")


class MinutesFile(BaseModel):
    series: Series
    path: str  # relative to the minutes repository: the permalink path and the marker key
    meeting: Meeting


class Warn(Protocol):
    def __call__(self, message: str, file: str | None = None) -> None: ...


def series_glob(root: Path, series: Series) -> list[Path] | None:
    """What the series' pattern finds in its folder under `root`, sorted (folders and links
    included: the caller says why it skips them); None when the folder does not exist."""
    folder = root / series.directory
    if not folder.is_dir():
        return None
    return sorted(folder.glob(series.pattern))


def count_files(found: list[Path] | None) -> int | None:
    """How many of `series_glob`'s matches are files (what `series_warning` is told); None: no folder."""
    return None if found is None else sum(1 for path in found if path.is_file())


def series_for(path: str, config: Config) -> Series | None:
    """The first configured series whose folder and pattern find this minutes path (`Series.finds`)."""
    return next((series for series in config.series if series.finds(path)), None)


def select(
    files: list[MinutesFile], series: Series, today: date | None, done: Collection[str], warn: Warn
) -> list[MinutesFile]:
    """The files a run looks at: it never floods anyone, and never loses a meeting.

    With a start date, every file from that date on. Without one, the first run takes only
    the newest file; later runs take every file from the newest processed meeting on, so
    two minutes committed together are both processed. `done` holds the paths whose
    meeting is processed (its meeting issue exists).
    """
    dated = []
    for file in files:
        when = file.meeting.date
        if when is None:
            warn(f"{file.path}: skipped, no meeting date in its title or file name", file.path)
        elif today is not None and when > today:
            warn(f"{file.path}: skipped, dated {when} which is after today ({today})", file.path)
        else:
            dated.append(file)
    dated.sort(key=lambda f: (f.meeting.date, f.path))
    if series.start_date is not None:
        return [f for f in dated if f.meeting.date >= series.start_date]
    processed = [f.meeting.date for f in dated if f.path in done]
    if not processed:
        return dated[-1:]
    return [f for f in dated if f.meeting.date >= max(processed)]


def roster_files(config: Config, directories: Sequence[Path]) -> list[Path]:
    """What `roster suggest` reads: the Markdown files under `directories`, or else every
    file the config's series find in the current folder."""
    if directories:
        files: list[Path] = []
        for directory in directories:
            if not directory.is_dir():
                raise InputError(f"{directory}: minutes directory not found")
            files += markdown_files([str(directory)])
        return files
    found = []
    for series in config.series:
        found += [p for p in series_glob(Path(), series) or [] if p.is_file()]
    return found


def markdown_files(arguments: Sequence[str]) -> list[Path]:
    """Files as given, folders expanded to the Markdown files inside, sorted; each file once.

    A file named twice (on its own and inside a folder given too, as a workflow's list of
    changed files may) is read once, so `extract` and `preview` show each meeting once.
    """
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            paths += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES
            )
        else:
            paths.append(path)
    return list(dict.fromkeys(paths))
