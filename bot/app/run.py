"""The work of one `process` run: each pending meeting planned, written and recorded, pass by pass.

`Run` holds what a run learns as it goes (GitHub's state per issues repository, the pull
request list, the write budget, the totals) and drives plan → apply → record for each
meeting until it settles or GitHub stops the run. The decisions are pure and handed in
(`extract`, `plan`: a test can pin either); what it reads and writes goes through
`bot/github/client.py`; what it prints comes from `bot/render/process.py`. The command
around it (the checkout, the client, the cache, the summary) is `bot/app/process.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TextIO

from bot.app.cache import Cache
from bot.app.remind import with_comments
from bot.domain.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment
from bot.domain.config import Config, Series
from bot.domain.minutes_files import MinutesFile, select
from bot.domain.models import Findings, Meeting, PullRequest
from bot.domain.record import keep, kept_after, learn, record, unwritable
from bot.domain.state import Comment, RepoState, issue_ref
from bot.extract import extract as extract_findings
from bot.github.client import ApplyReport, GitHubClient, GitHubError, Outcome, Problem, WriteBudget
from bot.github.pulls import merge, pulls_from_json
from bot.plan.items import (
    MeetingConfig,
    PlanContext,
    item_keys,
    meeting_key,
    not_commented,
    quotes_of,
    reference_key,
)
from bot.plan.meeting import Carry, carry, carry_targets, held, plan_meeting, planned_writes
from bot.plan.remind import still_open_from_earlier_calls
from bot.render.escape import log_safe
from bot.render.process import Totals, Warner, meeting_heading, show

# The two steps a run is given (tests give their own): minutes to findings, findings to writes.
Extract = Callable[[Meeting, Config, list[PullRequest]], Findings]
Plan = Callable[[Findings, RepoState, MeetingConfig, PlanContext, Carry], list[Action]]

_MAX_PASSES = 3  # items, then the meeting issue; one spare for labels created on the way
# Comment listings a run spends on the meeting issue's "still open from earlier calls" flags,
# the longest-quiet follow-ups first: with 1,200 open follow-ups and no run cache, reading
# them all would spend the 1,000 requests an hour of GITHUB_TOKEN before the first write.
# The run cache keeps what was read, so later runs read only what changed and catch up.
STILL_OPEN_READS = 100


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
        extract: Extract = extract_findings,
        plan: Plan = plan_meeting,
        still_open_reads: int = STILL_OPEN_READS,
    ) -> None:
        self.config = config
        self.meeting_config = MeetingConfig.of(config)  # what planning a meeting reads of it
        self.extract = extract
        self.plan = plan
        self.still_open_reads = still_open_reads
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
        self.cache = Cache()  # what earlier runs read (bot/app/cache.py); saved back at the end

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

    def meetings(
        self,
        found: list[tuple[Series, str, list[MinutesFile]]],
        today: date,
        minutes_repository: str | None,
        commit: str,
    ) -> None:
        """Each pending meeting in turn, until GitHub stops the run; the blocked series wait."""
        try:
            for file, issues_repository in self.pending(found, today):
                if self.totals.stopped:
                    break
                if file.series.name in self.blocked:
                    continue
                self.totals.started += 1
                print(meeting_heading(file.path, file.meeting, file.series), file=self.out)
                self.meeting(file, issues_repository, minutes_repository or issues_repository, commit)
        except GitHubError as exc:
            self.totals.stopped = True
            if exc.verdict.outcome is Outcome.WAIT:
                # Rate limited for longer than allowed: not a failure, the next run goes on.
                print(
                    log_safe(f"minutes-bot: {exc}; stopping, the rest is left for the next run"),
                    file=self.err,
                )
            else:
                self.problem(
                    Problem(request=exc.request, outcome=exc.verdict.outcome, reason=exc.verdict.reason)
                )

    def meeting(
        self, file: MinutesFile, issues_repository: str, minutes_repository: str, commit: str
    ) -> None:
        """Plan, write and record one meeting, pass after pass, until it settles or the run stops."""
        findings = self.extract(file.meeting, self.config, self.pull_list())
        self.warn.findings(findings)
        state = self.states[issues_repository]
        # Markers read from here on (the targets' comments, a since-listing of the issues
        # repository before its first create) are fresh for this meeting's writes.
        fresh_from = self.client.mark() if self.client is not None else None
        if self.is_held(file, findings, state, issues_repository):
            return
        problems = self.read_targets(file, findings, state, issues_repository)
        markers = self.states[issues_repository].markers
        self.totals.skipped += sum(1 for key in item_keys(findings) if key in markers)
        owners = {login for follow_up in findings.follow_ups for login in follow_up.owners}
        context = PlanContext(
            series=file.series,
            issues_repository=issues_repository,
            minutes_repository=minutes_repository,
            commit=commit,
            quotes=quotes_of(file.meeting),
            authors={issue_ref(p.repository, p.number): p.author for p in self.pull_list() if p.author},
            pulls=tuple(self.pull_list()),
            now=self.now,
            reminders_stopped=self.reminders_stopped(issues_repository, file.series),
        )
        for _ in range(_MAX_PASSES):
            context = context.model_copy(
                update={
                    "assignable": self._assignable(issues_repository, owners),
                    "problems": problems,
                    "kept_comments": self.kept,
                }
            )
            state = self.states[issues_repository]
            carried = carry(findings, state, self.config.carry_over, self.config.people, context)
            self.harvest(issues_repository, carry_targets(carried))  # learns markers: plan the state after
            actions = self.plan(
                findings, self.states[issues_repository], self.meeting_config, context, carried
            )
            if not actions:
                return
            if self.client is None or self.dry_run:
                report = show(actions, self.budget, self.shown_labels, self.out)
            else:
                report = self.client.apply(actions, self.budget, fresh_from=fresh_from)
            self.states[issues_repository] = record(self.states[issues_repository], report)
            self.kept = kept_after(self.kept, report)
            problems = {**problems, **unwritable(report)}
            self.count(report)
            recorded = meeting_key(file.path) in self.states[issues_repository].markers
            if self.settled(report, file, recorded):
                return

    def is_held(
        self, file: MinutesFile, findings: Findings, state: RepoState, issues_repository: str
    ) -> bool:
        """Whether the meeting plans too many writes to be a sane file: then nothing is written."""
        config = self.config
        planned = planned_writes(findings, state, config.references, config.pull_requests, issues_repository)
        hold = held(planned, file.path, file.series, config.writes.max_per_meeting)
        if hold:
            self.totals.held.append(hold)
            self.warn(hold, file.path)
        return hold is not None

    def read_targets(
        self, file: MinutesFile, findings: Findings, state: RepoState, issues_repository: str
    ) -> dict[str, str]:
        """Learn the bot's markers on the PRs and issues it will comment on; the missing ones.

        Returns marker key -> why it cannot be written (the target does not exist): settled
        for this meeting, listed in its issue instead of commented on.
        """
        problems: dict[str, str] = {}
        since = comments_since(file.meeting.date)
        # The one comment kept per PR may be months old: read all of the PR's comments then.
        kept_mode = self.config.carry_over.pull_request_comments == "single"
        for ref in findings.references:
            key = reference_key(file.path, ref.repository, ref.number)
            if key in state.markers or key in problems or self.client is None:
                continue
            if not_commented(ref, self.config.references, self.config.pull_requests, issues_repository):
                continue  # listed in the meeting issue, never commented: no need to read it
            comments = self.client.list_comments(
                ref.repository, ref.number, since=None if kept_mode else since
            )
            if comments is None:
                problems[key] = f"{ref.repository}#{ref.number} not found"
                continue
            for comment in comments:
                state = self.learn(issues_repository, issue_ref(ref.repository, ref.number), comment)
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
        whose listing shows a change since the cache saw them, and at most `still_open_reads`
        (the others are not flagged this run); skipped in a dry run without a token and when
        the meeting issue lists nothing from earlier calls.
        """
        if self.client is None or not self.config.carry_over.list_outstanding:
            return frozenset()
        state = self.state(repository, series.labels.bot)
        policy = self.config.reminders
        state = with_comments(self.client, state, policy, self.now, self.cache, self.still_open_reads)
        stopped = still_open_from_earlier_calls(state, policy, self.config.series, self.now)
        return frozenset(item.number for item in stopped)

    def learn(self, repository: str, target: str, comment: Comment) -> RepoState:
        """Learn the bot's markers on a PR's comment; a kept comment answers for several meetings."""
        self.states[repository] = learn(self.states[repository], [comment])
        self.kept = keep(self.kept, target, [comment])
        return self.states[repository]

    def harvest(self, repository: str, numbers: set[int]) -> None:
        """Learn the markers of the bot's comments on these issues, once each per run.

        Carry-over comments live on earlier follow-up issues, whose comments the state
        listing does not read; without them a rerun would comment a second time. An issue
        the listing shows without comments has none to read (one written since is found by
        the check before the bot's own comment, bot/github/client.py).
        """
        if self.client is None:
            return
        bare = {issue.number for issue in self.states[repository].issues if issue.comment_count == 0}
        for number in sorted(numbers - bare - self.harvested.setdefault(repository, set())):
            self.harvested[repository].add(number)
            comments = self.client.list_comments(repository, number) or []
            self.states[repository] = learn(self.states[repository], comments)

    def count(self, report: ApplyReport) -> None:
        """Add a pass's writes, skips, leftovers and problems to the run's totals."""
        for applied in report.done:
            if isinstance(applied.action, CreateIssue):
                self.totals.created += 1
            elif isinstance(applied.action, CreateComment | UpdateComment):
                self.totals.commented += 1
        self.totals.skipped += sum(1 for a in report.present if not isinstance(a.action, EnsureLabel))
        self.totals.left += len(report.left)
        for problem in report.errors:
            self.problem(problem)

    def problem(self, problem: Problem) -> None:
        self.totals.problems.append(problem.line())
        self.totals.failed = True
        print(log_safe(f"minutes-bot: {problem.line()}"), file=self.err)


def comments_since(meeting_date: date | None) -> datetime | None:
    """How far back a PR's comments are read: two days before the meeting, or all without a date."""
    if meeting_date is None:
        return None
    return datetime.combine(meeting_date, datetime.min.time()) - timedelta(days=2)
