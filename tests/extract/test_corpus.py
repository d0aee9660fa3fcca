"""Every real minutes file of ../shared/corpus goes through extract without a crash."""

from functools import cache
from pathlib import Path

import pytest

from bot.domain.config import load_config
from bot.domain.models import Findings, Meeting
from bot.extract import extract
from bot.parse.minutes import read_minutes

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
FILES = (
    sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".json" and p.name != "MANIFEST.md")
    if CORPUS.is_dir()
    else []
)


def _config(path: Path):
    roster = SHARED / "corpus-labels" / path.relative_to(CORPUS).parts[0] / "roster.yml"
    return load_config(roster if roster.exists() else None)


@cache
def _meeting(path: Path) -> Meeting:
    return read_minutes(path.read_bytes(), str(path))


@cache
def _findings(path: Path) -> Findings:
    return extract(_meeting(path), _config(path))


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_extracts(path: Path) -> None:
    findings = _findings(path)
    line_count = _meeting(path).line_count
    for item in findings.follow_ups:
        assert 1 <= item.line <= line_count
        assert 0 <= item.confidence <= 1
        assert not set(item.owners) & set(item.unresolved_names)


COMMUNITIES = sorted({p.relative_to(CORPUS).parts[0] for p in FILES})


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
@pytest.mark.parametrize("community", COMMUNITIES)
def test_every_community_yields_follow_ups(community: str) -> None:
    """Guards the test above against passing vacuously: each community's calls hold commitments."""
    files = [p for p in FILES if p.relative_to(CORPUS).parts[0] == community]
    assert sum(len(_findings(p).follow_ups) for p in files) > 0
