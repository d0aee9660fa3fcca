"""What check-config says beyond schema validation: a config that would do nothing useful.

Pure decisions on values the caller gathered (the config, how many files each series'
pattern found), so `check-config` and `process` word them the same way.
"""

from __future__ import annotations

from bot.domain.config import Config, Series

EMPTY = "the config is empty: add people: (the roster, see `minutes-bot roster suggest`) and series:"
NO_PEOPLE = (
    "people: the roster is empty, so nobody named in the minutes would be assigned or pinged "
    "(see `minutes-bot roster suggest`)"
)


def roster_error(config: Config) -> str | None:
    """An empty config, or one without people, is an error: every follow-up would go unassigned."""
    if not config.model_fields_set:  # no key at all: an empty file, or only comments
        return EMPTY
    if not config.people:
        return NO_PEOPLE
    return None


def series_warning(series: Series, matched: int | None) -> str | None:
    """Why a series will process nothing: its folder is missing (`matched` None) or no file matches.

    `process` can call this with the number of files its glob of the series found, to say so
    in the job summary instead of finishing silently with "0 of 0".
    """
    if matched is None:
        return f"series {series.name!r}: folder {series.directory!r} not found, so nothing will be processed"
    if matched == 0:
        return (
            f"series {series.name!r}: no file in {series.directory!r} matches pattern "
            f"{series.pattern!r}, so nothing will be processed"
        )
    return None
