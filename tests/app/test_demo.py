"""The bundled example through the installed entry point, offline: what `make demo` shows."""

import shutil
from pathlib import Path

from bot.app.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_offline_dry_run_of_the_example_uses_the_pulls_file(tmp_path, monkeypatch, capsys):
    """`make demo`'s second half: the plan for the example call, no token, no network."""
    repo = REPO
    (tmp_path / "Meetings").mkdir()
    shutil.copy(repo / "examples" / "devel-call-2025-09-17.md", tmp_path / "Meetings")
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "coconut-svsm/governance")
    code = main(
        [
            "process",
            "--dry-run",
            "--config",
            str(repo / "config" / "minutes-bot.yml"),
            "--minutes-dir",
            str(tmp_path),
            "--pulls",
            str(repo / "examples" / "svsm-pulls.json"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "* comment on coconut-svsm/svsm#808" in out
    assert "@RARelph: This pull request was discussed" in out
    assert "> Richard Relph announced he has posted his reboot code for review." in out
    assert "dry run: nothing written" in out
