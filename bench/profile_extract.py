"""Where extraction spends its time over the corpus: a sampling profile, by function.

cProfile charges every call, so it inflates code made of many small calls (markdown-it by
about 4x) and misleads about shares. This samples the stack every half millisecond of CPU
time instead (`ITIMER_PROF`), so a function's share is the share of samples in which it is
on the stack. An estimate for deciding what to work on; the speed figures are
`bench_extract.py`'s.

    .venv/bin/python bench/profile_extract.py --shared ../shared [--rounds 3] [--top 30]
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections import Counter
from contextlib import suppress
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extract_snapshot import corpus_files  # noqa: E402
from bot.domain.config import load_config  # noqa: E402
from bot.domain.errors import InputError  # noqa: E402
from bot.extract import extract  # noqa: E402
from bot.parse.minutes import read_minutes  # noqa: E402

_INTERVAL = 0.0005


def _where(frame: FrameType) -> tuple[str, str] | None:
    """A frame of the bot or of markdown-it as (its file from the package on, its function)."""
    parts = Path(frame.f_code.co_filename).parts
    for package in ("bot", "markdown_it"):
        if package in parts:
            return "/".join(parts[parts.index(package) :]), frame.f_code.co_name
    return None


def profile(shared: Path, rounds: int) -> tuple[int, Counter[tuple[str, str]]]:
    """The number of samples, and in how many of them each function was on the stack."""
    files = corpus_files(shared)
    configs = {roster: load_config(roster) for _, roster in files}
    data = [(str(path), path.read_bytes(), configs[roster]) for path, roster in files]

    def run() -> None:
        for path, raw, config in data:
            with suppress(InputError):  # an unreadable corpus file counts for nothing
                extract(read_minutes(raw, path), config)

    run()  # the regexes compiled and the roster indexes built, as in a run's later files
    on_stack: Counter[tuple[str, str]] = Counter()
    samples = 0

    def sample(_signal: int, frame: FrameType | None) -> None:
        nonlocal samples
        samples += 1
        seen = set()
        while frame is not None:
            if (where := _where(frame)) is not None:
                seen.add(where)
            frame = frame.f_back
        on_stack.update(seen)

    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, _INTERVAL, _INTERVAL)
    try:
        for _ in range(rounds):
            run()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    return samples, on_stack


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    if not (args.shared / "corpus").is_dir():
        print(f"corpus: {args.shared}/corpus not present; skipped")
        return 0
    samples, on_stack = profile(args.shared, args.rounds)
    extraction = (
        on_stack[("bot/parse/minutes.py", "read_minutes")] + on_stack[("bot/extract/__init__.py", "extract")]
    )
    print(f"{samples} samples; share of extraction (read_minutes + extract) with the function on the stack:")
    for (file, function), count in on_stack.most_common(args.top):
        print(f"{100 * count / max(extraction, 1):5.1f}%  {file}:{function}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
