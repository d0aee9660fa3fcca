"""`extract` and `preview` over the paths given on the command line: read, parse, extract.

Unlike `process`, these commands see only the files they are given, so a file's next call
comes from its series' `cadence` or the dates its sibling files are named with.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.domain.config import Config
from bot.domain.errors import InputError
from bot.domain.models import Findings, Meeting, PullRequest
from bot.render.annotations import Annotation
from bot.render.escape import log_safe


def findings_of_files(
    arguments: Sequence[str], config: Config, pulls: Sequence[PullRequest]
) -> tuple[list[Findings], list[Annotation]]:
    """Extract every minutes path; unreadable files are reported and returned as skipped.

    In Actions, every problem tied to a minutes line is also printed as a workflow
    annotation, on stderr so that `--format json` output stays parseable (the runner
    reads workflow commands from both streams).
    """
    from bot.domain.minutes_files import markdown_files
    from bot.extract import extract
    from bot.parse.minutes import read_minutes
    from bot.render.annotations import findings_annotations, format_all, in_actions, skipped_file_annotation

    meetings: list[Findings] = []
    skipped: list[Annotation] = []
    named_dates: dict[int, list[date | None]] = {}  # per series: its files' dates, globbed once
    for path in markdown_files(arguments):
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = f"{path}: cannot read: {exc.strerror or exc}"
            print(log_safe(reason), file=sys.stderr)
            skipped.append(skipped_file_annotation(str(path), reason))
            continue
        try:
            meeting = read_minutes(data, str(path))
        except InputError as exc:
            print(log_safe(str(exc)), file=sys.stderr)
            skipped.append(skipped_file_annotation(str(path), str(exc)))
            continue
        meeting.next_call = series_next_call(meeting, config, named_dates)
        meetings.append(extract(meeting, config, pulls))
    if in_actions(os.environ):
        sys.stderr.write(format_all([*skipped, *(a for m in meetings for a in findings_annotations(m))]))
    return meetings, skipped


def series_next_call(
    meeting: Meeting, config: Config, named_dates: dict[int, list[date | None]]
) -> date | None:
    """The next call of the series whose folder holds this file, as `process` finds it: the
    series' `cadence`, else the dates its other minutes files are named with (read from their
    names only: `extract` and `preview` parse just the files they are given). `named_dates`
    keeps each series' dates for the other files of the same call."""
    from bot.domain.cadence import next_call
    from bot.domain.minutes_files import series_for, series_glob
    from bot.parse.minutes import date_from_path

    series = series_for(meeting.file, config)
    if series is None:
        return None
    if series.cadence:
        return next_call(meeting.date, series.cadence)
    if id(series) not in named_dates:
        found = series_glob(Path("."), series) or []
        named_dates[id(series)] = [date_from_path(p.as_posix()) for p in found if p.is_file()]
    return next_call(meeting.date, None, named_dates[id(series)])
