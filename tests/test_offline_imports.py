"""The offline extract path never loads GitHub or HTTP clients (it must work with no network)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from bot.cli import main
code = main(["extract", "--format", "json", "--config", "config/minutes-bot.yml", "examples/devel-call-2025-09-17.md"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("github", "requests", "urllib3") or m == "http.client")
print("LOADED:" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


def test_extract_imports_neither_github_nor_http_clients() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert '"follow_ups"' in result.stdout
    loaded = result.stderr.strip().splitlines()[-1]
    assert loaded == "LOADED:", loaded
