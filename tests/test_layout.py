"""The layout report (bench/layout_report.py): it finds import cycles and wrong-way imports; `bot` has none."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("layout_report", ROOT / "bench" / "layout_report.py")
layout_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(layout_report)


def test_a_cycle_between_modules_is_found_and_a_chain_is_not():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert layout_report.cycles(graph) == [["a", "b", "c"]]
    assert layout_report.cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_a_submodule_imported_from_its_own_package_is_not_an_edge_to_the_package():
    tree = ast.parse("from bot.extract import cues\nfrom bot.extract import extract\n")
    known = {"bot.extract", "bot.extract.cues", "bot.extract.followups"}
    found = layout_report.imports_of(tree, "bot.extract.followups", False, known)
    assert found == {"bot.extract.cues", "bot.extract"}  # `extract` is a name in the package: an edge


def test_long_functions_are_measured_from_their_first_decorator():
    source = "@decorator\ndef long():\n" + "    x = 1\n" * 60 + "\ndef short():\n    return 1\n"
    assert layout_report.long_functions(ast.parse(source), 60) == [("long", 1, 62)]


def test_the_bot_has_no_import_cycles():
    graph = layout_report.import_graph(sorted((ROOT / "bot").rglob("*.py")))
    assert len(graph) > 20
    assert layout_report.cycles(graph) == []


def test_imports_into_app_and_from_pure_stages_into_io_are_wrong_way():
    graph = {
        "bot.render.process": {"bot.domain.minutes_files", "bot.github.client", "bot.domain.models"},
        "bot.plan.meeting": {"bot.github.client", "bot.render.items", "bot.domain.config"},
        "bot.app.process": {"bot.app.run", "bot.github.client", "bot.plan.meeting"},
        "bot.extract.references": {"bot.parse.words"},
    }
    assert layout_report.wrong_way(graph) == [
        ("bot.plan.meeting", "bot.github.client"),
        ("bot.render.process", "bot.github.client"),
    ]


def test_the_bot_imports_nothing_the_wrong_way():
    graph = layout_report.import_graph(sorted((ROOT / "bot").rglob("*.py")))
    assert layout_report.wrong_way(graph) == []


def _top_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_github_package_imports_pygithub_or_requests():
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if any(name.split(".")[0] in {"github", "requests"} for name in _top_imports(path))
    )
    assert importers and all(path.startswith("bot/github/") for path in importers), importers
