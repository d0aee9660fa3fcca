from pathlib import Path

import pytest

from bot.app.cli import main
from bot.app.config_docs import END, START, render_table, replace_table
from bot.domain.config import Config
from bot.domain.errors import InputError

REPO = Path(__file__).parents[2]
PAGE = REPO / "docs" / "configuration.md"


def _table_keys(table: str) -> set[str]:
    return {line.split("|")[1].strip().strip("`") for line in table.splitlines()[2:]}


def test_docs_table_matches_the_config_models():
    """Fails when a key is added, renamed or re-described without `make docs`."""
    page = PAGE.read_text(encoding="utf-8")
    assert replace_table(page) == page, "docs/configuration.md config table is stale: run `make docs`"


def test_the_docs_hold_one_config_table():
    """Two tables of the same keys drift apart; the other pages link to the generated one."""
    pages = [REPO / "README.md", *(REPO / "docs").glob("*.md")]
    with_table = [p.name for p in pages if START in p.read_text(encoding="utf-8")]
    assert with_table == ["configuration.md"]


def test_table_lists_every_key_of_every_model():
    keys = _table_keys(render_table())
    assert {"people", "people[].github", "series[].labels.follow_up", "writes.max_writes"} <= keys
    for name, field in Config.model_fields.items():
        assert name in keys
        if hasattr(field.annotation, "model_fields"):
            assert {f"{name}.{inner}" for inner in field.annotation.model_fields} <= keys


def test_rows_show_type_default_and_meaning():
    rows = render_table().splitlines()
    assert (
        "| `people[].github` | GitHub login | required | GitHub login; the only login the bot will ping |"
        in rows
    )
    assert any(r.startswith("| `writes.max_writes` | integer (≥ 1, ≤ 500) | `30` |") for r in rows)
    assert any(r.startswith("| `series[].issues_repository` | owner/name | none |") for r in rows)
    assert any(
        r.startswith('| `carry_over.pull_request_comments` | `per-meeting` or `single` | `"per-meeting"` |')
        for r in rows
    )


def test_replace_keeps_the_text_around_the_table():
    text = f"intro\n{START}\nold rows\n{END}\nafter\n"
    updated = replace_table(text)
    assert updated.startswith(f"intro\n{START}\n| Key |")
    assert updated.endswith(f"{END}\nafter\n")
    assert "old rows" not in updated


def test_replace_without_markers_is_an_input_error():
    with pytest.raises(InputError, match="no config table markers"):
        replace_table("no table here", "X.md")


def test_config_docs_command_rewrites_only_the_table(tmp_path: Path, capsys):
    page = tmp_path / "configuration.md"
    page.write_text(f"# Title\n{START}\n| stale |\n{END}\n", encoding="utf-8")
    assert main(["config-docs", "--write", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == f"# Title\n{START}\n{render_table()}{END}\n"
    assert main(["config-docs"]) == 0
    assert render_table() in capsys.readouterr().out
