"""The minutes checkout `process` reads: its files, its commit, the repository it mirrors.

The I/O of `process` on the local side (the folder, `git`), apart from the run itself: each
series' minutes files read once, safely (no links out of the folder, no oversized files).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from bot.domain.cadence import next_call
from bot.domain.config import Config, Series
from bot.domain.config_check import series_warning
from bot.domain.errors import InputError
from bot.domain.minutes_files import MinutesFile, Warn, count_files, series_glob
from bot.parse.minutes import read_minutes

_REMOTE = re.compile(r"github\.com[:/]([^/\s]+/[^/\s]+?)(?:\.git)?/?$")


def git(root: Path, *args: str) -> str | None:
    """A git command's output in `root`, or None when git is missing, fails or prints nothing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def find_minutes(
    root: Path, repo_root: Path, series: Series, config: Config, warn: Warn
) -> list[MinutesFile]:
    """The series' minutes files that can be read safely; the others are skipped with a warning."""
    folder = root / series.directory
    if not folder.is_dir():
        raise InputError(f"{folder}: minutes folder not found (series {series.name!r}: directory)")
    inside = folder.resolve()
    if not inside.is_relative_to(repo_root):
        raise InputError(f"{folder}: resolves to {inside}, outside the minutes checkout {repo_root}")
    found: list[MinutesFile] = []
    candidates = series_glob(root, series)
    if warning := series_warning(series, count_files(candidates)):
        warn(warning)
    for file in candidates or []:
        where = (inside / file.name).relative_to(repo_root).as_posix()  # as GitHub names it
        if file.is_symlink():
            warn(f"{file}: skipped, a symbolic link", where)
            continue
        if not file.is_file():
            continue
        real = file.resolve()
        if not real.is_relative_to(inside):
            warn(f"{file}: skipped, outside {folder}", where)
            continue
        size = real.stat().st_size
        if size > config.writes.max_file_bytes:
            warn(
                f"{file}: skipped, {size} bytes is over writes.max_file_bytes ({config.writes.max_file_bytes})",
                where,
            )
            continue
        path = real.relative_to(repo_root).as_posix()
        try:
            meeting = read_minutes(real.read_bytes(), path)
        except InputError as exc:
            warn(f"skipped: {exc}", where)
            continue
        except OSError as exc:
            warn(f"{file}: skipped, cannot read: {exc.strerror or exc}", where)
            continue
        found.append(MinutesFile(series=series, path=path, meeting=meeting))
    dates = [file.meeting.date for file in found]
    for file in found:
        file.meeting.next_call = next_call(file.meeting.date, series.cadence, dates)
    return found


def repository_of_checkout(root: Path, env: Mapping[str, str]) -> str | None:
    """Where the minutes live, for permalinks: the checkout's own remote first, since the
    workflow may run in another repository (svsm) than the minutes it checked out."""
    remote = git(root, "remote", "get-url", "origin")
    match = _REMOTE.search(remote or "")
    if match:
        return match.group(1)
    return env.get("GITHUB_REPOSITORY") or None


def checkout(root: Path, env: Mapping[str, str], *, dry_run: bool) -> tuple[Path, str, str | None]:
    """The checkout's top folder, its commit (for permalinks) and the repository it mirrors.

    A real run needs the commit; a dry run outside git links to HEAD.
    """
    if not root.is_dir():
        raise InputError(f"{root}: minutes directory not found")
    repo_root = Path(git(root, "rev-parse", "--show-toplevel") or root).resolve()
    commit = git(root, "rev-parse", "HEAD") or env.get("GITHUB_SHA")
    if commit is None:
        if not dry_run:
            raise InputError(
                f"{root}: not a git checkout and GITHUB_SHA is not set: no commit for the permalinks"
            )
        commit = "HEAD"
    return repo_root, commit, repository_of_checkout(root, env)


def series_minutes(
    config: Config, root: Path, repo_root: Path, env: Mapping[str, str], warn: Warn
) -> list[tuple[Series, str, list[MinutesFile]]]:
    """Each series with its issues repository and its minutes files, in config order."""
    found: list[tuple[Series, str, list[MinutesFile]]] = []
    for index, series in enumerate(config.series):
        issues_repository = series.issues_repository or env.get("GITHUB_REPOSITORY")
        if not issues_repository:
            raise InputError(f"series[{index}].issues_repository is not set and neither is GITHUB_REPOSITORY")
        found.append((series, issues_repository, find_minutes(root, repo_root, series, config, warn)))
    return found
