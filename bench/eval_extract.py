"""Accuracy of `minutes-bot extract` on the labelled minutes of ../shared (run by `make eval`).

Runs the INSTALLED command as a user would: once per community and default repository,
with a config made of that community's roster (`roster.yml`, the `people:` part) and the
label's `default_repository` as the first pull-request repository. Each JSON digest is
written to a temporary folder; one line per community and the overall line are printed,
then the shared scorer is run on the very same files, so both must agree.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

BIN = Path(sys.executable).parent / "minutes-bot"


def _logins(owners: list[str]) -> set[str]:
    return {o.lower() for o in owners if isinstance(o, str) and not o.startswith("name:")}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _shown(a: int, b: int) -> str:
    """A ratio of nothing is no score: "–", not 0.000 (a community without labelled due dates)."""
    return f"{a / b:.3f}" if b else "–"


class Tally:
    """The counts behind precision, recall and the owner and due-date rates (as score.py)."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()

    def add_file(self, gold: dict, pred: dict) -> str:
        c: collections.Counter[str] = collections.Counter()
        misses: list[str] = []
        gl, pl = collections.defaultdict(list), collections.defaultdict(list)
        for f in gold["follow_ups"]:
            gl[f["line"]].append(f)
        for f in pred.get("follow_ups", []) or []:
            pl[f.get("line")].append(f)
        c["tp"] = len(set(gl) & set(pl))
        c["fp"] = len(set(pl) - set(gl))
        c["fn"] = len(set(gl) - set(pl))
        for line in sorted(set(gl) & set(pl)):
            gown = set().union(*(_logins(f["owners"]) for f in gl[line]))
            pown = set().union(*(_logins(f.get("owners", [])) for f in pl[line]))
            c["own_n"] += 1
            c["own_ok"] += gown == pown
            if gown != pown:
                misses.append(f"owners {line}: want {sorted(gown)} got {sorted(pown)}")
            c["wrong"] += len(pown - gown)
            gdue = {f["due"] for f in gl[line] if f.get("due")}
            if gdue:
                c["due_n"] += 1
                pdue = {f.get("due") for f in pl[line] if f.get("due")}
                c["due_ok"] += bool(gdue & pdue)
                if not gdue & pdue:
                    misses.append(f"due {line}: want {sorted(gdue)} got {sorted(pdue)}")
        for line in set(pl) - set(gl):
            c["wrong"] += len(set().union(*(_logins(f.get("owners", [])) for f in pl[line])))
        # Implicit references: score.py counts only `references`; the unsure ones a human is
        # asked about (`candidates`) are counted apart, as "shown".
        sure = {(r["repository"].lower(), int(r["number"])) for r in pred.get("references", []) or []}
        unsure = {(r["repository"].lower(), int(r["number"])) for r in pred.get("candidates", []) or []}
        for ref in gold["references"]:
            if ref.get("implicit"):
                key = (ref["repository"].lower(), int(ref["number"]))
                c["imp_n"] += 1
                c["imp_found"] += key in sure
                c["imp_shown"] += key in sure or key in unsure
        self.counts.update(c)
        return (
            f"fu tp={c['tp']} fp={c['fp']} fn={c['fn']} wrong={c['wrong']}"
            f"  missed={sorted(set(gl) - set(pl))} extra={sorted(set(pl) - set(gl))} {misses}"
        )

    def line(self, name: str) -> str:
        c = self.counts
        p, r = _ratio(c["tp"], c["tp"] + c["fp"]), _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"{name:<24} FU P={p:.3f} R={r:.3f} F1={f1:.3f}  owners exact {_ratio(c['own_ok'], c['own_n']):.3f}"
            f" ({c['own_ok']}/{c['own_n']})  due right {_shown(c['due_ok'], c['due_n'])}"
            f" ({c['due_ok']}/{c['due_n']})  wrong pings {c['wrong']}"
        )


def _config(roster: Path, repository: str, folder: Path) -> Path:
    """The community's roster with `repository` as where bare "#123" points."""
    people = (yaml.safe_load(roster.read_text(encoding="utf-8")) or {}).get("people") or []
    path = folder / f"{roster.parent.name}-{repository.replace('/', '_')}.yml"
    config = {"people": people, "pull_requests": {"repositories": [repository]}}
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--verbose", action="store_true", help="print each file's missed and extra lines")
    args = parser.parse_args()
    labels, corpus = args.shared / "corpus-labels", args.shared / "corpus"
    if not labels.is_dir() or not corpus.is_dir():
        print(f"eval: {args.shared} has no corpus-labels/ and corpus/; nothing to evaluate (skipped)")
        return 0
    minutes_bot = str(BIN) if BIN.exists() else shutil.which("minutes-bot") or "minutes-bot"
    overall = Tally()
    failed = False
    with tempfile.TemporaryDirectory(prefix="minutes-bot-eval-") as tmp:
        outputs: list[str] = []
        for roster in sorted(labels.glob("*/roster.yml")):
            community = roster.parent
            golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(community.rglob("*.json"))]
            groups: dict[str, list[dict]] = collections.defaultdict(list)
            for gold in golds:
                groups[gold.get("default_repository") or ""].append(gold)
            tally = Tally()
            for repository, members in sorted(groups.items()):
                config = _config(roster, repository, Path(tmp)) if repository else roster
                command = [minutes_bot, "extract", "--format", "json", "--config", str(config)]
                pulls = corpus / f"{community.name}-pulls.json"
                if pulls.exists():
                    command += ["--pulls", str(pulls)]
                command += [str(corpus / gold["file"]) for gold in members]
                run = subprocess.run(command, capture_output=True, text=True, check=False)
                if run.returncode != 0:
                    print(f"{community.name}: extract failed (exit {run.returncode}): {run.stderr.strip()}")
                    failed = True
                    continue
                output = Path(tmp) / f"{community.name}-{len(outputs)}.out.json"
                output.write_text(run.stdout, encoding="utf-8")
                outputs.append(str(output))
                meetings = {Path(m["file"]).name: m for m in json.loads(run.stdout)["meetings"]}
                for gold in members:
                    meeting = meetings.get(Path(gold["file"]).name, {"follow_ups": []})
                    row = tally.add_file(gold, meeting)
                    overall.add_file(gold, meeting)
                    if args.verbose:
                        print(f"  {gold['file']}: {row}")
            print(tally.line(community.name))
        print(overall.line("overall"))
        c = overall.counts
        print(
            f"implicit references: in references {c['imp_found']}/{c['imp_n']}, "
            f"in references or candidates {c['imp_shown']}/{c['imp_n']}"
        )
        scorer = args.shared / "tools" / "score.py"
        if scorer.exists() and outputs:
            run = subprocess.run(
                [sys.executable, str(scorer), str(labels), *outputs],
                capture_output=True,
                text=True,
                check=False,
            )
            last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()
            print(f"score.py: {last}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
