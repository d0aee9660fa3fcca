"""One `process` run: find new minutes, plan their writes, apply them, report.

This is the I/O shell around the pure core (parse, extract, plan, render): it reads the
minutes folder, asks `bot/github.py` for state and to apply, and writes the job summary.
A meeting is done when its meeting issue exists (the planner writes it last); any other
meeting is planned again from GitHub's state, so a run that stopped anywhere, by a crash,
the write budget or a rate limit, is completed by the next one without duplicates. A
meeting with a refused write (a permission missing, a 422) stays unsettled, and so do the
later meetings of its series: the next run tries the refused write again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel

from bot.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.annotations import (
    digest_annotations,
    format_all,
    format_annotation,
    in_actions,
    skipped_file_annotation,
)
from bot.cache import Cache, load_cache, save_cache
from bot.config import Config, Series
from bot.config_check import series_warning
from bot.errors import InputError
from bot.escape import log_safe
from bot.extract import extract
from bot.github import Applied, ApplyReport, GitHubClient, GitHubError, Outcome, Problem, WriteBudget
from bot.minutes import read_minutes
from bot.minutes_files import MinutesFile, count_files, select, series_glob
from bot.models import Meeting, MeetingDigest, PullRequest
from bot.plan import (
    PlanContext,
    carry_targets,
    held,
    item_keys,
    meeting_key,
    not_commented,
    plan_meeting,
    planned_writes,
    reference_key,
)
from bot.pulls import merge, pulls_from_json
from bot.remind import still_open_from_earlier_calls
from bot.remind_run import with_comments
from bot.render import summary
from bot.state import Comment, RepoState
from bot.step_summary import append_step_summary

_MAX_PASSES = 3  # items, then the meeting issue; one spare for labels created on the way
# Comment listings a run spends on the meeting issue's "still open from earlier calls" flags,
# the longest-quiet follow-ups first: with 1,200 open follow-ups and no run cache, reading
# them all would spend the 1,000 requests an hour of GITHUB_TOKEN before the first write.
# The run cache keeps what was read, so later runs read only what changed and catch up.
STILL_OPEN_READS = 100
_REMOTE = re.compile(r"github\.com[:/]([^/\s]+/[^/\s]+?)(?:\.git)?/?$")


class Totals(BaseModel):
    new_meetings: int = 0
    completed: int = 0
    created: int = 0
    commented: int = 0
    skipped: int = 0
    left: int = 0
    problems: list[str] = []
    stopped: bool = False
    started: int = 0
    not_started: int = 0  # new meetings not reached because the run stopped early
    unsettled: int = 0  # meetings left open because GitHub refused one of their writes
    failed: bool = False
    held: list[str] = []  # meetings over writes.max_per_meeting: why, and how to let them through


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


class Warner:
    """Warnings on stderr; in Actions also as annotations pinned to the minutes file and line."""

    def __init__(self, err: TextIO, annotate: bool) -> None:
        self.err = err
        self.annotate = annotate
        self.messages: list[str] = []  # repeated in the job summary, where a maintainer looks

    def __call__(self, message: str, file: str | None = None) -> None:
        self.messages.append(message)
        print(log_safe(f"minutes-bot: warning: {message}"), file=self.err)
        if self.annotate and file:
            print(format_annotation(skipped_file_annotation(file, message)), file=self.err)

    def digest(self, digest: MeetingDigest) -> None:
        """Names not in the roster, owner-less follow-ups, ambiguous PRs: on their lines."""
        if self.annotate:
            self.err.write(format_all(digest_annotations(digest)))


def find_minutes(
    root: Path, repo_root: Path, series: Series, config: Config, warn: Warner
) -> list[MinutesFile]:
    """The series' minutes files that can be read safely; the others are skipped with a warning."""
    folder = root / series.directory
    if not folder.is_dir():
        raise InputError(f"{folder}: minutes folder not found (series {series.name!r}: directory)")
    inside = folder.resolve()
    if not inside.is_relative_to(repo_root):
        raise InputError(f"{folder}: resolves to {inside}, outside the minutes checkout {repo_root}")
    found: list[MinutesFile] = []
    candidates = series_glob(root, series)
    if warning := series_warning(series, count_files(candidates)):
        warn(warning)
    for file in candidates or []:
        where = (inside / file.name).relative_to(repo_root).as_posix()  # as GitHub names it
        if file.is_symlink():
            warn(f"{file}: skipped, a symbolic link", where)
            continue
        if not file.is_file():
            continue
        real = file.resolve()
        if not real.is_relative_to(inside):
            warn(f"{file}: skipped, outside {folder}", where)
            continue
        size = real.stat().st_size
        if size > config.writes.max_file_bytes:
            warn(
                f"{file}: skipped, {size} bytes is over writes.max_file_bytes ({config.writes.max_file_bytes})",
                where,
            )
            continue
        path = real.relative_to(repo_root).as_posix()
        try:
            meeting = read_minutes(real.read_bytes(), path)
        except InputError as exc:
            warn(f"skipped: {exc}", where)
            continue
        except OSError as exc:
            warn(f"{file}: skipped, cannot read: {exc.strerror or exc}", where)
            continue
        found.append(MinutesFile(series=series, path=path, meeting=meeting))
    return found


