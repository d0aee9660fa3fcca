"""Which files are minutes: one rule, whether the files are on disk (process, check-config,
roster) or only named by a pull request (preview)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.domain.config import Series, parse_config
from bot.domain.minutes_files import MinutesFile, markdown_files, select, series_for, series_glob
from bot.domain.models import Meeting

TREE = [
    "Notes/dev-2025-01-08.md",
    "Notes/dev-2025-01-15.markdown",
    "Notes/tsc-2025-01-09.md",
    "Notes/README.txt",
    "Notes/2025/dev-2025-02-05.md",
    "Notes/2025/q1/dev-2025-03-05.md",
    "Other/dev-2025-01-08.md",
    "dev-2025-04-02.md",
]


def _config(directory: str, pattern: str):
    return parse_config(
        f"series:\n  - name: Dev\n    directory: {directory!r}\n    pattern: {pattern!r}\n"
        "    issues_repository: acme/governance\n",
        "c.yml",
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in TREE:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# Dev call\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("directory", "pattern"),
    [
        ("Notes", "*.md"),
        ("Notes", "dev-*.md"),
        ("Notes", "dev-*"),
        ("Notes", "*/dev-*.md"),
        ("Notes", "**/dev-*.md"),
        ("Notes/2025", "*.md"),
        (".", "*.md"),
        ("", "dev-*.md"),
    ],
)
def test_a_path_named_by_a_pull_request_is_minutes_exactly_when_process_would_find_it(
    tree, directory, pattern
):
    config = _config(directory, pattern)
    found = {p.relative_to(tree).as_posix() for p in series_glob(tree, config.series[0]) or [] if p.is_file()}
    named = {name for name in TREE if series_for(name, config) is not None}
    assert named == found
    assert found  # each pattern finds some of the tree, so the comparison means something


def test_a_missing_series_folder_is_told_apart_from_an_empty_one(tmp_path: Path):
    (tmp_path / "Empty").mkdir()
    assert series_glob(tmp_path, _config("Empty", "*.md").series[0]) == []
    assert series_glob(tmp_path, _config("Missing", "*.md").series[0]) is None


def test_a_folder_on_the_command_line_stands_for_the_markdown_files_under_it(tree):
    listed = markdown_files([str(tree / "Notes"), str(tree / "dev-2025-04-02.md")])
    assert [p.relative_to(tree).as_posix() for p in listed] == [
        "Notes/2025/dev-2025-02-05.md",
        "Notes/2025/q1/dev-2025-03-05.md",
        "Notes/dev-2025-01-08.md",
        "Notes/dev-2025-01-15.markdown",
        "Notes/tsc-2025-01-09.md",
        "dev-2025-04-02.md",
    ]


def test_a_file_named_twice_is_listed_once_where_first_named(tree):
    notes = tree / "Notes"
    listed = markdown_files([str(notes / "tsc-2025-01-09.md"), str(notes), f"{notes}/./tsc-2025-01-09.md"])
    names = [p.relative_to(tree).as_posix() for p in listed]
    assert names[0] == "Notes/tsc-2025-01-09.md"
    assert names.count("Notes/tsc-2025-01-09.md") == 1
    assert len(names) == 5


def _file(path: str, day: date | None) -> MinutesFile:
    meeting = Meeting(file=path, title="Dev call", date=day, statements=[], line_count=1)
    return MinutesFile(series=Series(), path=path, meeting=meeting)


FILES = [
    _file("Meetings/dev-2025-03-12.md", date(2025, 3, 12)),
    _file("Meetings/dev-2025-03-05.md", date(2025, 3, 5)),
    _file("Meetings/dev-2025-03-19.md", date(2025, 3, 19)),
    _file("Meetings/notes.md", None),
    _file("Meetings/dev-2025-03-26.md", date(2025, 3, 26)),
]


def _select(
    series: Series | None = None, done: frozenset[str] = frozenset(), today: date = date(2025, 3, 20)
):
    series = series or Series()
    warnings: list[str] = []
    picked = select(FILES, series, today, done, lambda message, file=None: warnings.append(message))
    return [f.path for f in picked], warnings


def test_the_first_run_takes_only_the_newest_meeting_up_to_today():
    picked, warnings = _select()
    assert picked == ["Meetings/dev-2025-03-19.md"]
    assert warnings == [
        "Meetings/notes.md: skipped, no meeting date in its title or file name",
        "Meetings/dev-2025-03-26.md: skipped, dated 2025-03-26 which is after today (2025-03-20)",
    ]


def test_later_runs_take_every_meeting_from_the_newest_processed_one_on():
    picked, _ = _select(done=frozenset({"Meetings/dev-2025-03-05.md"}))
    assert picked == [
        "Meetings/dev-2025-03-05.md",
        "Meetings/dev-2025-03-12.md",
        "Meetings/dev-2025-03-19.md",
    ]


def test_a_start_date_takes_every_meeting_from_it_on():
    picked, _ = _select(series=Series(start_date=date(2025, 3, 10)), today=date(2025, 4, 1))
    assert picked == [
        "Meetings/dev-2025-03-12.md",
        "Meetings/dev-2025-03-19.md",
        "Meetings/dev-2025-03-26.md",
    ]
