"""Each command loads only what it uses. The offline extract path never loads GitHub or HTTP
clients (it must work with no network), nor the modules of other commands, nor scans installed
packages for pydantic plugins; `--help`, `--version` and usage errors load no pydantic at all."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
UNUSED = {unused!r}
from bot.app.cli import main
code = main(["extract", "--format", "json", "--config", "config/minutes-bot.yml", "examples/devel-call-2025-09-17.md"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("github", "requests", "urllib3") or m == "http.client")
other_commands = sorted(m for m in sys.modules if m in UNUSED or m.startswith("bot.roster"))
plugins = sys.modules.get("pydantic.plugin._loader")
print("OTHER:" + ",".join(other_commands), file=sys.stderr)
print("PLUGIN-SCAN:" + str(plugins is not None and plugins._plugins is not None), file=sys.stderr)
print("LOADED:" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""
# What only other commands use: `extract` runs on every minutes change and must not pay for them.
UNUSED = (
    "bot.app.cache",
    "bot.plan.carry",
    "bot.domain.config_check",
    "bot.app.config_docs",
    "bot.github.client",
    "bot.domain.issue_body",
    "bot.plan.meeting",
    "bot.plan.preview",
    "bot.app.preview",
    "bot.app.process",
    "bot.app.run",
    "bot.plan.remind",
    "bot.plan.remind_history",
    "bot.app.remind",
    "bot.plan.reminder_plan",
    "bot.render.items",
    "bot.render.remind",
    "bot.domain.state",
    "bot.app.step_summary",
)
# Answering without reading anything: what argparse alone can do must not wait for these.
LIGHT_PROBE = """
import sys
from bot.app.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(
    m for m in sys.modules
    if m.split(".")[0] in ("pydantic", "yaml", "markdown_it") or m in ("bot.domain.config", "bot.domain.models")
)
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter, without the plugin switch this test run inherited."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


def _probe() -> subprocess.CompletedProcess[str]:
    """One `extract` call in a fresh interpreter."""
    return _python(PROBE.format(unused=UNUSED))


def test_extract_imports_neither_github_nor_http_clients() -> None:
    result = _probe()
    assert result.returncode == 0, result.stderr
    assert '"follow_ups"' in result.stdout
    loaded = result.stderr.strip().splitlines()[-1]
    assert loaded == "LOADED:", loaded


def test_extract_loads_only_its_own_modules_and_skips_the_pydantic_plugin_scan() -> None:
    result = _probe()
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "OTHER:" in lines, lines
    assert "PLUGIN-SCAN:False" in lines, lines


def test_help_version_and_usage_errors_load_no_pydantic_yaml_or_markdown() -> None:
    answers = {
        "--help": "usage: minutes-bot [-h]",
        "--version": "minutes-bot ",
        "process --help": "usage: minutes-bot process",
        "extract": "the following arguments are required: PATH",
    }
    for argv, answer in answers.items():
        result = _python(LIGHT_PROBE, *argv.split())
        assert answer in result.stdout + result.stderr, (argv, result.stdout, result.stderr)
        assert result.stderr.strip().splitlines()[-1] == "HEAVY:", (argv, result.stderr)


def test_an_explicit_pydantic_plugin_setting_is_kept() -> None:
    code = "import os, bot; print(os.environ['PYDANTIC_DISABLE_PLUGINS'])"
    for setting in ("logfire", ""):
        result = _python(code, env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": setting})
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{setting}\n"