class Run:
    """The state of one run: client (None in a dry run without a token), budget, totals."""

    def __init__(
        self,
        config: Config,
        client: GitHubClient | None,
        *,
        dry_run: bool,
        out: TextIO,
        err: TextIO,
        now: datetime,
        warn: Warner | None = None,
    ) -> None:
        self.config = config
        self.client = client
        self.dry_run = dry_run
        self.out = out
        self.err = err
        self.budget = WriteBudget(config.writes.max_writes)
        self.totals = Totals()
        self.states: dict[str, RepoState] = {}
        self.assignable: dict[tuple[str, str], bool] = {}
        self.pulls: list[PullRequest] | None = None
        self.shown_labels: set[tuple[str, str]] = set()
        self.now = now
        self.warn = warn or Warner(err, annotate=False)
        self.harvested: dict[str, set[int]] = {}
        self.kept: dict[str, Comment] = {}  # "owner/repo#123" -> the bot's kept-up-to-date comment
        # Series with an unsettled meeting: their later meetings wait, so that none settles
        # before an earlier one (a run without start_date looks only from the newest settled on).
        self.blocked: set[str] = set()
        self.cache = Cache()  # what earlier runs read (bot/cache.py); saved back at the end

    def state(self, repository: str, label: str) -> RepoState:
        if repository not in self.states:
            if self.client is None:
                self.states[repository] = RepoState(repository=repository, bot_login="(dry run)")
            else:
                self.states[repository] = self.client.read_state(repository, label, comments=False)
        return self.states[repository]

    def pull_list(self) -> list[PullRequest]:
        """Each code repository's pull requests: what changed since the cached list, or all of them."""
        if self.pulls is None:
            self.pulls = []
            if self.client is not None:
                for repository in self.config.pull_requests.repositories:
                    snapshot = self.cache.pulls.get(repository)
                    since = snapshot.synced if snapshot else None
                    snapshot = merge(snapshot if since else None, self.client.pull_items(repository, since))
                    self.cache.pulls[repository] = snapshot
                    self.pulls += pulls_from_json(
                        snapshot.items, f"pull requests of {repository}", repository
                    )
        return self.pulls

    def _assignable(self, repository: str, logins: set[str]) -> frozenset[str] | None:
        if self.client is None:
            return None
        for login in sorted(logins):
            if (repository, login) not in self.assignable:
                self.assignable[repository, login] = self.client.can_assign(repository, login)
        return frozenset(login for login in logins if self.assignable[repository, login])

    def meeting(
        self, file: MinutesFile, issues_repository: str, minutes_repository: str, commit: str
    ) -> None:
        state = self.states[issues_repository]
        digest = extract(file.meeting, self.config, self.pull_list())
        # Markers read from here on (the targets' comments, a since-listing of the issues
        # repository before its first create) are fresh for this meeting's writes.
        fresh_from = self.client.mark() if self.client is not None else None
        self.warn.digest(digest)
        hold = held(
            planned_writes(digest, state, self.config, issues_repository), file.path, file.series, self.config
        )
        if hold:
            self.totals.held.append(hold)
            self.warn(hold, file.path)
            return
        problems = self.read_targets(file, digest, state, issues_repository)
        self.totals.skipped += sum(1 for key in item_keys(digest) if key in state.markers)
        quotes = quotes_of(file.meeting)
        authors = {f"{p.repository.lower()}#{p.number}": p.author for p in self.pull_list() if p.author}
        owners = {login for follow_up in digest.follow_ups for login in follow_up.owners}
        stopped = self.reminders_stopped(issues_repository, file.series)
        for _ in range(_MAX_PASSES):
            context = PlanContext(
                series=file.series,
                issues_repository=issues_repository,
                minutes_repository=minutes_repository,
                commit=commit,
                quotes=quotes,
                assignable=self._assignable(issues_repository, owners),
                authors=authors,
                problems=problems,
                meeting=file.meeting,
                pulls=tuple(self.pull_list()),
                now=self.now,
                reminders_stopped=stopped,
                kept_comments=self.kept,
            )
            self.harvest(issues_repository, carry_targets(digest, state, self.config, context), state)
            actions = plan_meeting(digest, state, self.config, context)
            if not actions:
                return
            if self.client is None or self.dry_run:
                report = self.show(actions)
            else:
                report = self.client.apply(actions, self.budget, fresh_from=fresh_from)
            self.record(report, state, problems)
            if self.settled(report, file, meeting_key(file.path) in state.markers):
                return

    def read_targets(
        self, file: MinutesFile, digest: MeetingDigest, state: RepoState, issues_repository: str
    ) -> dict[str, str]:
        """Learn the bot's markers on the PRs and issues it will comment on; the missing ones.

        Returns marker key -> why it cannot be written (the target does not exist): settled
        for this meeting, listed in its issue instead of commented on.
        """
        problems: dict[str, str] = {}
        since = comments_since(file.meeting.date)
        # The one comment kept per PR may be months old: read all of the PR's comments then.
        kept_mode = self.config.carry_over.pull_request_comments == "single"
        for ref in digest.references:
            key = reference_key(file.path, ref.repository, ref.number)
            if key in state.markers or key in problems or self.client is None:
                continue
            if not_commented(ref, self.config, issues_repository):
                continue  # listed in the meeting issue, never commented: no need to read it
            comments = self.client.list_comments(
                ref.repository, ref.number, since=None if kept_mode else since
            )
            if comments is None:
                problems[key] = f"{ref.repository}#{ref.number} not found"
                continue
            for comment in comments:
                self.learn(state, f"{ref.repository.lower()}#{ref.number}", comment)
        return problems

    def settled(self, report: ApplyReport, file: MinutesFile, recorded: bool) -> bool:
        """Count how a pass ended; True when the meeting needs no further pass in this run.

        `recorded`: the meeting issue is in the state (written now or found there).
        """
        if report.stopped:
            self.totals.stopped = True
            if report.left and not recorded:
                self.totals.left += 1  # its meeting issue, planned once the items are written
            return True
        if report.refused:
            self.totals.unsettled += 1
            self.blocked.add(file.series.name)
            return True
        if any(isinstance(a.action, CreateIssue) and a.action.marker.kind == "meeting" for a in report.done):
            self.totals.completed += 1
            return True
        return False

    def pending(
        self, found: list[tuple[Series, str, list[MinutesFile]]], today: date
    ) -> list[tuple[MinutesFile, str]]:
        """The meetings this run settles, oldest first; those already settled count as skipped."""
        work: list[tuple[MinutesFile, str]] = []
        for series, issues_repository, files in found:
            markers = self.state(issues_repository, series.labels.bot).markers
            done = {file.path for file in files if meeting_key(file.path) in markers}
            work += [(file, issues_repository) for file in select(files, series, today, done, self.warn)]
        work.sort(key=lambda item: (item[0].meeting.date, item[0].path))
        pending = []
        for file, issues_repository in work:
            if meeting_key(file.path) in self.states[issues_repository].markers:
                self.totals.skipped += 1
            else:
                pending.append((file, issues_repository))
        self.totals.new_meetings = len(pending)
        return pending

    def reminders_stopped(self, repository: str, series: Series) -> frozenset[int]:
        """Follow-ups the reminders stopped pinging about, flagged in the meeting issue's list.

        Needs the comments of the follow-ups that are due, as `remind` reads them: only those
        whose listing shows a change since the cache saw them, and at most STILL_OPEN_READS
        (the others are not flagged this run); skipped in a dry run without a token and when
        the meeting issue lists nothing from earlier calls.
        """
        if self.client is None or not self.config.carry_over.list_outstanding:
            return frozenset()
        state = self.state(repository, series.labels.bot)
        state = with_comments(self.client, state, self.config, self.now, self.cache, STILL_OPEN_READS)
        return frozenset(item.number for item in still_open_from_earlier_calls(state, self.config, self.now))

    def keep(self, action: CreateComment | UpdateComment, written: Comment | None) -> None:
        """The kept comment as just written, so a later meeting of this run extends it."""
        if isinstance(action, UpdateComment):
            target = next((t for t, c in self.kept.items() if c.id == action.comment_id), None)
            if target is not None:
                self.kept[target] = self.kept[target].model_copy(
                    update={"body": action.body, "marker": action.marker}
                )
        elif written is not None:
            target = f"{action.repository.lower()}#{action.number}"
            self.kept[target] = written.model_copy(update={"body": action.body, "marker": action.marker})

    def learn(self, state: RepoState, target: str, comment: Comment) -> None:
        """Record the bot's markers on a PR's comment; a kept comment answers for several meetings."""
        marker = comment.marker
        if marker is None:
            return
        state.markers[marker.key] = marker
        for key in marker.covers:
            state.markers[key] = marker
        if marker.covers:
            self.kept[target] = comment

    def harvest(self, repository: str, numbers: set[int], state: RepoState) -> None:
        """Learn the markers of the bot's comments on these issues, once each per run.

        Carry-over comments live on earlier follow-up issues, whose comments the state
        listing does not read; without them a rerun would comment a second time. An issue
        the listing shows without comments has none to read (one written since is found by
        the check before the bot's own comment, bot/github.py).
        """
        if self.client is None:
            return
        bare = {issue.number for issue in state.issues if issue.comment_count == 0}
        for number in sorted(numbers - bare - self.harvested.setdefault(repository, set())):
            self.harvested[repository].add(number)
            for comment in self.client.list_comments(repository, number) or []:
                if comment.marker is not None:
                    state.markers[comment.marker.key] = comment.marker

    def show(self, actions: list[Action]) -> ApplyReport:
        """Dry run: print every write that fits the budget in full, and pretend it was done.

        Writes past `writes.max_writes` are counted as left for the next run, as a real run
        would leave them; labels are not counted (most already exist).
        """
        report = ApplyReport()
        for index, action in enumerate(actions):
            if isinstance(action, EnsureLabel):
                if (action.repository, action.name) not in self.shown_labels:
                    self.shown_labels.add((action.repository, action.name))
                    print(log_safe(f"* ensure label {action.name!r} in {action.repository}"), file=self.out)
                report.present.append(Applied(action=action))
                continue
            if not self.budget.take():
                report.left = [a for a in actions[index:] if not isinstance(a, EnsureLabel)]
                print(
                    f"* budget spent (writes.max_writes: {self.budget.limit}): "
                    f"{len(report.left)} more write(s) of this meeting left for the next run",
                    file=self.out,
                )
                break
            print(log_safe(describe(action)), file=self.out)
            report.done.append(Applied(action=action))
        return report

    def record(self, report: ApplyReport, state: RepoState, problems: dict[str, str]) -> None:
        for applied in [*report.done, *report.present]:
            action = applied.action
            if isinstance(action, UpdateIssue) and action.state:
                state.issues = [
                    issue.model_copy(update={"state": action.state})
                    if (issue.repository, issue.number) == (action.repository, action.number)
                    else issue
                    for issue in state.issues
                ]
            if isinstance(action, CreateIssue | CreateComment | UpdateComment):
                state.markers[action.marker.key] = action.marker
                for key in action.marker.covers:
                    state.markers[key] = action.marker
                if applied.issue is not None:
                    state.issues.append(applied.issue.model_copy(update={"marker": action.marker}))
            if isinstance(action, CreateComment | UpdateComment) and action.marker.covers:
                self.keep(action, applied.comment)
        for applied in report.done:
            if isinstance(applied.action, CreateIssue):
                self.totals.created += 1
            elif isinstance(applied.action, CreateComment | UpdateComment):
                self.totals.commented += 1
        self.totals.skipped += sum(1 for a in report.present if not isinstance(a.action, EnsureLabel))
        self.totals.left += len(report.left)
        for problem in report.errors:
            self.problem(problem)
            action = problem.action
            if problem.outcome is Outcome.SKIP and isinstance(action, CreateIssue | CreateComment):
                problems[action.marker.key] = problem.reason

    def problem(self, problem: Problem) -> None:
        self.totals.problems.append(problem.line())
        self.totals.failed = True
        print(log_safe(f"minutes-bot: {problem.line()}"), file=self.err)


