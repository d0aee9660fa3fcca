"""The shipped workflows: pinned actions, least privilege, no overlapping runs, no forks."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
WRITERS = ["minutes.yml", "reminders.yml"]

# owner/repo[/path]@<40 hex> followed by a "# vX.Y.Z" comment naming the release.
_PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+\.\d+\.\d+\s*$")
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)")


def _load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    triggers = workflow.get("on", workflow.get(True))
    return {triggers: None} if isinstance(triggers, str) else triggers


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_the_four_workflows_exist_and_parse():
    assert {f.name for f in FILES} == {"minutes.yml", "reminders.yml", "ci.yml", "preview.yml"}
    for path in FILES:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["name"] and workflow["jobs"], path.name


@pytest.mark.parametrize("path", [*FILES, ROOT / "action.yml"], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if _USES.match(line)]
    assert uses, f"{path.name} uses no action"
    for line in uses:
        if _USES.match(line).group("ref") == "./":
            continue  # this repository's own action, at the checked-out commit
        assert _PINNED.match(line), f"{path.name}: not pinned to a full SHA with a # vX.Y.Z comment: {line}"


@pytest.mark.parametrize(
    ("name", "permissions"),
    [
        ("minutes.yml", {"contents": "read", "issues": "write", "pull-requests": "write"}),
        ("reminders.yml", {"contents": "read", "issues": "write", "pull-requests": "write"}),
        ("ci.yml", {"contents": "read"}),
        ("preview.yml", {"contents": "read", "pull-requests": "write"}),
    ],
)
def test_permissions_are_least_privilege(name: str, permissions: dict):
    workflow = _load(name)
    assert workflow["permissions"] == permissions
    for job_name, job in workflow["jobs"].items():
        assert "permissions" not in job, f"{name}: job {job_name} widens the permissions"


@pytest.mark.parametrize("name", WRITERS)
def test_writers_never_overlap_and_are_never_cut_off(name: str):
    concurrency = _load(name)["concurrency"]
    assert concurrency["cancel-in-progress"] is False
    # One group for both writers: processing and reminders never run at the same time.
    assert concurrency["group"] == _load("minutes.yml")["concurrency"]["group"]


@pytest.mark.parametrize("name", WRITERS)
def test_forks_do_not_run_the_schedule(name: str):
    for job in _load(name)["jobs"].values():
        assert "github.event.repository.fork" in job["if"]


def test_processing_runs_daily_on_minutes_pushes_and_by_hand_with_a_dry_run():
    triggers = _triggers(_load("minutes.yml"))
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()
    assert any(path.startswith("Meetings/") for path in triggers["push"]["paths"])
    assert triggers["workflow_dispatch"]["inputs"]["dry-run"]["type"] == "boolean"


def test_reminders_run_weekly():
    [schedule] = _triggers(_load("reminders.yml"))["schedule"]
    *_, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()


@pytest.mark.parametrize(("name", "command"), [("minutes.yml", "process"), ("reminders.yml", "remind")])
def test_writers_run_the_bot_with_the_dry_run_input_and_a_summary(name: str, command: str):
    workflow = _load(name)
    [bot] = [step for step in _steps(workflow) if step.get("uses") == "./"]
    assert bot["with"]["command"] == command
    assert bot["with"]["dry-run"] == "${{ inputs.dry-run == true }}"
    assert "secrets.MINUTES_BOT_TOKEN" in bot["with"]["token"]
    assert any("GITHUB_STEP_SUMMARY" in step.get("run", "") for step in _steps(workflow))


def test_ci_lints_tests_and_checks_the_config_on_push_and_pull_request():
    workflow = _load("ci.yml")
    assert {"push", "pull_request"} <= set(_triggers(workflow))
    runs = [step.get("run", "") for step in _steps(workflow)]
    assert "make lint" in runs and "make test" in runs
    assert any("check-config" in run for run in runs)


def test_preview_never_runs_fork_code_with_a_write_token():
    workflow = _load("preview.yml")
    assert set(_triggers(workflow)) == {"pull_request"}
    for path in FILES:
        assert "pull_request_target" not in _triggers(yaml.safe_load(path.read_text(encoding="utf-8")))
    [bot] = [step for step in _steps(workflow) if step.get("uses") == "./"]
    assert bot["with"]["command"] == "preview"
    assert bot["with"]["paths"] == "${{ steps.changed.outputs.paths }}"
    # The comment is posted only where the token can write: not for a fork's pull request.
    assert "head.repo.full_name == github.repository" in bot["with"]["pull-request"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path):
    """`${{ }}` in a run script is script injection (a PR title, a file name); use env."""
    for step in _steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
        assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path):
    for step in _steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("name", WRITERS)
def test_writers_only_run_the_bot_where_the_minutes_are(name: str):
    steps = list(_steps(_load(name)))
    [bot] = [step for step in steps if step.get("uses") == "./"]
    assert bot["if"] == "hashFiles('Meetings/**/*.md') != ''"
    assert any(step.get("if") == "hashFiles('Meetings/**/*.md') == ''" for step in steps)


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_preview_lists_the_minutes_files_the_pull_request_adds_or_changes(tmp_path: Path):
    [step] = [s for s in _steps(_load("preview.yml")) if s.get("id") == "changed"]
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "Meetings").mkdir()
    (tmp_path / "Meetings" / "old.md").write_text("# Old\n", encoding="utf-8")
    (tmp_path / "Meetings" / "gone.md").write_text("# Gone\n", encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "base")
    base = _git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "Meetings" / "old.md").write_text("# Old, fixed\n", encoding="utf-8")
    (tmp_path / "Meetings" / "new call.md").write_text("# New\n", encoding="utf-8")
    (tmp_path / "Meetings" / "gone.md").unlink()
    (tmp_path / "README.md").write_text("not minutes\n", encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "head")
    output = tmp_path / "output"
    env = {
        "PATH": os.environ["PATH"],
        "BASE_SHA": base,
        "HEAD_SHA": _git(tmp_path, "rev-parse", "HEAD"),
        "GITHUB_OUTPUT": str(output),
    }
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True)

    lines = output.read_text(encoding="utf-8").splitlines()
    delimiter = lines[0].removeprefix("paths<<")
    assert lines[-1] == delimiter and delimiter.startswith("paths_") and len(delimiter) > 20
    assert lines[1:-1] == ["Meetings/new call.md", "Meetings/old.md"]
