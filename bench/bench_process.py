"""HTTP requests of one `process` run on the example meeting, against the minimum (prints, no asserts).

The fake GitHub serves the COCONUT-SVSM repositories in-process; the pull request list is
the real one from ../shared/corpus when it is there (1,000+ PRs, so listing it takes
several pages), else a small synthetic list. Three worlds: without the run cache, with a
cache file that does not exist yet (a cold start), and with the cache an earlier run left
(warm: only the PRs updated since are listed). In each, two runs: the first processes the
meeting, the second finds nothing new. The first run's reads are held against issue 14's
targets: at most 6 with a warm cache, at most the first release's 15 without one. Last, a crowded world: 1,200 open follow-ups
(`--follow-ups`), each overdue with a reminder, and one run on the new meeting: its comment
reads are bounded (STILL_OPEN_READS in bot/app/run.py).

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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import responses

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app.cache import Cache, load_cache, save_cache  # noqa: E402
from bot.app.process import process  # noqa: E402
from bot.domain.config import load_config  # noqa: E402
from bot.domain.markers import Marker, item_key, render_marker  # noqa: E402
from bot.github.client import GitHubClient  # noqa: E402
from bot.github.pulls import merge  # noqa: E402
from tests.fakegithub import ACTIONS_LOGIN, ACTIONS_TOKEN, FakeGitHub  # noqa: E402
from tests.fakegithub.mock import register  # noqa: E402

EXAMPLE = ROOT / "examples" / "devel-call-2025-09-17.md"
ISSUES = "coconut-svsm/governance"
CODE = "coconut-svsm/svsm"
# Issue 14: reads of the first run on the example meeting, by cache state.
READ_TARGETS = {"none": 15, "cold": 15, "warm": 6}


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


def run_once(
    fake: FakeGitHub, config, root: Path, env: dict[str, str], cache: Path | None = None
) -> tuple[int, list, str]:
    start = len(fake.log)
    client = GitHubClient.from_env(config, env, sleep=lambda _: None)
    out, err = io.StringIO(), io.StringIO()
    code = process(
        config, root, env, dry_run=False, now=fake.now, out=out, err=err, client=client, cache_path=cache
    )
    return code, fake.log[start:], err.getvalue()


def describe(entries: list) -> str:
    counts = Counter(f"{e.method} {e.operation or e.path}" for e in entries)
    return "\n".join(f"      {n:3d}  {what}" for what, n in sorted(counts.items()))


def warm_cache(fake: FakeGitHub, config, env: dict[str, str], path: Path) -> str:
    """An earlier run's cache: the PR list synced, then a week of activity on GitHub after it.

    The fake dates pull requests by creation and closing only, so "after the sync" is after
    the newest of those; the activity is comments on five PRs, one merged, two new ones.
    """
    client = GitHubClient.from_env(config, env, sleep=lambda _: None)
    snapshot = merge(None, client.pull_items(CODE))
    save_cache(path, Cache(pulls={CODE: snapshot}), print)
    fake.now = snapshot.synced + timedelta(days=1)
    pulls = sorted(fake.issues(CODE, pulls=True), key=lambda i: i.number)
    open_pulls = [p for p in pulls if p.state == "open"]
    for pull in open_pulls[:5]:
        fake.add_comment(CODE, pull.number, "Rebased.", as_user="reviewer")
    fake.advance(hours=1)
    fake.edit_issue(CODE, open_pulls[5].number, as_user="maintainer", state="closed")
    for n in range(2):
        fake.add_pull(CODE, title=f"New work {n}", author="newcomer")
    return f"synced {snapshot.synced:%Y-%m-%d}, then 5 PRs commented, 1 closed, 2 opened"


def full_list_matches(fake: FakeGitHub, config, env: dict[str, str], path: Path) -> bool:
    """Whether the cached list, refreshed as the next run would, is what a full listing returns."""
    client = GitHubClient.from_env(config, env, sleep=lambda _: None)
    cached = load_cache(path, print).pulls[CODE]
    refreshed = merge(cached, client.pull_items(CODE, cached.synced))
    return refreshed.items == merge(None, client.pull_items(CODE)).items


@contextmanager
def served_example(fake: FakeGitHub) -> Iterator[Path]:
    """A scratch minutes checkout holding the example meeting, with the fake serving the API."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
    ):
        register(fake, mock)
        root = Path(tmp) / "minutes"
        (root / "Meetings").mkdir(parents=True)
        shutil.copy(EXAMPLE, root / "Meetings" / EXAMPLE.name)
        yield root


