"""The layout report (bench/layout_report.py): it finds import cycles, and `bot` has none."""

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


# The stages that decide and word things hold no I/O: they never reach the command shells
# (bot.app) or GitHub (bot.github), so each is tested with plain values and no fake server.
PURE_STAGES = ("bot.domain", "bot.parse", "bot.extract", "bot.plan", "bot.render")
EDGES = ("bot.app", "bot.github")


def _top_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_pure_stages_import_neither_the_command_shells_nor_github():
    graph = layout_report.import_graph(sorted((ROOT / "bot").rglob("*.py")))
    upward = sorted(
        (module, target)
        for module, targets in graph.items()
        if module.startswith(PURE_STAGES)
        for target in targets
        if target.startswith(EDGES)
    )
    assert [m for m in graph if m.startswith(PURE_STAGES)], "no pure-stage module found"
    assert upward == []


def test_only_the_github_package_imports_pygithub_or_requests():
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if any(name.split(".")[0] in {"github", "requests"} for name in _top_imports(path))
    )
    assert importers and all(path.startswith("bot/github/") for path in importers), importers
