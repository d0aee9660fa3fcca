"""release.yml: a vX.Y.Z tag is tested, built at the tag's version, published, and v0 follows it.

The build and publish scripts run with bash against stubs of `hatchling` and `gh` that
record what they were asked to do, as the runner would run them.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
JOBS = WORKFLOW["jobs"]
[BUILD] = [step for step in JOBS["publish"]["steps"] if step.get("id") == "build"]
[PUBLISH] = [step for step in JOBS["publish"]["steps"] if step.get("name", "").startswith("Publish")]

needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

# `gh` stub: logs each call; `release view` and the GET of the major tag succeed only when
# the test says the release or the tag exists already.
GH = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "release view") [ -n "$RELEASE_EXISTS" ] ;;
  "api repos/"*) [ -n "$MAJOR_EXISTS" ] ;;
  *) exit 0 ;;
esac
"""

# `hatchling` stub: builds files named for BUILT_VERSION, as hatch-vcs would from the tag.
HATCHLING = """#!/usr/bin/env bash
mkdir -p dist
touch "dist/minutes_bot-${BUILT_VERSION}-py3-none-any.whl" "dist/minutes_bot-${BUILT_VERSION}.tar.gz"
"""


def _stub(bin_dir: Path, name: str, text: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / name).write_text(text, encoding="utf-8")
    (bin_dir / name).chmod(0o755)


def _run(step: dict, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    bin_dir = cwd / "bin"
    _stub(bin_dir, "gh", GH)
    _stub(bin_dir, "hatchling", HATCHLING)
    environment = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(cwd / "gh.log"),
        "GITHUB_REPOSITORY": "owner/minutes-bot",
        "GITHUB_STEP_SUMMARY": str(cwd / "summary.md"),
        **env,
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _gh_calls(cwd: Path) -> list[str]:
    return (cwd / "gh.log").read_text(encoding="utf-8").splitlines()


def test_runs_only_for_release_tags_and_publishes_only_after_the_tests_pass():
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))
    assert triggers == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}}
    assert JOBS["publish"]["needs"] == "test"
    assert "make lint test" in [step.get("run") for step in JOBS["test"]["steps"]]
    # The version comes from the tags, so the publishing checkout has the full history.
    [checkout] = [
        s for s in JOBS["publish"]["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkout["with"]["fetch-depth"] == 0
    # The build backend comes from the hash-pinned lock, as in the action.
    assert any(
        "--require-hashes" in step.get("run", "") and "requirements/action.txt" in step.get("run", "")
        for step in JOBS["publish"]["steps"]
    )


@needs_bash
def test_the_build_passes_when_the_wheel_and_sdist_carry_the_tag_version(tmp_path: Path):
    done = _run(BUILD, tmp_path, TAG="v0.3.1", BUILT_VERSION="0.3.1")
    assert done.returncode == 0, done.stderr


@needs_bash
def test_the_build_fails_when_the_version_is_not_the_tag(tmp_path: Path):
    # e.g. a shallow checkout without the tag builds a dev version.
    done = _run(BUILD, tmp_path, TAG="v0.3.1", BUILT_VERSION="0.3.2.dev1+g1234567")
    assert done.returncode == 1
    assert "::error title=release::dist/minutes_bot-0.3.1-py3-none-any.whl was not built" in done.stdout


@needs_bash
def test_a_first_release_creates_the_release_and_the_major_tag(tmp_path: Path):
    sha = "a" * 40
    (tmp_path / "dist").mkdir()
    for name in ("minutes_bot-0.3.1-py3-none-any.whl", "minutes_bot-0.3.1.tar.gz"):
        (tmp_path / "dist" / name).touch()
    done = _run(PUBLISH, tmp_path, TAG="v0.3.1", SHA=sha, RELEASE_EXISTS="", MAJOR_EXISTS="")
    assert done.returncode == 0, done.stderr
    calls = _gh_calls(tmp_path)
    assert calls[1].startswith(
        "release create v0.3.1 dist/minutes_bot-0.3.1-py3-none-any.whl dist/minutes_bot-0.3.1.tar.gz "
        "--repo owner/minutes-bot --verify-tag"
    )
    assert calls[-1] == f"api --method POST repos/owner/minutes-bot/git/refs -f ref=refs/tags/v0 -f sha={sha}"
    assert f"v0 now points at {sha}" in (tmp_path / "summary.md").read_text(encoding="utf-8")


@needs_bash
def test_a_later_release_moves_the_major_tag_and_a_rerun_replaces_the_files(tmp_path: Path):
    sha = "b" * 40
    done = _run(PUBLISH, tmp_path, TAG="v1.2.0", SHA=sha, RELEASE_EXISTS="yes", MAJOR_EXISTS="yes")
    assert done.returncode == 0, done.stderr
    calls = _gh_calls(tmp_path)
    assert calls[1] == "release upload v1.2.0 dist/* --repo owner/minutes-bot --clobber"
    assert calls[2] == "api repos/owner/minutes-bot/git/ref/tags/v1"
    assert (
        calls[3] == f"api --method PATCH repos/owner/minutes-bot/git/refs/tags/v1 -f sha={sha} -F force=true"
    )
    assert not any("release create" in call for call in calls)
