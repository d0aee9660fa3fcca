"""Extraction speed as ratios measured inside one run, so the numbers hold on any machine.

Run by `make bench`. Prints; asserts nothing (tests hold no timings). Each figure is a
ratio to a reference timed in the same run, interleaved, best of N (CPU time of this
process, so other load on the machine matters less):

- corpus: extracting the 178 corpus files against a plain markdown-it-py parse of the
  same files (target <= 2.0x). Every round runs in a fresh interpreter: the per-roster
  caches of a long run must not make a later round look faster than one real run.
- size: the same ratio for one file of 50 KB .. 5 MB (made by repeating corpus files):
  flat when extraction is linear in file size.
- roster: one 6 KB file with a roster of 0 .. 5,000 people: the index is built once per
  run; the cost of each further file is flat when the roster costs nothing per file.
- cli: one `minutes-bot extract` call against `python -c "import pydantic, markdown_it,
  yaml"` (target <= 2.0x).
- `--against REV`: the JSON of all corpus files diffed against the `bot` package of REV
  (exported with `git archive`), to show a speed change left the output alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent / "minutes-bot"
EXAMPLE = ROOT / "examples" / "devel-call-2025-09-17.md"
CONFIG = ROOT / "config" / "minutes-bot.yml"
PROBE = """
import sys
from bot.app.cli import main
main(["extract", "--format", "json", "--config", sys.argv[1], sys.argv[2]])
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("github", "requests", "urllib3") or m == "http.client")
print("IMPORTED:" + ",".join(bad), file=sys.stderr)
"""
# One round in a fresh interpreter: parse all texts, extract all texts; CPU seconds of each.
ROUND = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from markdown_it import MarkdownIt
from bot.domain.config import load_config
from bot.domain.errors import InputError
from bot.extract import extract
from bot.parse.minutes import read_minutes
jobs = json.loads(sys.stdin.read())
configs = {roster: load_config(Path(roster) if roster else None) for _, roster in jobs}  # one per run, as the CLI
data = [(path, Path(path).read_bytes(), configs[roster]) for path, roster in jobs]
md = MarkdownIt("commonmark", {"html": True}).enable("table")
start = time.process_time()
for _, raw, _ in data:
    md.parse(raw.decode("utf-8-sig", "replace"))
parse = time.process_time() - start
each = []
for path, raw, config in data:
    start = time.process_time()
    try:
        extract(read_minutes(raw, path), config)
    except InputError:
        pass
    each.append(time.process_time() - start)
print(json.dumps({"parse": parse, "extract": sum(each), "each": each}))
"""


