"""Every shell command that README.md and docs/*.md show, run as written, offline.

A newcomer copies commands from the docs; one that fails (a wrong path, a renamed option)
is the first thing they meet. So every ```sh block is executed here, command by command,
in a scratch copy of the repository, without a token:

- a block whose first line is a comment starting with `# needs` (for example `# needs a
  GitHub token`) is shown but not run: the reader sees why. Its `minutes-bot` command lines
  are still parsed with the real argument parser, so a renamed option fails here too;
- `make TARGET` is checked with `make -n TARGET` (the target exists; the recipes themselves
  run in CI and in `make test`, and running the suite from inside itself would recurse);
- a command ends with `# exits N` when the docs show a failure on purpose; any other
  command must exit 0.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import build_parser, main
from bot.domain.errors import InputError

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHELLS = {"sh", "bash", "shell"}
NOT_RUN = "# needs"
EXPECTED = re.compile(r"#\s*exits (\d+)\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(.*)$")
# Commands that must not touch the network or a real repository, whatever the reader's shell holds.
UNSET = ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "GITHUB_OUTPUT")


def shell_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line of the opening fence, the block's lines) of every fenced shell block in a Markdown text."""
    blocks: list[tuple[int, list[str]]] = []
    fence: str | None = None
    language = ""
    start, body = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence, language, start, body = match.group(1), (match.group(2).split() or [""])[0], number, []
        elif match and line.strip() == fence[0] * len(line.strip()) and len(line.strip()) >= len(fence):
            if language in SHELLS:
                blocks.append((start, body))
            fence = None
        else:
            body.append(line)
    return blocks


def commands(block: list[str]) -> list[str]:
    """The block's commands: continuation lines joined, comment-only and empty lines left out."""
    joined: list[str] = []
    pending = ""
    for line in block:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1].strip() + " "
            continue
        command = pending + line.strip()
        pending = ""
        if command and not command.startswith("#"):
            joined.append(command)
    return joined


def is_shown_only(block: list[str]) -> bool:
    first = next((line.strip() for line in block if line.strip()), "")
    return first.startswith(NOT_RUN)


def _cases() -> list[tuple[Path, int, list[str]]]:
    return [(page, line, block) for page in PAGES for line, block in shell_blocks(page.read_text("utf-8"))]


def _id(case: tuple[Path, int, list[str]]) -> str:
    return f"{case[0].relative_to(REPO)}:{case[1]}"


RUN = [case for case in _cases() if not is_shown_only(case[2])]
SHOWN = [case for case in _cases() if is_shown_only(case[2])]


def _bot_arguments(command: str) -> list[str] | None:
    """The arguments of a `minutes-bot` command line (after `env -u X` and `VAR=value`), else None."""
    words = shlex.split(command, comments=True)
    while words and (words[0] == "env" or "=" in words[0] or words[0] == "-u"):
        words = words[2:] if words[0] == "-u" else words[1:]
    if words and Path(words[0]).name == "minutes-bot":
        return words[1:]
    return None


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A copy of the checkout, so commands that create files leave the repository as it is."""
    target = tmp_path_factory.mktemp("clone") / "minutes-bot"
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "out")
    shutil.copytree(REPO, target, ignore=ignore)
    return target


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    # A bare `minutes-bot`, as the docs of an installed bot write it, is the one being tested.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # `.venv/bin/` as written, in whichever environment runs the suite (`make test`: the same one).
    executable = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    if executable.startswith("make "):
        executable = f"make -n {executable[len('make ') :]}"
    return subprocess.run(
        ["bash", "-c", executable], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_docs_show_the_first_commands_a_newcomer_runs():
    """The README's commands are found and run by this test, so it cannot pass on an empty parse."""
    readme = [c for page, _, block in RUN if page.name == "README.md" for c in commands(block)]
    assert "make demo" in " ".join(readme) and "make test" in " ".join(readme)
    assert any(c.startswith(".venv/bin/minutes-bot extract --config config/minutes-bot.yml") for c in readme)
    assert any(page.parent.name == "docs" for page, _, _ in RUN)