def scenario(label: str, config, shared: Path, cache: str) -> None:
    """One fresh COCONUT-SVSM world; `cache`: "none" (no --cache), "cold" (no file yet) or "warm"."""
    fake = FakeGitHub("2025-09-18T09:00:00Z")
    source, env = coconut_world(fake, config, shared)
    # The corpus list runs past the example meeting: start the clock after its newest PR, so
    # that GitHub's updated_at only moves forward, as it does on GitHub.
    fake.now = max(i.updated_at for i in fake.issues(CODE, pulls=True)) + timedelta(hours=1)
    with served_example(fake) as root:
        path = None if cache == "none" else root.parent / "cache" / "minutes-bot.json"
        note = warm_cache(fake, config, env, path) if cache == "warm" else ""
        print(f"\n== {label}; {source}" + (f"\n   cache: {note}" if note else ""))
        for run in ("first run (new meeting)", "second run (nothing new)"):
            code, entries, err = run_once(fake, config, root, env, path)
            reads = [e for e in entries if e.method == "GET"]
            writes = [e for e in entries if e.method != "GET"]
            issues = [e for e in writes if e.operation == "issues/create"]
            comments = [e for e in writes if e.operation == "issues/create-comment"]
            listings = 1 + len(config.pull_requests.repositories) if issues or comments else 1
            minimum_writes = len(issues) + len(comments)
            print(f"\n  {run}: exit {code}, {len(entries)} requests")
            print(f"    reads  {len(reads):4d}   (minimum: {listings} listing(s), one per repository)")
            if run.startswith("first"):
                target = READ_TARGETS[cache]
                verdict = "met" if len(reads) <= target else "MISSED"
                print(f"    target: at most {target} reads: {verdict}")
            print(describe(reads))
            print(f"    writes {len(writes):4d}   (minimum: {minimum_writes}, one per issue or comment)")
            print(describe(writes))
            if err.strip():
                print("    stderr: " + err.strip().replace("\n", "\n            "))
        if path is not None:
            print(
                f"\n  cached PR list, refreshed, equals a full listing: {full_list_matches(fake, config, env, path)}"
            )
        print(f"  issues on GitHub: {len(fake.issues(ISSUES))}; contract violations: {len(fake.violations)}")


def crowded(config, shared: Path, count: int) -> None:
    """A repository with `count` open follow-ups, each overdue with one reminder: one new meeting."""
    fake = FakeGitHub("2025-08-01T09:00:00Z")
    source, env = coconut_world(fake, config, shared)
    for n in range(count):
        marker = Marker(kind="follow-up", key=item_key("Meetings/devel-call-2025-07-30.md", f"item {n}"))
        body = f"Owners: Ada (@ada)\nDue: 2025-08-06\n\n> item {n}\n\n{render_marker(marker)}\n"
        issue = fake.add_issue(
            ISSUES, f"Item {n}", author=ACTIONS_LOGIN, body=body, labels=("minutes-bot", "follow-up")
        )
        fake.add_comment(
            ISSUES, issue.number, "A reminder.", as_user=ACTIONS_LOGIN, at="2025-08-11T09:00:00Z"
        )
    fake.now = max(i.updated_at for i in fake.issues(CODE, pulls=True)) + timedelta(hours=1)
    with served_example(fake) as root:
        code, entries, _ = run_once(fake, config, root, env)
        reads = [e for e in entries if e.method == "GET"]
        print(f"\n== {count} open follow-ups, each overdue with a reminder; no cache; {source}")
        print(f"  one run on a new meeting: exit {code}, reads {len(reads)}")
        print(describe(reads))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--follow-ups", type=int, default=1200, help="open follow-ups of the crowded world")
    args = parser.parse_args()
    config = load_config(ROOT / "config" / "minutes-bot.yml")
    config = config.model_copy(
        update={"writes": config.writes.model_copy(update={"min_interval_seconds": 0})}
    )
    print(f"example meeting: {EXAMPLE.relative_to(ROOT)}")
    scenario("without a cache (no --cache)", config, args.shared, "none")
    scenario("cold cache (--cache FILE, no file yet)", config, args.shared, "cold")
    scenario("warm cache (--cache FILE from an earlier run)", config, args.shared, "warm")
    crowded(config, args.shared, args.follow_ups)


if __name__ == "__main__":
    main()
