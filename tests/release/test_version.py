"""The version comes from the git tag, and an install without git metadata still works."""

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import main

ROOT = Path(__file__).parents[2]
HATCHLING = Path(sys.executable).parent / "hatchling"

needs_build_tools = pytest.mark.skipif(
    shutil.which("git") is None or not HATCHLING.exists(), reason="needs git and hatchling (make test)"
)


def _project(tmp_path: Path) -> Path:
    """The build configuration and package of this checkout, without its git history."""
    project = tmp_path / "project"
    (project / "bot").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", project)
    shutil.copy(ROOT / "bot" / "__init__.py", project / "bot")
    return project


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "tag.gpgSign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _version(project: Path) -> str:
    done = subprocess.run(
        [str(HATCHLING), "version"], cwd=project, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_version_flag_prints_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"minutes-bot {importlib.metadata.version('minutes-bot')}\n"


@needs_build_tools
def test_a_release_tag_is_the_version(tmp_path: Path):
    project = _project(tmp_path)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "release")
    _git(project, "tag", "-a", "v1.4.2", "-m", "v1.4.2")
    assert _version(project) == "1.4.2"

    (project / "bot" / "extra.py").write_text('"""after the release"""\n', encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "next")
    # Between releases: a development version after the last tag, never the tag itself.
    assert _version(project).startswith("1.4.3.dev1+g")


@needs_build_tools
def test_without_git_metadata_the_fallback_version_is_used(tmp_path: Path):
    # The action's download of a commit, or a tarball: no .git, no tags.
    assert _version(_project(tmp_path)) == "0.0.0"
