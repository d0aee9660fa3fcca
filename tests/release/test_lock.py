"""requirements/action.txt: what the action installs before it runs with a write token.

Every package is pinned to one version and checked against sha256 hashes, the lock
covers the bot's dependencies (in range) and the build backend (exactly), so nothing
the action runs comes from an unpinned download.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[2]
LOCK = ROOT / "requirements" / "action.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def _entries(text: str) -> list[str]:
    """One string per requirement, its continuation lines joined, comments dropped."""
    logical = re.sub(r"\\\n", " ", text)
    lines = (line.split(" #", 1)[0].strip() for line in logical.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _pins(text: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for entry in _entries(text):
        requirement = Requirement(_HASH.sub("", entry).strip())
        [specifier] = requirement.specifier
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


LOCKED = _pins(LOCK.read_text(encoding="utf-8"))


def test_every_requirement_is_pinned_exactly_and_has_hashes():
    entries = _entries(LOCK.read_text(encoding="utf-8"))
    assert len(entries) >= 10
    for entry in entries:
        requirement = Requirement(_HASH.sub("", entry).strip())
        assert [s.operator for s in requirement.specifier] == ["=="], entry
        assert _HASH.search(entry), f"no sha256 hash: {requirement.name}"
        assert not re.search(r"--hash=(?!sha256:[0-9a-f]{64}\b)\S+", entry), entry


def test_the_parser_sees_a_requirement_without_hashes():
    # The check above must fail on the mistake it guards against.
    text = "pyyaml==6.0.2 \\\n    --hash=sha256:" + "a" * 64 + "\nrequests==2.32.3\n"
    entries = _entries(text)
    assert [bool(_HASH.search(e)) for e in entries] == [True, False]


@pytest.mark.parametrize("dependency", PYPROJECT["project"]["dependencies"])
def test_every_dependency_of_the_bot_is_locked_in_its_range(dependency: str):
    requirement = Requirement(dependency)
    name = canonicalize_name(requirement.name)
    assert name in LOCKED, f"{name} is not in {LOCK.name}: run make lock"
    assert requirement.specifier.contains(LOCKED[name]), f"{name}=={LOCKED[name]} is outside {dependency}"


@pytest.mark.parametrize("requirement", PYPROJECT["build-system"]["requires"])
def test_the_build_backend_is_pinned_and_locked_at_the_same_version(requirement: str):
    parsed = Requirement(requirement)
    [specifier] = parsed.specifier
    assert specifier.operator == "=="
    assert LOCKED[canonicalize_name(parsed.name)] == specifier.version
