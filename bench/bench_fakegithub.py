"""How much the fake GitHub costs per request, with its OpenAPI checks (prints numbers).

Run: .venv/bin/python bench/bench_fakegithub.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import responses
from github import Auth, Github

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakegithub import ACTIONS_TOKEN, FakeGitHub
from tests.fakegithub.mock import register


def timed(action, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    fake = FakeGitHub("2025-09-17T12:00:00Z")
    fake.add_repo("acme/minutes")
    for n in range(100):
        fake.add_issue("acme/minutes", f"Item {n}", author="alice", labels=["minutes-bot"])
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        register(fake, mock)
        g = Github(
            auth=Auth.Token(ACTIONS_TOKEN), retry=None, seconds_between_requests=0, seconds_between_writes=0
        )
        start = time.perf_counter()
        repo = g.get_repo("acme/minutes")
        print(f"first request (loads the spec): {(time.perf_counter() - start) * 1000:.0f} ms")
        print(f"GET one issue: {timed(lambda: repo.get_issue(1), 20):.1f} ms median")
        print(f"POST one issue: {timed(lambda: repo.create_issue('x'), 20):.1f} ms median")
        issue = repo.get_issue(1)
        print(f"POST one comment: {timed(lambda: issue.create_comment('y'), 20):.1f} ms median")
        print(
            "GET a page of 100 issues: "
            f"{timed(lambda: repo.get_issues(state='all', labels=['minutes-bot']).get_page(0), 5):.0f} ms median"
        )
    print(f"requests served: {len(fake.log)}, contract violations: {len(fake.violations)}")


if __name__ == "__main__":
    main()
