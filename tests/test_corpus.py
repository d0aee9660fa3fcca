"""Every real minutes file of ../shared/corpus goes through extract without a crash."""

from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import InputError
from bot.extract import extract
from bot.minutes import read_minutes

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"
FILES = (
    sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".json" and p.name != "MANIFEST.md")
    if CORPUS.is_dir()
    else []
)


def _config(path: Path):
    roster = SHARED / "corpus-labels" / path.relative_to(CORPUS).parts[0] / "roster.yml"
    return load_config(roster if roster.exists() else None)


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_extracts(path: Path) -> None:
    try:
        meeting = read_minutes(path.read_bytes(), str(path))
    except InputError:
        return  # an unreadable file is reported on one line by the CLI; not a crash
    digest = extract(meeting, _config(path))
    for item in digest.follow_ups:
        assert 1 <= item.line <= meeting.line_count
        assert 0 <= item.confidence <= 1
        assert not set(item.owners) & set(item.unresolved_names)