def quotes_of(meeting: Meeting) -> dict[int, str]:
    """Minutes line -> the text quoted for it: the first statement on that line."""
    quotes: dict[int, str] = {}
    for statement in meeting.statements:
        quotes.setdefault(statement.line, statement.text)
    return quotes


def comments_since(meeting_date: date | None) -> datetime | None:
    """How far back a PR's comments are read: two days before the meeting, or all without a date."""
    if meeting_date is None:
        return None
    return datetime.combine(meeting_date, datetime.min.time()) - timedelta(days=2)


def describe(action: Action) -> str:
    """The full text of one planned write, for --dry-run."""
    lines: list[str] = []
    if isinstance(action, CreateIssue):
        lines.append(f"* open issue in {action.repository}: {action.title}")
        lines.append(f"  labels: {', '.join(action.labels) or '-'}")
        lines.append(f"  assignees: {', '.join(action.assignees) or '-'}")
    elif isinstance(action, CreateComment):
        lines.append(f"* comment on {action.repository}#{action.number}")
    elif isinstance(action, UpdateComment):
        lines.append(f"* edit the bot's comment {action.comment_id} in {action.repository}: {action.reason}")
    elif isinstance(action, UpdateIssue) and action.state == "closed":
        lines.append(f"* close {action.repository}#{action.number} as {action.state_reason}: {action.reason}")
    else:
        lines.append(f"* {action.op} in {action.repository}")
    body = getattr(action, "body", None) or ""
    lines += [f"  | {line}" if line else "  |" for line in body.rstrip("\n").split("\n")]
    return "\n".join(lines)


