"""A series of calls through `process`, week by week: what carrying follow-ups over does.

Runs the real `process` (adapter, PyGithub, requests) against the in-process fake GitHub
over the consecutive COCONUT-SVSM minutes of a date range, one new minutes file a week with
the clock set to the day after the call, and the real pull request list served by the fake.
Prints issues opened, comments per PR, duplicates, continuations and closed follow-ups with
their evidence, a few real examples, and the reads of all runs (which share the run cache,
so the pull request list is read in full once). Needs ../shared (skips cleanly without it).

Run: .venv/bin/python bench/bench_series.py [--shared ../shared] [--from 2025-09-03] [--to 2025-11-26]
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import responses

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_process import CODE, ISSUES, coconut_world  # noqa: E402

from bot.app.process import process  # noqa: E402
from bot.domain.config import load_config  # noqa: E402
from bot.domain.markers import find_marker  # noqa: E402
from bot.github.client import GitHubClient  # noqa: E402
from bot.parse.dates import find_date  # noqa: E402
from tests.fakegithub import ACTIONS_LOGIN, FakeGitHub  # noqa: E402
from tests.fakegithub.mock import register  # noqa: E402


def bot_bodies(fake: FakeGitHub) -> list[tuple[str, int, str]]:
    """(repository, number, body) of everything the bot wrote: issues and comments."""
    found = []
    for repository in (ISSUES, CODE):
        for issue in fake.issues(repository, pulls=True):
            if issue.user == ACTIONS_LOGIN:
                found.append((repository, issue.number, issue.body or ""))
        for comment in fake.comments(repository):
            if comment.user == ACTIONS_LOGIN:
                found.append((repository, comment.issue_number, comment.body))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2025, 9, 3))
    parser.add_argument("--to", dest="end", type=date.fromisoformat, default=date(2025, 11, 26))
    args = parser.parse_args()
    folder = args.shared / "corpus" / "coconut-svsm"
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return
    files = sorted(
        (found, path)
        for path in folder.glob("devel-call-*.md")
        if (found := find_date(path.name)) and args.start <= found <= args.end
    )
    config = load_config(ROOT / "config" / "minutes-bot.yml")
    config = config.model_copy(
        update={
            "writes": config.writes.model_copy(update={"min_interval_seconds": 0, "max_writes": 200}),
            "series": [config.series[0].model_copy(update={"start_date": args.start})],
            "carry_over": config.carry_over.model_copy(update={"close_on_evidence": True}),
        }
    )
    fake = FakeGitHub(datetime.combine(args.start, time(9), tzinfo=UTC))
    source, env = coconut_world(fake, config, args.shared)
    print(f"{len(files)} meetings from {args.start} to {args.end}; {source}; close_on_evidence on\n")
    with (
        tempfile.TemporaryDirectory() as tmp,
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
    ):
        register(fake, mock)
        root = Path(tmp) / "minutes"
        (root / "Meetings").mkdir(parents=True)
        cache = Path(tmp) / "cache.json"  # the run cache, as the Actions cache keeps it between runs
        failures = 0
        for when, path in files:
            shutil.copy(path, root / "Meetings" / path.name)
            now = datetime.combine(when + timedelta(days=1), time(9), tzinfo=UTC)
            fake.now = now
            client = GitHubClient.from_env(config, env, sleep=lambda _: None)
            out, err = io.StringIO(), io.StringIO()
            code = process(
                config, root, env, dry_run=False, now=now, out=out, err=err, client=client, cache_path=cache
            )
            failures += code != 0
            if code:
                print(f"  {path.name}: exit {code}: {err.getvalue().strip()}")
        rerun_start = len(fake.writes)
        process(
            config,
            root,
            env,
            dry_run=False,
            now=now,
            out=io.StringIO(),
            err=io.StringIO(),
            client=GitHubClient.from_env(config, env, sleep=lambda _: None),
            cache_path=cache,
        )
        report(fake, failures, len(fake.writes) - rerun_start)
        pages = sum(1 for e in fake.reads if e.operation == "pulls/list")
        print(
            f"\nreads over {len(files) + 1} runs with the run cache: {len(fake.reads)}, "
            f"of which {pages} pull request list pages"
        )


def report(fake: FakeGitHub, failures: int, rerun_writes: int) -> None:
    written = bot_bodies(fake)
    keys = Counter(marker.key for _, _, body in written if (marker := find_marker(body)))
    kinds = Counter(marker.kind for _, _, body in written if (marker := find_marker(body)))
    per_pull = Counter(number for repository, number, body in written if repository == CODE)
    issues = [i for i in fake.issues(ISSUES) if i.user == ACTIONS_LOGIN]
    follow_ups = [i for i in issues if (m := find_marker(i.body)) and m.kind == "follow-up"]
    closed = [i for i in follow_ups if i.state == "closed"]
    continued = [b for r, n, b in written if r == ISSUES and "came up again" in b]
    done = [(n, b) for r, n, b in written if r == ISSUES and "This looks done" in b]
    print(f"runs that failed: {failures}; writes of a rerun after the last call: {rerun_writes}")
    print(f"issues opened: {len(follow_ups)} follow-ups, {kinds['meeting']} meeting issues")
    print(f"duplicates (a marker key written twice): {sum(n - 1 for n in keys.values() if n > 1)}")
    print(f"continuations (a restated follow-up commented instead of a new issue): {len(continued)}")
    print(f"follow-ups shown done: {len(done)} ({len(closed)} closed)")
    by_source = Counter("merged PR" if "was merged on" in body else "minutes" for _, body in done)
    print(f"  evidence: {dict(by_source)}")
    spread = Counter(per_pull.values())
    print(
        f"PRs commented on: {len(per_pull)}; comments per PR: "
        + ", ".join(f"{count} PR(s) with {n}" for n, count in sorted(spread.items()))
    )
    top = ", ".join(f"#{number}: {count}" for number, count in per_pull.most_common(5))
    print(f"  most discussed: {top}")
    examples = [
        ("continuation", continued[:1]),
        ("done by minutes", [b for _, b in done if "says" in b][:1]),
        ("done by merged PR", [b for _, b in done if "was merged on" in b][:1]),
    ]
    closed_titles = [f"#{i.number} {i.title}" for i in closed]
    if closed_titles:
        print("  closed: " + "; ".join(closed_titles))
    meetings = [i for i in issues if (m := find_marker(i.body)) and m.kind == "meeting"]
    if meetings:
        body = meetings[-1].body
        start = body.find("### Still open from earlier calls")
        if start != -1:
            examples.append(
                ("still open in the last meeting issue", [body[start : body.find("###", start + 4)]])
            )
    most, _ = per_pull.most_common(1)[0] if per_pull else (None, 0)
    if most is not None:
        firsts = [b.splitlines()[0] for r, n, b in written if r == CODE and n == most]
        examples.append((f"the comments on #{most}, one per meeting", ["\n".join(firsts)]))
    for label, bodies in examples:
        for body in bodies:
            text = "\n".join(line for line in body.splitlines() if not line.startswith("<!--"))
            print(f"\n--- example: {label}\n{text.strip()}")


if __name__ == "__main__":
    main()
