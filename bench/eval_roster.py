"""Compare `roster suggest` with the labelled rosters: correct, wrong and missing logins.

Only the live (uncommented) entries count as suggestions: that is what a maintainer pastes.
A wrong login there is a wrong ping, so `wrong` must stay 0. `extra` are live entries for
people the labels leave out (no verified login): not counted wrong, but listed to check.

    python bench/eval_roster.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.domain.config import Config, Person, load_config, parse_config
from bot.github.pulls import load_pulls
from bot.parse.text import fold_variants
from bot.roster.render import render
from bot.roster.suggest import suggest_roster

# community, minutes (folder or one labelled file), pulls file or None
RUNS = [
    ("coconut-svsm", "corpus/coconut-svsm", "corpus/coconut-svsm-pulls.json"),
    ("openssf-tac", "corpus/openssf-tac/2023-07-11.md", None),
    ("nodejs-tsc", "corpus/nodejs-tsc/2025-10-15.md", None),
    ("openssf-tac", "corpus/openssf-tac", None),
    ("nodejs-tsc", "corpus/nodejs-tsc", None),
]


def _keys(person: Person) -> set[str]:
    return {k for name in (person.name, *person.aliases) for k in fold_variants(name)}


def compare(suggested: list[Person], labelled: list[Person]) -> dict:
    correct, wrong, missing = [], [], []
    used: set[int] = set()
    for truth in labelled:
        matches = [i for i, p in enumerate(suggested) if _keys(p) & _keys(truth)]
        if not matches:
            missing.append(truth.name)
            continue
        used.update(matches)
        for index in matches:
            mine = suggested[index]
            if mine.github.lower() == truth.github.lower():
                correct.append(truth.name)
            else:
                wrong.append(f"{truth.name}: suggested {mine.github}, labelled {truth.github}")
    extra = [f"{p.name} -> {p.github}" for i, p in enumerate(suggested) if i not in used]
    return {"correct": correct, "wrong": wrong, "missing": missing, "extra": extra}


def run(shared: Path, community: str, minutes: str, pulls: str | None) -> dict:
    path = shared / minutes
    files = sorted(path.glob("*.md")) if path.is_dir() else [path]
    pull_list = load_pulls(shared / pulls) if pulls else []
    text = render(suggest_roster(Config(), files, pull_list))
    suggested = parse_config(text, "suggestion").people
    labelled = load_config(shared / "corpus-labels" / community / "roster.yml").people
    return compare(suggested, labelled)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--json", action="store_true", help="print the full comparison as JSON")
    args = parser.parse_args()
    if not (args.shared / "corpus-labels").is_dir():
        print(f"skipped: {args.shared}/corpus-labels not found")
        return 0
    results = {}
    print(f"{'run':45} {'labelled':>8} {'correct':>8} {'wrong':>6} {'missing':>8} {'extra':>6}")
    for community, minutes, pulls in RUNS:
        if not (args.shared / minutes).exists():
            continue
        result = run(args.shared, community, minutes, pulls)
        label = f"{minutes.removeprefix('corpus/')}{' + pulls' if pulls else ''}"
        results[label] = result
        labelled = len(result["correct"]) + len(result["wrong"]) + len(result["missing"])
        print(
            f"{label:45} {labelled:>8} {len(result['correct']):>8} {len(result['wrong']):>6} "
            f"{len(result['missing']):>8} {len(result['extra']):>6}"
        )
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for label, result in results.items():
            for kind in ("wrong", "missing", "extra"):
                if result[kind]:
                    print(f"{label} {kind}: {'; '.join(result[kind])}")
    return 1 if any(r["wrong"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
