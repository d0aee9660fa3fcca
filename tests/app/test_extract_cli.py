"""The installed `minutes-bot extract` command, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "minutes-bot"
EXAMPLE = ROOT / "examples" / "devel-call-2025-09-17.md"
CONFIG = ROOT / "config" / "minutes-bot.yml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    assert BIN.exists(), f"{BIN} is not installed: run `make test`"
    return subprocess.run([str(BIN), "extract", *args], capture_output=True, text=True, check=False, cwd=ROOT)


def test_json_findings_of_the_example() -> None:
    result = run("--format", "json", "--config", str(CONFIG), str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    [meeting] = json.loads(result.stdout)["meetings"]
    assert meeting["date"] == "2025-09-17"
    by_line = {item["line"]: item for item in meeting["follow_ups"]}
    assert by_line[8]["owners"] == ["joergroedel"]
    assert by_line[8]["due"] == "2025-09-24"
    assert by_line[8]["topic"] == "Update on Planes Work"
    # "no one is currently working on it" (line 15) and "no timeline" (line 7) are not tasks
    assert 7 not in by_line and 15 not in by_line
    for item in meeting["follow_ups"]:
        assert 0 <= item["confidence"] <= 1 and item["id"]


def test_markdown_findings_of_the_example() -> None:
    result = run("--config", str(CONFIG), str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "**Jörg Rödel (@joergroedel)**, due 2025-09-24" in result.stdout
    assert "line 8 [Update on Planes Work]" in result.stdout


def test_without_config_only_handles_are_owners(tmp_path: Path) -> None:
    minutes = tmp_path / "call-2025-09-17.md"
    minutes.write_text("# Call\n\n* Jörg will send it.\n* [ ] @octocat update the docs\n", encoding="utf-8")
    result = run("--format", "json", str(minutes))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["meetings"][0]["follow_ups"]
    assert [(i["line"], i["owners"]) for i in items] == [(3, []), (4, ["octocat"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\xff\xfe\x00\x00bad", "NUL"), (b"# Caf\xe9 minutes\n", "UTF-8")],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    minutes = tmp_path / "bad minutes"
    minutes.write_bytes(content)
    result = run("--format", "json", str(minutes))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "bad minutes" in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.md"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nope.md" in result.stderr


def test_a_series_cadence_dates_by_the_next_meeting(tmp_path: Path) -> None:
    (tmp_path / "Notes").mkdir()
    (tmp_path / "Notes" / "call-2026-03-04.md").write_text(
        "# Call\n\n* @octocat will share the numbers before the next meeting.\n", encoding="utf-8"
    )
    (tmp_path / "bot.yml").write_text(
        "series:\n  - name: Call\n    directory: Notes\n    cadence: 14\n", encoding="utf-8"
    )
    args = [str(BIN), "extract", "--format", "json", "--config", "bot.yml", "Notes/call-2026-03-04.md"]
    result = subprocess.run(args, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [item] = json.loads(result.stdout)["meetings"][0]["follow_ups"]
    assert (item["owners"], item["due"]) == (["octocat"], "2026-03-18")


def test_without_a_cadence_the_series_file_names_date_the_next_meeting(tmp_path: Path) -> None:
    notes = tmp_path / "Notes"
    notes.mkdir()
    (notes / "call-2026-03-04.md").write_text(
        "# Call\n\n* @octocat will share the numbers before the next meeting.\n", encoding="utf-8"
    )
    (notes / "call-2026-03-11.md").write_text("# Call\n\n* Nothing new.\n", encoding="utf-8")
    (tmp_path / "bot.yml").write_text("series:\n  - name: Call\n    directory: Notes\n", encoding="utf-8")
    args = [str(BIN), "extract", "--format", "json", "--config", "bot.yml", "Notes/call-2026-03-04.md"]
    result = subprocess.run(args, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [item] = json.loads(result.stdout)["meetings"][0]["follow_ups"]
    assert item["due"] == "2026-03-11"  # the next file of the series is the next meeting
