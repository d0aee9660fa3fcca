"""Extraction speed over the whole corpus, one CLI call's wall time, and the offline import check.

Run by `make bench`. Prints numbers; asserts nothing about speed (tests hold no timings).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bot.config import Config, load_config
from bot.errors import InputError
from bot.extract import extract
from bot.minutes import read_minutes

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "minutes-bot"
EXAMPLE = ROOT / "examples" / "devel-call-2025-09-17.md"
CONFIG = ROOT / "config" / "minutes-bot.yml"
PROBE = """
import sys
from bot.cli import main
main(["extract", "--format", "json", "--config", sys.argv[1], sys.argv[2]])
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("github", "requests", "urllib3") or m == "http.client")
print("IMPORTED:" + ",".join(bad), file=sys.stderr)
"""


def _corpus(shared: Path) -> list[tuple[Path, Config]]:
    corpus = shared / "corpus"
    files = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix == ".json" or path.name == "MANIFEST.md":
            continue
        roster = shared / "corpus-labels" / path.relative_to(corpus).parts[0] / "roster.yml"
        files.append((path, load_config(roster if roster.exists() else None)))
    return files


def throughput(shared: Path, rounds: int) -> None:
    files = _corpus(shared)
    data = [(path, path.read_bytes(), config) for path, config in files]
    size = sum(len(raw) for _, raw, _ in data)
    best = float("inf")
    follow_ups = 0
    for _ in range(rounds):
        start = time.perf_counter()
        follow_ups = 0
        for path, raw, config in data:
            try:
                follow_ups += len(extract(read_minutes(raw, str(path)), config).follow_ups)
            except InputError:
                continue
        best = min(best, time.perf_counter() - start)
    print(
        f"throughput: {len(data)} files, {size / 1e6:.2f} MB, best of {rounds}: {best:.2f} s "
        f"= {size / 1e6 / best:.2f} MB/s ({follow_ups} follow-ups)"
    )


def cli_wall_time(rounds: int) -> None:
    command = [str(BIN), "extract", "--format", "json", "--config", str(CONFIG), str(EXAMPLE)]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    print(
        f"cli: one `minutes-bot extract` call: best {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s"
    )


def offline_imports() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(CONFIG), str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    line = (run.stderr.strip().splitlines() or ["IMPORTED:?"])[-1]
    imported = line.removeprefix("IMPORTED:")
    verdict = "ok: neither github nor requests/urllib3/http.client" if not imported else f"FAIL: {imported}"
    print(f"offline imports of extract: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if (args.shared / "corpus").is_dir():
        throughput(args.shared, args.rounds)
    else:
        print(f"throughput: {args.shared}/corpus not present; skipped")
    if BIN.exists():
        cli_wall_time(5)
    else:
        print("cli: minutes-bot is not installed in this environment; skipped")
    offline_imports()
    return 0


if __name__ == "__main__":
    sys.exit(main())
