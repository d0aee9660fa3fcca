"""The GitHub client: `GitHubClient` applies planned actions within a write budget.

The only entry point to GitHub for the commands (process, remind, preview, roster). Every
decision about *what* to write is made by the pure planners; this module decides only
*how* to send it safely: at a steady pace (`bot/github/transport.py`), honouring rate
limits, judged by one error map (`bot/github/outcomes.py`), and never twice. A create is
sent only after its marker's source was read after a given point of the run, one listing
per repository or target however many creates (`bot/github/reads.py`): another run, or an
answer lost on the way, may have written it already.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.domain.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.domain.apply_report import Applied, ApplyReport, Problem, WriteBudget, describe
from bot.domain.state import Comment, Issue
from bot.github.convert import comment_from_json, issue_from_json
from bot.github.outcomes import GitHubError, Outcome, Verdict, classify
from bot.github.reads import Reader, Source, comments_source, issues_source
from bot.github.transport import ACTIONS_IDENTITY, Left

__all__ = [
    "ACTIONS_IDENTITY",
    "Applied",
    "ApplyReport",
    "GitHubClient",
    "GitHubError",
    "Outcome",
    "Problem",
    "WriteBudget",
    "classify",
]

_WRITE_ATTEMPTS = 3
_MAX_RATE_LIMIT_WAITS = 3


def _source(action: CreateIssue | CreateComment) -> Source:
    """Where a create's marker is listed: the bot's issues (by the action's bot label), or the target's comments."""
    if isinstance(action, CreateIssue):
        return issues_source(action.repository, action.labels[0] if action.labels else None)
    return comments_source(action.repository, action.number)


class GitHubClient(Reader):
    """A small, stable interface over PyGithub for process, remind, preview and carry-over."""

    def apply(
        self,
        actions: Iterable[Action],
        budget: WriteBudget,
        *,
        recheck: bool = True,
        fresh_from: int | None = None,
    ) -> ApplyReport:
        """Send the actions in order; stop at the budget, a long rate limit or a fatal error.

        `recheck`: before each create, its marker's source must have been listed after
        `fresh_from` (a `mark()`; by default the start of this call), else it is listed once
        now: one look per repository (its bot issues updated since the last look) and per
        comment target, however many creates. Two runs at once (a schedule and a manual run,
        the workflow's concurrency group bypassed): the other may have written since this
        run read its state.
        """
        mark = self.mark() if fresh_from is None else fresh_from
        report = ApplyReport()
        pending = list(actions)
        while pending:
            action = pending.pop(0)
            try:
                self._apply_one(action, budget, report, mark if recheck else None)
            except Left:
                report.left += [action, *pending]
                break
            except GitHubError as exc:
                report.errors.append(
                    Problem(
                        action=action,
                        request=exc.request,
                        outcome=exc.verdict.outcome,
                        reason=exc.verdict.reason,
                    )
                )
                if exc.verdict.outcome not in (Outcome.SKIP, Outcome.REFUSED):
                    report.left += pending
                    break
        return report

    def _apply_one(self, action: Action, budget: WriteBudget, report: ApplyReport, mark: int | None) -> None:
        request = describe(action)
        if isinstance(action, EnsureLabel) and self._label_exists(action.repository, action.name):
            report.present.append(Applied(action=action))
            return
        if budget.remaining <= 0:
            raise Left
        found = self._find_existing(action, mark) if mark is not None else None
        if found is not None:
            report.present.append(found)
            return
        failures = 0  # answers that leave it unknown whether GitHub applied the write
        waits = 0
        while True:
            try:
                applied = self._write(lambda: self._send(action), budget)
            except (Left, GitHubError):
                raise
            except Exception as exc:
                verdict = classify(exc, self._wall())
                if verdict is None:
                    raise
                if isinstance(action, EnsureLabel) and "already_exists" in verdict.reason:
                    self._label_made(action.repository, action.name)
                    report.present.append(Applied(action=action))
                    return
                if verdict.outcome in (Outcome.SKIP, Outcome.REFUSED, Outcome.FAIL):
                    if isinstance(action, CreateIssue) and verdict.status in (404, 410):
                        # The issues repository itself is missing or unreadable: nothing else will work.
                        verdict = verdict.model_copy(update={"outcome": Outcome.FAIL})
                    elif verdict.status == 403 and verdict.outcome is Outcome.FAIL:
                        verdict = self._forbidden(action, verdict)
                    raise GitHubError(request, verdict) from None
                if verdict.outcome is Outcome.WAIT:
                    waits += 1
                    too_long = verdict.wait is None or verdict.wait > self._writes.max_rate_limit_wait_seconds
                    if too_long or waits > _MAX_RATE_LIMIT_WAITS:
                        raise Left from None  # GitHub refused it: nothing was written
                    self._sleep(verdict.wait)
                else:
                    failures += 1
                    self._sleep(self._backoff(failures))
                found = self._find_existing(action, None)
                if found is not None:
                    report.present.append(found)
                    return
                if failures >= _WRITE_ATTEMPTS:
                    raise GitHubError(request, verdict) from None
                continue
            self._check_written(request, applied)
            if isinstance(action, CreateIssue | CreateComment) and (applied.issue or applied.comment):
                self._remember(_source(action), action.marker.key, applied.issue or applied.comment)
            report.done.append(applied)
            return

    def _forbidden(self, action: Action, verdict: Verdict) -> Verdict:
        """A 403 on a write names the permission that endpoint needs.

        https://docs.github.com/en/rest/issues/comments#create-an-issue-comment: a comment on a
        pull request needs "Pull requests" write, on an issue "Issues" write; GITHUB_TOKEN's
        `permissions:` use the same names (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token).
        A comment is refused for this item only (the token may write elsewhere); a refused
        issue, label or close means no issue write works.
        """
        match action:
            case CreateComment():
                on_pull = self._is_pull(action.repository, number=action.number)
            case UpdateComment():
                on_pull = self._is_pull(action.repository, comment_id=action.comment_id)
            case _:
                on_pull = False
        if on_pull is None:
            needed = "`issues: write` (comments on issues) or `pull-requests: write` (on pull requests)"
        else:
            needed = "`pull-requests: write`" if on_pull else "`issues: write`"
        reason = f"{verdict.reason}; the token needs {needed} on {action.repository}"
        outcome = Outcome.REFUSED if isinstance(action, CreateComment | UpdateComment) else Outcome.FAIL
        return verdict.model_copy(update={"reason": reason, "outcome": outcome})

    def _is_pull(
        self, repository: str, *, number: int | None = None, comment_id: int | None = None
    ) -> bool | None:
        """Whether a comment target is a pull request; None when GitHub would not say."""
        url = (
            f"/repos/{repository}/issues/{number}"
            if number is not None
            else f"/repos/{repository}/issues/comments/{comment_id}"
        )
        try:
            _, data = self._get(url)
        except GitHubError:
            return None
        if number is not None:
            return "pull_request" in data
        return "/pull/" in str(data.get("html_url", ""))

    def _find_existing(self, action: Action, mark: int | None) -> Applied | None:
        """Before a create, and before repeating one: the marker may be there already (another
        run wrote it, or GitHub acted and the answer got lost). Its source is listed unless it
        was after `mark`; with no mark (after a failed send) it is listed again."""
        if not isinstance(action, CreateIssue | CreateComment):
            return None  # labels and PATCHes are idempotent: sending them again is safe
        source = _source(action)
        if mark is None or not self._fresh(source, mark):
            if isinstance(action, CreateIssue):
                self._refresh_issues(action.repository, action.labels[0] if action.labels else None)
            else:
                self.list_comments(action.repository, action.number)
        found = self._lookup(source, action.marker.key)
        if isinstance(found, Issue):
            return Applied(action=action, number=found.number, issue=found)
        if isinstance(found, Comment):
            return Applied(action=action, number=action.number, comment=found)
        return None

    def _check_written(self, request: str, applied: Applied) -> None:
        """A body the next run would not trust, or an issue it could not find, is a future duplicate."""
        action = applied.action
        written = applied.issue or applied.comment
        if written is not None and written.author != self.bot_login:
            raise GitHubError(
                request,
                Verdict(
                    outcome=Outcome.FAIL,
                    reason=(
                        f"written as {written.author}, but the bot trusts markers of {self.bot_login} only; "
                        f"set writes.identity: {written.author!r} in the config"
                    ),
                ),
            )
        if isinstance(action, CreateIssue) and applied.issue is not None:
            have = {label.casefold() for label in applied.issue.labels}  # GitHub matches labels ignoring case
            missing = [label for label in action.labels if label.casefold() not in have]
            if missing:
                # https://docs.github.com/en/rest/issues/issues#create-an-issue: labels are
                # "silently dropped" without push access; without its label the bot cannot find it.
                raise GitHubError(
                    request,
                    Verdict(
                        outcome=Outcome.FAIL,
                        reason=f"GitHub dropped the labels {', '.join(missing)}: the token cannot label issues",
                    ),
                )

    def _send(self, action: Action) -> Applied:
        repo = self._repo(action.repository)
        match action:
            case EnsureLabel():
                repo.create_label(action.name, action.color, action.description or "")
                self._label_made(action.repository, action.name)
                return Applied(action=action)
            case CreateIssue():
                raw = repo.create_issue(
                    title=action.title,
                    body=action.body,
                    labels=list(action.labels),
                    assignees=list(action.assignees),
                )
                issue = issue_from_json(action.repository, raw.raw_data, self.bot_login)
                return Applied(action=action, number=issue.number, url=raw.html_url, issue=issue)
            case CreateComment():
                raw = repo.get_issue(action.number).create_comment(action.body)
                comment = comment_from_json(raw.raw_data, self.bot_login)
                return Applied(action=action, number=action.number, url=raw.html_url, comment=comment)
            case UpdateComment():
                requester = self._gh.requester
                url = f"/repos/{action.repository}/issues/comments/{action.comment_id}"
                _, data = requester.requestJsonAndCheck("PATCH", url, input={"body": action.body})
                return Applied(action=action, comment=comment_from_json(data, self.bot_login))
            case UpdateIssue():
                changes: dict[str, Any] = {}
                if action.body is not None:
                    changes["body"] = action.body
                if action.state is not None:
                    changes["state"] = action.state
                if action.state_reason is not None:
                    changes["state_reason"] = action.state_reason
                if action.labels is not None:
                    changes["labels"] = list(action.labels)
                raw = repo.get_issue(action.number)
                raw.edit(**changes)
                return Applied(action=action, number=action.number)
        raise TypeError(action)