@pytest.mark.parametrize("case", RUN, ids=[_id(c) for c in RUN])
def test_every_shown_command_runs_as_written(case, clone):
    page, line, block = case
    for command in commands(block):
        expected = EXPECTED.search(command)
        result = _run(command, clone)
        status = int(expected.group(1)) if expected else 0
        assert result.returncode == status, (
            f"{page.relative_to(REPO)}:{line}: `{command}` exited {result.returncode}, expected {status} "
            f"(a block that needs a token, the network or another repository starts with `{NOT_RUN} …`)\n"
            f"{result.stderr[-2000:]}"
        )


@pytest.mark.parametrize("case", SHOWN, ids=[_id(c) for c in SHOWN])
def test_commands_that_need_github_still_parse(case):
    """Not run (they need a token or a real repository), but every option they show must exist."""
    page, line, block = case
    reason = next(line.strip() for line in block if line.strip())[len(NOT_RUN) :].strip()
    assert reason, f"{page.relative_to(REPO)}:{line}: say what the block needs after `{NOT_RUN}`"
    for command in commands(block):
        arguments = _bot_arguments(command)
        if arguments is not None:
            try:
                build_parser().parse_args(arguments)
            except InputError as exc:
                pytest.fail(f"{page.relative_to(REPO)}:{line}: `{command}`: {exc}")


def test_block_parser_reads_fences_continuations_and_markers():
    text = "\n".join(
        [
            "````markdown",
            "```sh",
            "not a block of its own",
            "```",
            "````",
            "```sh",
            "# a comment",
            "make demo  # first",
            "minutes-bot extract \\",
            "  --config c.yml x.md",
            "```",
            "```yaml",
            "key: value",
            "```",
            "```sh",
            "# needs a GitHub token",
            "minutes-bot remind",
            "```",
        ]
    )
    blocks = shell_blocks(text)
    assert [line for line, _ in blocks] == [6, 15]
    assert commands(blocks[0][1]) == ["make demo  # first", "minutes-bot extract --config c.yml x.md"]
    assert not is_shown_only(blocks[0][1]) and is_shown_only(blocks[1][1])
    assert _bot_arguments("env -u GITHUB_TOKEN A=b .venv/bin/minutes-bot check-config  # ok") == [
        "check-config"
    ]
    assert _bot_arguments("make demo") is None


def test_the_readme_example_issue_is_what_the_demo_prints(tmp_path, monkeypatch, capsys):
    """The rendered issue in the README is the demo's own output, so it cannot drift from the code."""
    readme = (REPO / "README.md").read_text("utf-8")
    example = readme.split("````markdown\n", 1)[1].split("\n````", 1)[0]
    (tmp_path / "Meetings").mkdir()
    shutil.copy(REPO / "examples" / "devel-call-2025-09-17.md", tmp_path / "Meetings")
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "coconut-svsm/governance")
    arguments = ["process", "--dry-run", "--config", str(REPO / "config" / "minutes-bot.yml")]
    arguments += ["--minutes-dir", str(tmp_path), "--pulls", str(REPO / "examples" / "svsm-pulls.json")]
    assert main(arguments) == 0
    printed = "\n".join(
        line.removeprefix("  |").removeprefix(" ") for line in capsys.readouterr().out.splitlines()
    )
    assert example in printed


def test_the_preview_page_shows_what_the_preview_prints(tmp_path, monkeypatch, capsys):
    page = (REPO / "docs" / "preview.md").read_text("utf-8")
    shown = page.split("````markdown\n", 1)[1].split("````", 1)[0]
    (tmp_path / "Meetings").mkdir()
    shutil.copy(REPO / "examples" / "devel-call-2025-09-17.md", tmp_path / "Meetings")
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    arguments = ["preview", "--config", str(REPO / "config" / "minutes-bot.yml")]
    arguments += ["--pulls", str(REPO / "examples" / "svsm-pulls.json"), "Meetings/devel-call-2025-09-17.md"]
    assert main(arguments) == 0
    assert capsys.readouterr().out == shown
