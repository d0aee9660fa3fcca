"""`roster suggest --api`: PR authors and profile names read from GitHub (the fake), nothing written."""

from bot.app.cli import main
from tests.fakegithub import ACTIONS_TOKEN

CONFIG = "pull_requests:\n  repositories: [org/code]\n"
MINUTES = """# Dev Call (September 17th, 2025)

* Ada Lovelace will review the storage patches.
* Grace Hopper agreed to update the CI images.
"""


def test_api_mode_reads_pr_authors_and_profile_names_and_writes_nothing(
    fake_github, tmp_path, monkeypatch, capsys
):
    fake = fake_github
    fake.now = "2025-09-18T09:00:00Z"
    fake.add_repo("org/code")
    fake.add_user("lovelace-a", name="Ada Lovelace")
    fake.add_user("gh0pper")  # no profile name: nothing ties this login to Grace
    for number, author in ((1, "lovelace-a"), (2, "gh0pper")):
        fake.add_pull("org/code", number, f"Change {number}", author, "2025-09-01T00:00:00Z")
    (tmp_path / "Meetings").mkdir()
    (tmp_path / "Meetings" / "call-2025-09-17.md").write_text(MINUTES, encoding="utf-8")
    (tmp_path / "c.yml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("GITHUB_TOKEN", ACTIONS_TOKEN)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)

    code = main(
        [
            "roster",
            "suggest",
            "--api",
            "--config",
            str(tmp_path / "c.yml"),
            "--minutes-dir",
            str(tmp_path / "Meetings"),
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    entries = [line for line in out.splitlines() if line.lstrip().startswith("- ") and "github:" in line]
    assert any("Ada Lovelace" in e and "lovelace-a" in e for e in entries), out
    assert not any("gh0pper" in e for e in entries), out
    assert any(e.operation == "users/get-by-username" for e in fake.reads)
    assert fake.writes == []
