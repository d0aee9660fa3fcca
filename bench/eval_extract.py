"""Accuracy of `minutes-bot extract` on the labelled minutes of ../shared (run by `make eval`).

Runs the INSTALLED command once per labelled file, as a user would, with that community's
roster, writes each JSON digest to a temporary folder, prints per-file and overall numbers,
then runs the shared scorer on the same files so both sets of numbers can be compared.
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

BIN = Path(sys.executable).parent / "minutes-bot"


def _logins(owners: list[str]) -> set[str]:
    return {o.lower() for o in owners if not o.startswith("name:")}


class Tally:
    """The counts behind precision, recall and the owner and due-date rates."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()

    def add_file(self, gold: dict, pred: dict) -> str:
        c: collections.Counter[str] = collections.Counter()
        owner_misses: list[str] = []
        gl, pl = collections.defaultdict(list), collections.defaultdict(list)
        for f in gold["follow_ups"]:
            gl[f["line"]].append(f)
        for f in pred.get("follow_ups", []):
            pl[f["line"]].append(f)
        c["tp"] = len(set(gl) & set(pl))
        c["fp"] = len(set(pl) - set(gl))
        c["fn"] = len(set(gl) - set(pl))
        for line in set(gl) & set(pl):
            gown = set().union(*(_logins(f["owners"]) for f in gl[line]))
            pown = set().union(*(_logins(f["owners"]) for f in pl[line]))
            c["own_n"] += 1
            c["own_ok"] += gown == pown
            if gown != pown:
                owner_misses.append(f"{line}: want {sorted(gown)} got {sorted(pown)}")
            c["wrong"] += len(pown - gown)
            gdue = {f["due"] for f in gl[line] if f.get("due")}
            if gdue:
                c["due_n"] += 1
                c["due_ok"] += bool(gdue & {f.get("due") for f in pl[line] if f.get("due")})
        for line in set(pl) - set(gl):
            c["wrong"] += len(set().union(*(_logins(f["owners"]) for f in pl[line])))
        gref = {(r["repository"].lower(), int(r["number"])): r for r in gold["references"]}
        pref = {(r["repository"].lower(), int(r["number"])): r for r in pred.get("references", [])}
        for key, ref in pref.items():
            c["exp_n" if not ref.get("implicit") else "imp_pred"] += 1
            c["exp_ok" if not ref.get("implicit") else "imp_pred_ok"] += key in gref
        unsure = {(r["repository"].lower(), int(r["number"])) for r in pred.get("candidates", [])}
        for key, ref in gref.items():
            if ref.get("implicit"):
                c["imp_n"] += 1
                c["imp_found"] += key in pref
                c["imp_shown"] += key in pref or key in unsure
            else:
                c["exp_gold"] += 1
                c["exp_found"] += key in pref
        self.counts.update(c)
        misses = sorted(set(gl) - set(pl))
        extra = sorted(set(pl) - set(gl))
        return (
            f"fu tp={c['tp']} fp={c['fp']} fn={c['fn']} wrong={c['wrong']}"
            f"  missed={misses} extra={extra} owners={owner_misses}"
        )

    def summary(self) -> list[str]:
        c = self.counts

        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        return [
            f"follow-ups: precision {ratio(c['tp'], c['tp'] + c['fp']):.3f}  recall "
            f"{ratio(c['tp'], c['tp'] + c['fn']):.3f}  owners exact {ratio(c['own_ok'], c['own_n']):.3f} "
            f"({c['own_ok']}/{c['own_n']})  due right {ratio(c['due_ok'], c['due_n']):.3f} "
            f"({c['due_ok']}/{c['due_n']})  wrong pings {c['wrong']}",
            f"references: explicit precision {ratio(c['exp_ok'], c['exp_n']):.3f}  explicit recall "
            f"{ratio(c['exp_found'], c['exp_gold']):.3f}  implicit found {c['imp_found']}/{c['imp_n']}  "
            f"implicit right {c['imp_pred_ok']}/{c['imp_pred']}  "
            f"implicit found or a candidate {c['imp_shown']}/{c['imp_n']}",
        ]


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
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="minutes-bot-eval-") as tmp:
        outputs = []
        for label_file in sorted(labels.glob("*/*.json")):
            gold = json.loads(label_file.read_text(encoding="utf-8"))
            community = label_file.parent
            command = [minutes_bot, "extract", "--format", "json", "--config", str(community / "roster.yml")]
            pulls = corpus / f"{community.name}-pulls.json"
            if pulls.exists():
                command += ["--pulls", str(pulls)]
            command.append(str(corpus / gold["file"]))
            run = subprocess.run(command, capture_output=True, text=True, check=False)
            if run.returncode != 0:
                print(f"{gold['file']}: extract failed (exit {run.returncode}): {run.stderr.strip()}")
                continue
            output = Path(tmp) / (label_file.stem + ".out.json")
            output.write_text(run.stdout, encoding="utf-8")
            outputs.append(str(output))
            meeting = json.loads(run.stdout)["meetings"][0]
            row = tally.add_file(gold, meeting)
            print(f"{gold['file']}: {row if args.verbose else row.split('  missed')[0]}")
        for line in tally.summary():
            print(line)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
