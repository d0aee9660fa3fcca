"""docs/deploy.md and docs/release.md: the workflow, the token step and the commands, as written.

The deploy workflow is audited by zizmor like the shipped ones; the shell commands run
against a local stand-in for GitHub (a bare repository), with only the URL replaced.
"""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.release.test_workflows import _PINNED

ROOT = Path(__file__).parents[2]
DEPLOY = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
RELEASE = (ROOT / "docs" / "release.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
ZIZMOR = BIN / "zizmor"
ACTIONLINT = BIN / "actionlint"
BOT_PIN = "OWNER/minutes-bot@SHA # v0.1.0"
GITHUB = "https://github.com/OWNER/minutes-bot"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _blocks(text: str, language: str) -> list[str]:
    # A block inside a list item is indented with it.
    return [
        textwrap.dedent(b)
        for b in re.findall(rf"^ *```{language}\n(.*?)^ *```", text, re.DOTALL | re.MULTILINE)
    ]


def _block_with(text: str, language: str, needle: str) -> str:
    [block] = [b for b in _blocks(text, language) if needle in b]
    return block


WORKFLOW_TEXT = _block_with(DEPLOY, "yaml", "workflow_dispatch:")
WORKFLOW = yaml.safe_load(WORKFLOW_TEXT)


def test_the_deploy_workflow_asks_for_no_permission_beyond_the_checkout():
    assert WORKFLOW["permissions"] == {}
    [job] = WORKFLOW["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    # The token secret is read only in the job of the protected environment.
    assert job["environment"] == "minutes-bot"
    assert "secrets." not in yaml.safe_dump(WORKFLOW["env"])
    assert WORKFLOW["concurrency"]["cancel-in-progress"] is False
    assert all(
        step["with"]["persist-credentials"] is False for step in job["steps"] if "checkout" in step["uses"]
    )


def test_the_deploy_workflow_offers_process_or_remind_and_a_dry_run_by_hand():
    inputs = WORKFLOW[True]["workflow_dispatch"]["inputs"]
    assert inputs["command"]["options"] == ["process", "remind"]
    assert inputs["dry-run"]["type"] == "boolean" and inputs["dry-run"]["default"] is True
    [job] = WORKFLOW["jobs"].values()
    [bot] = [step for step in job["steps"] if step["uses"].startswith("OWNER/minutes-bot@")]
    assert bot["with"] == {
        "command": "${{ env.COMMAND }}",
        "config": "${{ env.MINUTES_BOT_CONFIG }}",
        "dry-run": "${{ inputs.dry-run == true }}",
        "token": "${{ secrets.MINUTES_BOT_TOKEN }}",
    }
    # The same shared config path as the shipped workflows, and the weekly cron reminds.
    assert (
        WORKFLOW["env"]["MINUTES_BOT_CONFIG"] == "${{ vars.MINUTES_BOT_CONFIG || '.github/minutes-bot.yml' }}"
    )
    weekly = WORKFLOW[True]["schedule"][1]["cron"]
    assert f"github.event.schedule == '{weekly}'" in WORKFLOW["env"]["COMMAND"]
    assert "inputs.command == 'remind'" in WORKFLOW["env"]["COMMAND"]


def test_every_action_in_the_deploy_guide_is_pinned():
    uses = [line for line in DEPLOY.splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert len(uses) >= 6
    for line in uses:
        pinned = line.replace(BOT_PIN, "OWNER/minutes-bot@" + "0" * 40 + " # v0.1.0")
        assert _PINNED.match(pinned), line


def test_the_app_token_step_mints_a_token_for_two_repositories_and_two_permissions():
    [step] = yaml.safe_load(_block_with(DEPLOY, "yaml", "create-github-app-token"))
    assert step["uses"].startswith("actions/create-github-app-token@")
    assert step["with"]["private-key"] == "${{ secrets.MINUTES_BOT_APP_PRIVATE_KEY }}"
    assert step["with"]["repositories"] == "governance,svsm"
    permissions = {k: v for k, v in step["with"].items() if k.startswith("permission-")}
    assert permissions == {"permission-issues": "write", "permission-pull-requests": "write"}


def _deploy_workflow_in_a_repository(tmp_path: Path) -> Path:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = WORKFLOW_TEXT.replace("OWNER/minutes-bot@SHA", "owner/minutes-bot@" + "0" * 40)
    (workflows / "minutes-bot.yml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.skipif(not ZIZMOR.exists(), reason="zizmor is installed by make test (the test extras)")
def test_zizmor_finds_nothing_in_the_deploy_workflow(tmp_path: Path):
    done = subprocess.run(
        [str(ZIZMOR), "--persona", "auditor", "--offline", "--strict-collection", ".github/"],
        cwd=_deploy_workflow_in_a_repository(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


@pytest.mark.skipif(not ACTIONLINT.exists(), reason="actionlint is installed by make test (the test extras)")
def test_actionlint_finds_nothing_in_the_deploy_workflow(tmp_path: Path):
    repository = _deploy_workflow_in_a_repository(tmp_path)
    _git(repository, "init", "-q")  # actionlint looks for the workflows of a repository
    done = subprocess.run([str(ACTIONLINT)], cwd=repository, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


def test_check_config_as_the_guide_shows_it(tmp_path: Path):
    (tmp_path / ".github").mkdir()
    shutil.copy(ROOT / "config" / "minutes-bot.yml", tmp_path / ".github" / "minutes-bot.yml")
    (tmp_path / "Meetings").mkdir()
    shutil.copy(ROOT / "examples" / "devel-call-2025-09-17.md", tmp_path / "Meetings")
    command = _block_with(DEPLOY, "sh", "check-config").strip()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == ".github/minutes-bot.yml: ok (27 people, 1 series)\n"
    assert "It prints `ok (27 people, 1 series)`" in DEPLOY


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "tag.gpgSign=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _sh(command: str, cwd: Path, origin: Path) -> str:
    command = command.replace(GITHUB, f"file://{origin}")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"}
    done = subprocess.run(
        ["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@needs_git
def test_the_release_commands_tag_find_the_pin_and_move_the_major_tag(tmp_path: Path):
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(origin), str(clone))
    _git(clone, "commit", "-q", "--allow-empty", "-m", "first")
    _git(clone, "push", "-q", "origin", "main")
    released = _git(clone, "rev-parse", "HEAD").strip()

    # docs/release.md, step 3: tag and push.
    _sh(_block_with(RELEASE, "sh", "git tag -a v0.1.0"), clone, origin)
    # docs/deploy.md: the commit SHA to pin.
    pin = _sh(_block_with(DEPLOY, "sh", "git ls-remote"), clone, origin)
    assert pin == f"{released}\trefs/tags/v0.1.0^{{}}\n"

    # The release workflow moves v0; when GitHub refuses, the maintainer does it by hand.
    _git(clone, "tag", "v0", released)
    _git(clone, "push", "-q", "origin", "v0")
    _git(clone, "commit", "-q", "--allow-empty", "-m", "second")
    _git(clone, "push", "-q", "origin", "main")
    _git(clone, "tag", "-a", "v0.1.1", "-m", "v0.1.1")
    _git(clone, "push", "-q", "origin", "v0.1.1")
    second = _git(clone, "rev-parse", "HEAD").strip()
    manual = _block_with(RELEASE, "sh", "git tag -f v0").replace("v0.1.0", "v0.1.1")
    _sh(manual, clone, origin)
    assert _git(origin, "rev-parse", "v0^{commit}").strip() == second

    # Step 4's check: the release and v0 name the same commit.
    check = _block_with(RELEASE, "sh", "git rev-parse").replace("v0.1.0", "v0.1.1")
    assert _sh(check, clone, origin).split() == [second, second]
