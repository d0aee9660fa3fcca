"""action.yml: every input reaches `minutes-bot`, through env, and nothing can inject code.

The run step's script is executed with bash, its env resolved from the inputs as the
runner would, with a stub `minutes-bot` on PATH that records the arguments it got.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
[RUN] = [step for step in STEPS if step.get("name") == "Run minutes-bot"]
_EXPRESSION = re.compile(r"\$\{\{\s*(?P<expr>[^}]+?)\s*\}\}")

STUB = """#!/usr/bin/env bash
printf '%s\\0' "$@" > "$STUB_ARGS"
printf '%s' "$GITHUB_TOKEN" > "$STUB_TOKEN"
"""

needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def _resolve(value: str, inputs: dict[str, str]) -> str:
    def substitute(match: re.Match) -> str:
        expr = match.group("expr")
        if expr.startswith("inputs."):
            name = expr.removeprefix("inputs.")
            return inputs.get(name, str(ACTION["inputs"][name].get("default", "")))
        if expr == "github.token":
            return "workflow-token"
        raise AssertionError(f"unexpected expression in the run step's env: {expr}")

    resolved = _EXPRESSION.sub(substitute, value)
    return _EXPRESSION.sub(substitute, resolved)  # an input default may be an expression


def _run(tmp_path: Path, bot: Path | None = None, **inputs: str) -> tuple[int, list[str] | None, str]:
    """Run the step's script; returns its exit status, the bot's arguments and its output."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if bot is None:
        bot = bin_dir / "minutes-bot"
        bot.write_text(STUB, encoding="utf-8")
        bot.chmod(0o755)
    else:
        (bin_dir / "minutes-bot").symlink_to(bot)
    env = {name: _resolve(str(value), inputs) for name, value in RUN["env"].items()}
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "STUB_ARGS": str(tmp_path / "args"),
        "STUB_TOKEN": str(tmp_path / "token"),
    }
    done = subprocess.run(
        ["bash", "-c", RUN["run"]], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    args_file = tmp_path / "args"
    args = args_file.read_text().split("\0")[:-1] if args_file.exists() else None
    return done.returncode, args, done.stdout + done.stderr


def test_inputs_are_the_documented_ones():
    assert set(ACTION["inputs"]) == {
        "command",
        "config",
        "minutes-dir",
        "paths",
        "pull-request",
        "dry-run",
        "token",
        "python-version",
    }
    assert ACTION["runs"]["using"] == "composite"


def test_every_input_is_used_and_only_through_env_or_with():
    used: set[str] = set()
    for step in STEPS:
        assert "${{" not in step.get("run", ""), f"expression pasted into the script of {step['name']}"
        for value in [*step.get("env", {}).values(), *step.get("with", {}).values()]:
            used |= {m.removeprefix("inputs.") for m in _EXPRESSION.findall(str(value))}
    assert used >= set(ACTION["inputs"])


def test_installs_the_lock_with_hashes_then_its_own_package_with_the_pinned_backend():
    [install] = [step for step in STEPS if step.get("name") == "Install minutes-bot"]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    commands = [line.strip() for line in install["run"].splitlines() if '"${pip[@]}"' in line]
    assert install["run"].startswith("set -euo pipefail\n")
    # First the lock: every file checked against its hash, wheels only (no setup.py runs).
    assert commands[0].split() == [
        '"${pip[@]}"',
        "--require-hashes",
        "--only-binary",
        ":all:",
        "-r",
        '"$ACTION_PATH/requirements/action.txt"',
    ]
    assert (ROOT / "requirements" / "action.txt").is_file()
    # Then the bot, built by the backend the lock installed: nothing else is downloaded.
    assert commands[1].split() == ['"${pip[@]}"', "--no-deps", "--no-build-isolation", '"$ACTION_PATH"']
    assert len(commands) == 2
    [python] = [step for step in STEPS if "uses" in step]
    assert python["with"]["python-version"] == "${{ inputs.python-version }}"


@needs_bash
def test_process_gets_config_minutes_dir_dry_run_and_the_token(tmp_path: Path):
    status, args, _ = _run(
        tmp_path, command="process", config="cfg.yml", **{"minutes-dir": "gov", "dry-run": "true"}
    )
    assert status == 0
    assert args == ["process", "--config", "cfg.yml", "--minutes-dir", "gov", "--dry-run"]
    assert (tmp_path / "token").read_text() == "workflow-token"


@needs_bash
def test_defaults_run_process_for_real_with_the_default_config(tmp_path: Path):
    status, args, _ = _run(tmp_path, token="secret-pat")
    assert (status, args) == (0, ["process", "--config", "config/minutes-bot.yml"])
    assert (tmp_path / "token").read_text() == "secret-pat"


@needs_bash
def test_remind_without_dry_run(tmp_path: Path):
    status, args, _ = _run(tmp_path, command="remind", **{"dry-run": "false", "minutes-dir": "ignored"})
    assert (status, args) == (0, ["remind", "--config", "config/minutes-bot.yml"])


@needs_bash
def test_preview_gets_each_path_once_however_odd_its_name(tmp_path: Path):
    paths = "Meetings/a.md\n\nMeetings/b c.md\n-rf.md\n$(touch pwned).md\n"
    status, args, _ = _run(tmp_path, command="preview", config="", paths=paths)
    assert status == 0
    assert args == ["preview", "--", "Meetings/a.md", "Meetings/b c.md", "-rf.md", "$(touch pwned).md"]
    assert not (tmp_path / "pwned").exists()


@needs_bash
def test_preview_posts_on_the_pull_request_unless_dry_run(tmp_path: Path):
    status, args, _ = _run(tmp_path, command="preview", paths="a.md", **{"pull-request": "12"})
    assert (status, args) == (
        0,
        ["preview", "--config", "config/minutes-bot.yml", "--pr", "12", "--", "a.md"],
    )
    _, args, _ = _run(tmp_path, command="preview", paths="a.md", **{"pull-request": "12", "dry-run": "true"})
    assert args == ["preview", "--config", "config/minutes-bot.yml", "--", "a.md"]


@needs_bash
def test_preview_without_minutes_files_does_nothing(tmp_path: Path):
    status, args, output = _run(tmp_path, command="preview", paths="\n")
    assert (status, args) == (0, None)
    assert "::notice" in output


@needs_bash
def test_unknown_command_fails_without_running_the_bot(tmp_path: Path):
    status, args, output = _run(tmp_path, command="process; touch pwned")
    assert (status, args) == (2, None)
    assert "::error" in output and "pwned" not in output
    assert not (tmp_path / "pwned").exists()


@needs_bash
def test_the_real_command_accepts_what_the_action_builds(tmp_path: Path):
    """check-config and preview, end to end with the installed `minutes-bot`."""
    installed = Path(sys.executable).parent / "minutes-bot"
    shutil.copytree(ROOT / "config", tmp_path / "config")
    (tmp_path / "Meetings").mkdir()
    shutil.copy(ROOT / "examples" / "devel-call-2025-09-17.md", tmp_path / "Meetings")

    status, _, output = _run(tmp_path / "config", installed, command="check-config", config="minutes-bot.yml")
    assert status == 0, output
    assert "ok (27 people" in output

    status, _, output = _run(
        tmp_path, installed, command="preview", paths="Meetings/devel-call-2025-09-17.md"
    )
    assert status == 0, output
    assert "#### Meetings/devel-call-2025-09-17.md (2025-09-17)" in output
