"""What a run knows after each write or read: pure functions from the old state to the new.

`process` plans a meeting again after every pass of writes, from what it knows of GitHub;
these functions say how that knowledge grows, without mutating what the caller holds, so a
planner is never handed a state that changed under it. The shell assigns the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.actions import CreateComment, CreateIssue, UpdateComment, UpdateIssue
from bot.domain.apply_report import ApplyReport, Outcome
from bot.domain.markers import Marker
from bot.domain.state import Comment, RepoState, issue_ref


def _with(markers: Mapping[str, Marker], marker: Marker) -> dict[str, Marker]:
    """A marker answers for its own key and for every key it covers (a kept comment)."""
    return {**markers, marker.key: marker, **dict.fromkeys(marker.covers, marker)}


def record(state: RepoState, report: ApplyReport) -> RepoState:
    """The state once the report's writes (done or found present) are on GitHub."""
    issues = list(state.issues)
    markers = dict(state.markers)
    for applied in [*report.done, *report.present]:
        action = applied.action
        if isinstance(action, UpdateIssue) and action.state:
            issues = [
                issue.model_copy(update={"state": action.state})
                if (issue.repository, issue.number) == (action.repository, action.number)
                else issue
                for issue in issues
            ]
        if isinstance(action, CreateIssue | CreateComment | UpdateComment):
            markers = _with(markers, action.marker)
            if applied.issue is not None:
                issues.append(applied.issue.model_copy(update={"marker": action.marker}))
    return state.model_copy(update={"issues": issues, "markers": markers})


def learn(state: RepoState, comments: Iterable[Comment]) -> RepoState:
    """The state with the markers of the bot's comments read on a PR or an issue."""
    markers = dict(state.markers)
    for comment in comments:
        if comment.marker is not None:
            markers = _with(markers, comment.marker)
    return state.model_copy(update={"markers": markers})


def keep(kept: Mapping[str, Comment], target: str, comments: Iterable[Comment]) -> dict[str, Comment]:
    """The kept comments with the one read on `target` ("owner/repo#123"), if it has one.

    A kept comment (its marker covers several meetings) answers for every meeting of the
    PR, so a later meeting of the run extends it instead of posting another.
    """
    result = dict(kept)
    for comment in comments:
        if comment.marker is not None and comment.marker.covers:
            result[target] = comment
    return result


def kept_after(kept: Mapping[str, Comment], report: ApplyReport) -> dict[str, Comment]:
    """The kept comments as the report's writes left them."""
    result = dict(kept)
    for applied in [*report.done, *report.present]:
        action = applied.action
        if not isinstance(action, CreateComment | UpdateComment) or not action.marker.covers:
            continue
        update = {"body": action.body, "marker": action.marker}
        if isinstance(action, UpdateComment):
            target = next((t for t, c in result.items() if c.id == action.comment_id), None)
            if target is not None:
                result[target] = result[target].model_copy(update=update)
        elif applied.comment is not None:
            result[issue_ref(action.repository, action.number)] = applied.comment.model_copy(update=update)
    return result


def unwritable(report: ApplyReport) -> dict[str, str]:
    """Marker key -> why GitHub will not take it (the target is gone): settled for the meeting.

    The meeting issue lists such an item instead of waiting for it forever.
    """
    return {
        problem.action.marker.key: problem.reason
        for problem in report.errors
        if problem.outcome is Outcome.SKIP and isinstance(problem.action, CreateIssue | CreateComment)
    }
