"""The extract JSON of every corpus file, as one JSON object keyed by corpus path.

Used by `bench_extract.py --against REV` to prove a speed change left the output alone:
it runs this script twice, once with the `bot` package of the working tree and once with
that of an exported revision (`PYTHONPATH`), and diffs the two objects. It touches only
the stable entry points (`load_config`, `load_pulls`, `read_minutes`, `extract`), so an
older revision's package works with it too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.domain.config import load_config
from bot.domain.errors import InputError
from bot.extract import extract
from bot.github.pulls import load_pulls
from bot.parse.minutes import read_minutes


def corpus_files(shared: Path) -> list[tuple[Path, Path | None]]:
    """Every minutes file of the corpus with its community's roster (None when it has none)."""
    corpus = shared / "corpus"
    files = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix == ".json" or path.name == "MANIFEST.md":
            continue
        roster = shared / "corpus-labels" / path.relative_to(corpus).parts[0] / "roster.yml"
        files.append((path, roster if roster.exists() else None))
    return files


def snapshot(shared: Path) -> dict[str, object]:
    """Corpus path -> its digest as `extract --format json` prints it (or the input error).

    The COCONUT-SVSM files get that project's PR list, so implicit references are covered.
    """
    corpus = shared / "corpus"
    pulls_file = corpus / "coconut-svsm-pulls.json"
    result: dict[str, object] = {}
    for path, roster in corpus_files(shared):
        config = load_config(roster)
        community = path.relative_to(corpus).parts[0]
        pulls = []
        if community == "coconut-svsm" and pulls_file.exists():
            pulls = load_pulls(pulls_file, next(iter(config.pull_requests.repositories), None))
        key = str(path.relative_to(corpus))
        try:
            digest = extract(read_minutes(path.read_bytes(), key), config, pulls)
        except InputError as exc:
            result[key] = {"error": str(exc)}
            continue
        result[key] = json.loads(digest.model_dump_json())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--output", type=Path, required=True, help="where to write the JSON object")
    args = parser.parse_args()
    args.output.write_text(json.dumps(snapshot(args.shared), indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
