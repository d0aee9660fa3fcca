"""How the code is laid out, in numbers (prints them): for issue 15's measured goals.

Lists the modules of `bot/` over `--max-lines` lines, the functions over `--max-function`
lines (from the syntax tree: first decorator or `def` to the last line of the body), the
import cycles between `bot` modules, and the imports against the stages' direction (see
`wrong_way`, and docs/architecture.md); there should be no cycles and no wrong-way
imports. Reads files only; imports nothing of the bot, so it runs without installing it.

Run: .venv/bin/python bench/layout_report.py [--root bot] [--max-lines 400] [--max-function 60]
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_name(path: Path) -> str:
    """`bot/extract/core.py` -> `bot.extract.core`; a package's `__init__.py` names the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def long_functions(tree: ast.AST, limit: int) -> list[tuple[str, int, int]]:
    """(qualified name, first line, length) of every function longer than `limit` lines."""
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                    length = (child.end_lineno or child.lineno) - start + 1
                    if length > limit:
                        found.append((name, start, length))
                visit(child, name + ".")

    visit(tree, "")
    return found


def imports_of(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The `bot` modules a module imports, at any depth (function-level imports count too).

    `from bot.extract import cues` depends on the submodule `bot.extract.cues`, not on the
    package's `__init__` (Python finishes a package being initialised first), so a
    submodule imported from its own package is not counted as a cycle.
    """
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known
            found |= submodules if len(submodules) == len(node.names) else submodules | {base}
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan): each is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


# The shells are the top: nothing but app/ imports app/. The stages that hold values, decide
# from them or word them (domain, parse, extract, plan, render) import neither app/ nor
# github/, the two that do I/O.
PURE_STAGES = ("domain", "parse", "extract", "plan", "render")


def stage(module: str) -> str:
    """`bot.plan.meeting` -> `plan`; `bot` itself has none."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def wrong_way(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) pairs against the stages' direction, sorted."""
    found = []
    for module, targets in graph.items():
        for target in targets:
            into_app = stage(target) == "app" and stage(module) != "app"
            pure_to_io = stage(module) in PURE_STAGES and stage(target) in ("app", "github")
            if into_app or pure_to_io:
                found.append((module, target))
    return sorted(found)


def import_graph(files: list[Path]) -> dict[str, set[str]]:
    """Each module of `files` and the modules of `files` it imports."""
    names = {path: module_name(path) for path in files}
    known = set(names.values())
    graph = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[names[path]] = (imports_of(tree, names[path], path.name == "__init__.py", known) & known) - {
            names[path]
        }
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="bot", help="package folder, relative to the repository")
    parser.add_argument("--max-lines", type=int, default=400)
    parser.add_argument("--max-function", type=int, default=60)
    args = parser.parse_args()
    files = sorted((ROOT / args.root).rglob("*.py"))
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in files}
    big = [(len(path.read_text(encoding="utf-8").splitlines()), path) for path in files]
    big = sorted(((n, p) for n, p in big if n > args.max_lines), reverse=True)
    print(f"Modules over {args.max_lines} lines: {len(big)}")
    for lines, path in big:
        print(f"  {lines:5d}  {path.relative_to(ROOT)}")

    long = sorted(
        (
            (length, f"{path.relative_to(ROOT)}:{line} {name}")
            for path, tree in trees.items()
            for name, line, length in long_functions(tree, args.max_function)
        ),
        reverse=True,
    )
    print(f"Functions over {args.max_function} lines: {len(long)}")
    for length, where in long:
        print(f"  {length:5d}  {where}")

    graph = import_graph(files)
    found = cycles(graph)
    print(f"Import cycles: {len(found)}" + ("" if found else " (none)"))
    for component in found:
        print("  " + " <-> ".join(component))
    against = wrong_way(graph)
    print(f"Wrong-way imports: {len(against)}" + ("" if against else " (none)"))
    for module, target in against:
        print(f"  {module} -> {target}")


if __name__ == "__main__":
    main()