def _repository_of_checkout(root: Path, env: Mapping[str, str]) -> str | None:
    """Where the minutes live, for permalinks: the checkout's own remote first, since the
    workflow may run in another repository (svsm) than the minutes it checked out."""
    remote = _git(root, "remote", "get-url", "origin")
    match = _REMOTE.search(remote or "")
    if match:
        return match.group(1)
    return env.get("GITHUB_REPOSITORY") or None


def process(
    config: Config,
    root: Path,
    env: Mapping[str, str],
    *,
    dry_run: bool,
    now: datetime,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client: GitHubClient | None = None,
    pulls: list[PullRequest] | None = None,
    cache_path: Path | None = None,
) -> int:
    """Run `process`; returns the exit status (0 done, 1 something failed and waits for the next run).

    `pulls`, when given, replaces the live pull request list (an offline dry run, a demo).
    `cache_path`: the run cache (`bot/cache.py`), read and written back; None reads everything.
    """
    out, err = out or sys.stdout, err or sys.stderr
    if not root.is_dir():
        raise InputError(f"{root}: minutes directory not found")
    repo_root = Path(_git(root, "rev-parse", "--show-toplevel") or root).resolve()
    commit = _git(root, "rev-parse", "HEAD") or env.get("GITHUB_SHA")
    minutes_repository = _repository_of_checkout(root, env)
    if client is None and (env.get("GITHUB_TOKEN") or not dry_run):
        client = GitHubClient.from_env(config, env)
    if commit is None:
        if not dry_run:
            raise InputError(
                f"{root}: not a git checkout and GITHUB_SHA is not set: no commit for the permalinks"
            )
        commit = "HEAD"
    warn = Warner(err, in_actions(env))
    run = Run(config, client, dry_run=dry_run, out=out, err=err, now=now, warn=warn)
    run.pulls = pulls
    run.cache = load_cache(cache_path, warn)
    found = _series_minutes(config, root, repo_root, env, warn)
    try:
        for file, issues_repository in run.pending(found, now.date()):
            if run.totals.stopped:
                break
            if file.series.name in run.blocked:
                continue
            run.totals.started += 1
            heading = f"== {file.path} ({file.meeting.title or file.series.name}, {file.meeting.date})"
            print(log_safe(heading), file=out)
            run.meeting(file, issues_repository, minutes_repository or issues_repository, commit)
    except GitHubError as exc:
        run.totals.stopped = True
        if exc.verdict.outcome is Outcome.WAIT:
            # Rate limited for longer than allowed: not a failure, the next run goes on.
            print(log_safe(f"minutes-bot: {exc}; stopping, the rest is left for the next run"), file=err)
        else:
            run.problem(Problem(request=exc.request, outcome=exc.verdict.outcome, reason=exc.verdict.reason))
    finally:
        save_cache(cache_path, run.cache, warn)
    return _finish(run, env, warn, dry_run=dry_run, out=out, err=err)


