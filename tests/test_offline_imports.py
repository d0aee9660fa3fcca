"""The offline extract path never loads GitHub or HTTP clients (it must work with no network),
nor the modules of other commands, nor scans installed packages for pydantic plugins."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
UNUSED = {unused!r}
from bot.cli import main
code = main(["extract", "--format", "json", "--config", "config/minutes-bot.yml", "examples/devel-call-2025-09-17.md"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("github", "requests", "urllib3") or m == "http.client")
other_commands = sorted(m for m in sys.modules if m in UNUSED)
plugins = sys.modules.get("pydantic.plugin._loader")
print("OTHER:" + ",".join(other_commands), file=sys.stderr)
print("PLUGIN-SCAN:" + str(plugins is not None and plugins._plugins is not None), file=sys.stderr)
print("LOADED:" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""
# What only other commands use: `extract` runs on every minutes change and must not pay for them.
UNUSED = (
    "bot.preview",
    "bot.process",
    "bot.remind",
    "bot.roster.suggest",
    "bot.roster.match",
    "bot.config_docs",
    "bot.github",
)


def _probe() -> subprocess.CompletedProcess[str]:
    """One `extract` call in a fresh interpreter, without the plugin switch this test run inherited."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(unused=UNUSED)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


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
