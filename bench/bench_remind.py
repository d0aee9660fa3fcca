"""What a year of weekly `remind` runs costs in HTTP requests (prints numbers).

Counted, not modelled: each scenario runs the real `remind` (adapter, PyGithub, requests)
against the fake GitHub of `tests/fakegithub`, once a week for a year with the clock set
by `--now`, and counts the requests the fake served. People act by seeding the fake
directly, so only the bot's own requests are counted. Each scenario runs without and with
the run cache (`--cache`, kept from week to week as the Actions cache keeps it).

Run: .venv/bin/python bench/bench_remind.py [--weeks 52] [--open 50] [--cache both|off|on]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import responses

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app.remind import remind
from bot.domain.config import parse_config
from bot.domain.markers import Marker, item_key, render_marker
from bot.github.client import GitHubClient
from tests.fakegithub import ACTIONS_LOGIN, ACTIONS_TOKEN, FakeGitHub
from tests.fakegithub.mock import register

REPO = "acme/governance"
START = datetime(2025, 1, 6, 9, tzinfo=UTC)  # a Monday
CONFIG = """
series:
  - name: Dev Call
    directory: Meetings
    issues_repository: acme/governance
writes: {{min_interval_seconds: 0, max_writes: 100}}
reminders: {{digest_issue: {digest}}}
"""


def follow_up_body(number: int, due: date) -> str:
    marker = Marker(kind="follow-up", key=item_key("Meetings/devel-call-2025-01-01.md", f"item {number}"))
    return f"Owners: Owner {number} (@owner{number % 7})\nDue: {due.isoformat()}\n\n> item {number}\n\n{render_marker(marker)}\n"


def seed(fake: FakeGitHub, open_count: int, closed: int, meetings: int) -> list[int]:
    fake.now = START - timedelta(days=5)
    fake.add_repo(REPO)
    for n in range(closed):
        fake.add_issue(
            REPO,
            f"Done {n}",
            author=ACTIONS_LOGIN,
            body=follow_up_body(10_000 + n, date(2024, 12, 1)),
            labels=("minutes-bot", "follow-up"),
            state="closed",
        )
    for n in range(meetings):
        marker = Marker(kind="meeting", key=f"Meetings/devel-call-{n}.md")
        fake.add_issue(
            REPO, f"Meeting {n}", author=ACTIONS_LOGIN, body=render_marker(marker), labels=("minutes-bot",)
        )
    numbers = []
    for n in range(open_count):
        due = START.date() + timedelta(days=n % 35)  # due dates spread over the first five weeks
        issue = fake.add_issue(
            REPO,
            f"Follow-up {n}",
            author=ACTIONS_LOGIN,
            body=follow_up_body(n, due),
            labels=("minutes-bot", "follow-up"),
        )
        numbers.append(issue.number)
    return numbers


def scenario(
    name: str,
    *,
    weeks: int,
    open_count: int,
    digest: bool = False,
    answer_every: int = 0,
    closed: int = 0,
    meetings: int = 0,
    cache: Path | None = None,
) -> dict:
    fake = FakeGitHub(START)
    numbers = seed(fake, open_count, closed, meetings)
    config = parse_config(CONFIG.format(digest=str(digest).lower()), "bench")
    env = {"GITHUB_TOKEN": ACTIONS_TOKEN, "GITHUB_REPOSITORY": REPO}
    per_run = []
    started = time.perf_counter()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        register(fake, mock)
        for week in range(weeks):
            now = START + timedelta(weeks=week)
            fake.now = now
            fake._quotas.clear()  # runs are a week apart: each starts with a fresh hourly quota
            before = len(fake.log)
            client = GitHubClient.from_env(config, env, sleep=lambda _: None)
            status = remind(
                config,
                env,
                dry_run=False,
                now=now,
                out=io.StringIO(),
                err=sys.stderr,
                client=client,
                cache_path=cache,
            )
            if status:
                raise SystemExit(f"{name}: remind exited {status} in week {week}")
            per_run.append(len(fake.log) - before)
            if answer_every:
                for i, number in enumerate(numbers):  # owners answer in turn, a few each week
                    if (week + i) % answer_every == 0:
                        fake.add_comment(
                            REPO, number, "Still on it.", as_user=f"owner{i % 7}", at=now + timedelta(days=2)
                        )
    bot_comments = [c for c in fake.comments(REPO) if c.user == ACTIONS_LOGIN]
    return {
        "scenario": name,
        "requests": len(fake.log),
        "reads": len(fake.reads),
        "writes": len(fake.writes),
        "max_run": max(per_run),
        "mean_run": sum(per_run) / len(per_run),
        "comments": len(bot_comments),
        "seconds": time.perf_counter() - started,
        "violations": len(fake.violations),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--open", type=int, default=50, dest="open_count")
    parser.add_argument(
        "--cache", choices=["both", "off", "on"], default="both", help="run without and/or with the run cache"
    )
    args = parser.parse_args()
    common = {"weeks": args.weeks, "open_count": args.open_count}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for cached in {"both": (False, True), "off": (False,), "on": (True,)}[args.cache]:
            suffix = ", run cache" if cached else ""

            def cache(name: str, cached: bool = cached) -> Path | None:
                return Path(tmp) / f"{name}.json" if cached else None

            rows += [
                scenario(f"per-issue, nobody answers{suffix}", cache=cache("quiet"), **common),
                scenario(
                    f"per-issue, each owner answers every 4 weeks{suffix}",
                    answer_every=4,
                    cache=cache("answers"),
                    **common,
                ),
                scenario(f"digest, nobody answers{suffix}", digest=True, cache=cache("digest"), **common),
                scenario(
                    f"per-issue, nobody answers, +300 closed +52 meeting issues{suffix}",
                    closed=300,
                    meetings=52,
                    cache=cache("crowded"),
                    **common,
                ),
            ]
    print(
        f"{args.open_count} open follow-ups, {args.weeks} weekly runs, requests counted on the fake GitHub\n"
    )
    print("| scenario | requests | GET | writes | per run (mean / max) | bot comments | wall s |")
    print("| --- | --: | --: | --: | --: | --: | --: |")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['requests']} | {r['reads']} | {r['writes']} | "
            f"{r['mean_run']:.1f} / {r['max_run']} | {r['comments']} | {r['seconds']:.1f} |"
        )
    if any(r["violations"] for r in rows):
        raise SystemExit("the fake reported OpenAPI contract violations")


if __name__ == "__main__":
    main()