def _series_minutes(
    config: Config, root: Path, repo_root: Path, env: Mapping[str, str], warn: Warner
) -> list[tuple[Series, str, list[MinutesFile]]]:
    """Each series with its issues repository and its minutes files, in config order."""
    found: list[tuple[Series, str, list[MinutesFile]]] = []
    for index, series in enumerate(config.series):
        issues_repository = series.issues_repository or env.get("GITHUB_REPOSITORY")
        if not issues_repository:
            raise InputError(f"series[{index}].issues_repository is not set and neither is GITHUB_REPOSITORY")
        found.append((series, issues_repository, find_minutes(root, repo_root, series, config, warn)))
    return found


def _finish(
    run: Run, env: Mapping[str, str], warn: Warner, *, dry_run: bool, out: TextIO, err: TextIO
) -> int:
    """What is left for the next run, the summary (stdout and the job summary), the exit status."""
    totals = run.totals
    totals.not_started = totals.new_meetings - totals.started
    if totals.left or totals.not_started or totals.unsettled:
        print(
            f"minutes-bot: left for the next run: {totals.left} write(s), {totals.not_started} meeting(s) "
            f"not started, {totals.unsettled} meeting(s) unsettled by a refused write",
            file=err,
        )
    text = summary(
        meetings=f"{totals.completed} of {totals.new_meetings}",
        created=totals.created,
        commented=totals.commented,
        skipped=totals.skipped,
        left=totals.left,
        problems=totals.problems,
        warnings=warn.messages,
        dry_run=dry_run,
        budget=(run.budget.used, run.budget.limit),
        not_started=totals.not_started,
        held=totals.held,
    )
    append_step_summary(env, text, err)
    print(log_safe(text), file=out, end="")
    return 1 if totals.failed else 0
