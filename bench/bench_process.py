"""HTTP requests of one `process` run on the example meeting, against the minimum (prints, no asserts).

The fake GitHub serves the COCONUT-SVSM repositories in-process; the pull request list is
the real one from ../shared/corpus when it is there (1,000+ PRs, so listing it takes
several pages), else a small synthetic list. Two runs: the first processes the meeting,
the second finds nothing new.

Run: .venv/bin/python bench/bench_process.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import responses

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.github import GitHubClient  # noqa: E402
from bot.process import process  # noqa: E402
from tests.fakegithub import ACTIONS_TOKEN, FakeGitHub  # noqa: E402
from tests.fakegithub.mock import register  # noqa: E402

EXAMPLE = ROOT / "examples" / "devel-call-2025-09-17.md"
ISSUES = "coconut-svsm/governance"
CODE = "coconut-svsm/svsm"


def load_pulls(fake: FakeGitHub, shared: Path) -> str:
    corpus = shared / "corpus" / "coconut-svsm-pulls.json"
    if corpus.is_file():
        pulls = json.loads(corpus.read_text(encoding="utf-8"))
        source = f"{len(pulls)} real pull requests from {corpus}"
    else:
        pulls = [
            {
                "number": n,
                "title": f"Change {n}",
                "user": {"login": "octocat"},
                "created_at": "2025-09-01T00:00:00Z",
            }
            for n in range(800, 810)
        ]
        source = f"{len(pulls)} synthetic pull requests (no {corpus})"
    for pull in sorted(pulls, key=lambda p: p["number"]):
        fake.add_pull(
            CODE,
            pull["number"],
            pull.get("title") or "",
            (pull.get("user") or {}).get("login") or "ghost",
            pull.get("created_at"),
            pull.get("merged_at"),
            closed_at=pull.get("closed_at"),
        )
    return source


def coconut_world(fake: FakeGitHub, config, shared: Path) -> tuple[str, dict[str, str]]:
    """The two COCONUT-SVSM repositories on the fake, the roster as collaborators, the PR list."""
    fake.add_repo(ISSUES)
    fake.add_repo(CODE)
    for person in config.people:
        fake.add_collaborator(ISSUES, person.github)
    source = load_pulls(fake, shared)
    env = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": ISSUES, "GITHUB_SHA": "0" * 40}
    return source, env


def run_once(fake: FakeGitHub, config, root: Path, env: dict[str, str]) -> tuple[int, list, str]:
    start = len(fake.log)
    client = GitHubClient.from_env(config, env, sleep=lambda _: None)
    out, err = io.StringIO(), io.StringIO()
    code = process(config, root, env, dry_run=False, now=None, out=out, err=err, client=client)
    return code, fake.log[start:], err.getvalue()


def describe(entries: list) -> str:
    counts = Counter(f"{e.method} {e.operation or e.path}" for e in entries)
    return "\n".join(f"      {n:3d}  {what}" for what, n in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    config = load_config(ROOT / "config" / "minutes-bot.yml")
    config = config.model_copy(
        update={"writes": config.writes.model_copy(update={"min_interval_seconds": 0})}
    )
    fake = FakeGitHub("2025-09-18T09:00:00Z")
    source, env = coconut_world(fake, config, args.shared)
    with (
        tempfile.TemporaryDirectory() as tmp,
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
    ):
        register(fake, mock)
        root = Path(tmp)
        (root / "Meetings").mkdir()
        shutil.copy(EXAMPLE, root / "Meetings" / EXAMPLE.name)
        print(f"example meeting: {EXAMPLE.relative_to(ROOT)}; {source}")
        for label in ("first run (new meeting)", "second run (nothing new)"):
            code, entries, err = run_once(fake, config, root, env)
            reads = [e for e in entries if e.method == "GET"]
            writes = [e for e in entries if e.method != "GET"]
            issues = [e for e in writes if e.operation == "issues/create"]
            comments = [e for e in writes if e.operation == "issues/create-comment"]
            listings = 1 + len(config.pull_requests.repositories) if issues or comments else 1
            minimum_writes = len(issues) + len(comments)
            print(f"\n  {label}: exit {code}, {len(entries)} requests")
            print(f"    reads  {len(reads):4d}   (minimum: {listings} listing(s), one per repository)")
            print(describe(reads))
            print(f"    writes {len(writes):4d}   (minimum: {minimum_writes}, one per issue or comment)")
            print(describe(writes))
            if err.strip():
                print("    stderr: " + err.strip().replace("\n", "\n            "))
        print(
            f"\n  issues on GitHub: {len(fake.issues(ISSUES))}; contract violations: {len(fake.violations)}"
        )


if __name__ == "__main__":
    main()