def _round(jobs: list[tuple[str, str | None]]) -> dict:
    """Parse and extract CPU seconds of one fresh interpreter, and each file's extract time."""
    run = subprocess.run(
        [sys.executable, "-c", ROUND, str(ROOT)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def _best_ratio(jobs: list[tuple[str, str | None]], rounds: int) -> tuple[float, float, float]:
    """Best parse and extract times over the rounds, and their ratio."""
    parse, extract = float("inf"), float("inf")
    for _ in range(rounds):
        times = _round(jobs)
        parse, extract = min(parse, times["parse"]), min(extract, times["extract"])
    return parse, extract, extract / parse


def corpus(shared: Path, rounds: int) -> None:
    from bench.extract_snapshot import corpus_files

    files = corpus_files(shared)
    jobs = [(str(path), str(roster) if roster else None) for path, roster in files]
    size = sum(path.stat().st_size for path, _ in files)
    parse, extract, ratio = _best_ratio(jobs, rounds)
    print(
        f"corpus: {len(files)} files, {size / 1e6:.2f} MB; best of {rounds}: parse {parse:.2f} s, "
        f"extract {extract:.2f} s = {ratio:.2f}x the parse (target <= 2.0x)"
    )


def sizes(shared: Path, rounds: int, scratch: Path) -> None:
    """One file made of corpus files repeated up to each size: the ratio stays flat if linear."""
    from bench.extract_snapshot import corpus_files

    files = [(path, roster) for path, roster in corpus_files(shared) if "coconut-svsm" in path.parts]
    roster = str(files[0][1]) if files[0][1] else None
    text = "\n\n".join(path.read_text(encoding="utf-8-sig") for path, _ in files)
    print("size: one file of repeated COCONUT-SVSM minutes")
    print("| size | parse s | extract s | extract / parse |")
    print("|---:|---:|---:|---:|")
    for target in (50_000, 500_000, 5_000_000):
        body = (text * (target // len(text) + 1))[:target]
        path = scratch / f"devel-call-2025-09-17-{target}.md"
        path.write_text(body[: body.rfind("\n") + 1], encoding="utf-8")
        parse, extract, ratio = _best_ratio([(str(path), roster)], rounds if target < 1e6 else 1)
        print(f"| {target / 1e6:.2f} MB | {parse:.3f} | {extract:.3f} | {ratio:.2f}x |")


def rosters(rounds: int, scratch: Path) -> None:
    """The example minutes with a roster of N made-up people besides the real one.

    A run builds the roster index once (first file), then reads every file with it: the
    cost of each further file is what must stay flat. Both are timed file by file inside
    one interpreter (the median of the 20 further files, best over the rounds): a
    difference of two runs would carry the noise of the index build into the per-file cost.
    """
    import statistics

    import yaml

    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    print("roster: the 6 KB example minutes, roster of N extra people")
    print("| people | parse s | first file s | each further file s | further file / parse |")
    print("|---:|---:|---:|---:|---:|")
    for count in (0, 50, 500, 5_000):
        people = list(config.get("people", []))
        people += [
            {"name": f"Person{n:04d} Surname{n:04d}", "github": f"user-{n}", "aliases": [f"P{n:04d}"]}
            for n in range(count)
        ]
        path = scratch / f"roster-{count}.yml"
        path.write_text(yaml.safe_dump({**config, "people": people}), encoding="utf-8")
        parse = first = further = float("inf")
        for _ in range(rounds):
            times = _round([(str(EXAMPLE), str(path))] * 21)
            parse = min(parse, times["parse"] / 21)
            first = min(first, times["each"][0])
            further = min(further, statistics.median(times["each"][1:]))
        print(f"| {count:,} | {parse:.4f} | {first:.3f} | {further:.4f} | {further / parse:.2f}x |")


def cli(rounds: int) -> None:
    """CPU time of one extract call against importing what it cannot do without.

    Both run as an installed bot does (pip compiles the bytecode at install): an inherited
    PYTHONDONTWRITEBYTECODE would charge `bot`, and not the site-packages it is compared
    with, for compiling its sources on every call. A first call writes that bytecode.

    The floor line is the same ratio for only importing the pydantic models the config and
    the JSON output are made of: what any `extract` built on them pays before it reads a
    byte (pydantic's `BaseModel` and `Field` import most of pydantic, which the baseline's
    lazy `import pydantic` does not).
    """
    command = [str(BIN), "extract", "--format", "json", "--config", str(CONFIG), str(EXAMPLE)]
    runs = {
        "imports": [sys.executable, "-c", "import pydantic, markdown_it, yaml"],
        "floor": [sys.executable, "-c", "import markdown_it, bot.domain.config, bot.domain.models"],
        "cli": command,
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, capture_output=True, check=True, env=env)
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, argv in runs.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(argv, capture_output=True, check=True, env=env, cwd=ROOT)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            best[name] = min(best[name], spent)
    base = best["imports"]
    print(
        f"cli: one `minutes-bot extract` call {best['cli']:.3f} s; `import pydantic, markdown_it, yaml` "
        f"{base:.3f} s = {best['cli'] / base:.2f}x (target <= 2.0x; best of {rounds})"
    )
    print(
        f"cli floor: importing the config and output models alone {best['floor']:.3f} s = "
        f"{best['floor'] / base:.2f}x the same baseline"
    )


def offline_imports() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(CONFIG), str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    line = (run.stderr.strip().splitlines() or ["IMPORTED:?"])[-1]
    imported = line.removeprefix("IMPORTED:")
    verdict = "ok: neither github nor requests/urllib3/http.client" if not imported else f"FAIL: {imported}"
    print(f"offline imports of extract: {verdict}")


def against(revision: str, shared: Path, scratch: Path) -> int:
    """Diff the corpus JSON of the working tree against that of `revision`; 1 when they differ."""
    old_tree = scratch / "old"
    old_tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "bot"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive, check=True)
    outputs = {}
    for name, tree in (("old", old_tree), ("new", ROOT)):
        out = scratch / f"{name}.json"
        snapshot = [sys.executable, str(ROOT / "bench" / "extract_snapshot.py"), "--shared", str(shared)]
        subprocess.run(
            [*snapshot, "--output", str(out)],
            env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
            check=True,
        )
        outputs[name] = json.loads(out.read_text(encoding="utf-8"))
    changed = sorted(
        k
        for k in outputs["old"].keys() | outputs["new"].keys()
        if outputs["old"].get(k) != outputs["new"].get(k)
    )
    if changed:
        print(
            f"output vs {revision}: {len(changed)} of {len(outputs['new'])} files differ: {', '.join(changed[:10])}"
        )
        return 1
    print(f"output vs {revision}: the JSON of all {len(outputs['new'])} corpus files is identical")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--against", metavar="REV", help="also diff the corpus JSON against this git revision"
    )
    parser.add_argument("--tables", action="store_true", help="also print the size and roster tables (slow)")
    args = parser.parse_args()
    status = 0
    with tempfile.TemporaryDirectory() as scratch:
        if (args.shared / "corpus").is_dir():
            corpus(args.shared, args.rounds)
            if args.tables:
                sizes(args.shared, args.rounds, Path(scratch))
            if args.against:
                status = against(args.against, args.shared, Path(scratch))
        else:
            print(f"corpus: {args.shared}/corpus not present; skipped")
        if args.tables:
            rosters(args.rounds, Path(scratch))
    if BIN.exists():
        cli(max(args.rounds, 5))
    else:
        print("cli: minutes-bot is not installed in this environment; skipped")
    offline_imports()
    return status


if __name__ == "__main__":
    sys.exit(main())
