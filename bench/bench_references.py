"""Time reference resolution of each COCONUT-SVSM minutes file against its 1,037-PR list.

usage: python bench/bench_references.py [--shared ../shared] [--repeat 3]

Prints, per file, the best of `--repeat` runs of `find_references` (explicit and implicit)
on the parsed meeting, then the total and the slowest file. Building the PR index is part
of every call, as it is in `extract`. Exits 0 with a note when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.domain.config import load_config
from bot.domain.people import Roster
from bot.extract.references import find_references
from bot.github.pulls import load_pulls
from bot.parse.minutes import read_minutes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    minutes = args.shared / "corpus" / "coconut-svsm"
    pulls_file = args.shared / "corpus" / "coconut-svsm-pulls.json"
    roster_file = args.shared / "corpus-labels" / "coconut-svsm" / "roster.yml"
    if not (minutes.is_dir() and pulls_file.is_file() and roster_file.is_file()):
        print(f"skipped: {args.shared} has no COCONUT-SVSM corpus, PR list and roster")
        return 0
    config = load_config(roster_file)
    roster = Roster(config.people)
    repositories = config.pull_requests.repositories
    started = time.perf_counter()
    pulls = load_pulls(pulls_file, "coconut-svsm/svsm")
    loaded = time.perf_counter() - started
    meetings = [read_minutes(path.read_bytes(), path.name) for path in sorted(minutes.glob("*.md"))]

    started = time.perf_counter()
    find_references(meetings[0], roster, repositories, pulls)
    first = time.perf_counter() - started  # includes indexing the PR list, done once per list

    print(f"{len(pulls)} PRs loaded in {loaded * 1000:.0f} ms; first call {first * 1000:.1f} ms")
    print(f"{'file':32} {'ms':>7} {'refs':>5} {'implicit':>8}")
    timings = []
    for meeting in meetings:
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            references, _, _ = find_references(meeting, roster, repositories, pulls)
            best = min(best, time.perf_counter() - started)
        timings.append((best, meeting.file))
        implicit = sum(r.implicit for r in references)
        print(f"{meeting.file:32} {best * 1000:7.1f} {len(references):5} {implicit:8}")
    total = sum(t for t, _ in timings)
    slowest = max(timings)
    print(
        f"total {total * 1000:.0f} ms for {len(meetings)} files; mean {total / len(meetings) * 1000:.1f} ms; "
        f"slowest {slowest[1]} {slowest[0] * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
