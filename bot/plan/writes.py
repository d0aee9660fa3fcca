"""The writes of a meeting's items: an issue per follow-up, a comment per PR or issue discussed.

Also the carry-over's writes: a comment on the open follow-up a new one restates, and
the "looks done" comment (and close) on one shown done. Pure: plain values in, actions out;
the texts come from `bot/render/items.py`. Each planner takes only the config it reads:
the roster, or `MeetingConfig` where a comment depends on the reference rules.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Literal

from bot.domain.actions import Action, CreateComment, CreateIssue, UpdateComment, UpdateIssue
from bot.domain.config import Person
from bot.domain.markers import Marker
from bot.domain.models import Findings, FollowUp, Reference
from bot.domain.state import RepoState, issue_ref
from bot.plan.carry import Completion, OpenFollowUp
from bot.plan.items import (
    MeetingConfig,
    PlanContext,
    done_key,
    first_names,
    grouped_references,
    keyed_follow_ups,
    not_commented,
    owners_of,
    pull_comment_key,
)
from bot.render.items import (
    continuation_comment,
    done_comment,
    extend_reference_comment,
    follow_up_body,
    follow_up_title,
    permalink,
    reference_comment,
)


def plan_follow_ups(
    findings: Findings,
    done: Container[str],
    people: Sequence[Person],
    context: PlanContext,
    continuations: dict[str, OpenFollowUp],
) -> list[Action]:
    """One issue per follow-up not yet on GitHub, or a comment on the open issue it restates."""
    writes: list[Action] = []
    for key, follow_up in keyed_follow_ups(findings):
        if key in done or key in context.problems:
            continue
        if key in continuations:
            writes.append(_continuation(key, follow_up, continuations[key], findings, context))
        else:
            writes.append(_follow_up_issue(key, follow_up, findings, people, context))
    return writes


def _continuation(
    key: str, follow_up: FollowUp, target: OpenFollowUp, findings: Findings, context: PlanContext
) -> CreateComment:
    """A comment on the open issue this follow-up restates, instead of a second issue."""
    return CreateComment(
        repository=target.repository,
        number=target.number,
        body=continuation_comment(
            quote=context.quotes.get(follow_up.line, follow_up.text),
            series=context.series.name,
            meeting_date=findings.date,
            link=permalink(context.minutes_repository, context.commit, findings.file, follow_up.line),
            marker=Marker(kind="update", key=key),
        ),
        marker=Marker(kind="update", key=key),
        reason=f"line {follow_up.line} of {findings.file} restates #{target.number}",
    )


def _follow_up_issue(
    key: str, follow_up: FollowUp, findings: Findings, people: Sequence[Person], context: PlanContext
) -> CreateIssue:
    """The issue of one new follow-up: its owners assigned, its PRs and meeting in the marker."""
    path = findings.file
    owners, unverified = owners_of(follow_up, people, context.assignable)
    marker = Marker(
        kind="follow-up",
        key=key,
        owners=tuple(follow_up.owners),
        pulls=tuple(
            f"{ref.repository}:{ref.number}" for ref in findings.references if ref.line == follow_up.line
        ),
        meeting_date=findings.date,
    )
    body = follow_up_body(
        owners=owners,
        unresolved=[*follow_up.unresolved_names, *unverified],
        due=follow_up.due,
        quote=context.quotes.get(follow_up.line, follow_up.text),
        series=context.series.name,
        meeting_date=findings.date,
        path=path,
        line=follow_up.line,
        link=permalink(context.minutes_repository, context.commit, path, follow_up.line),
        marker=marker,
    )
    return CreateIssue(
        repository=context.issues_repository,
        title=follow_up_title(
            follow_up.text, [o.name for o in owners], first_names(people, follow_up.owners)
        ),
        body=body,
        marker=marker,
        labels=(context.series.labels.bot, context.series.labels.follow_up),
        assignees=tuple(o.login for o in owners if o.assigned),
        reason=f"follow-up on line {follow_up.line} of {path}",
    )


def plan_references(
    findings: Findings, done: Container[str], config: MeetingConfig, context: PlanContext
) -> list[Action]:
    """One comment per pull request or issue discussed and not yet commented on."""
    writes: list[Action] = []
    for key, refs in grouped_references(findings):
        if key in done or key in context.problems:
            continue
        if not_commented(refs[0], config.references, config.pull_requests, context.issues_repository):
            continue
        writes.append(
            _reference_comment(key, refs, findings, config.carry_over.pull_request_comments, context)
        )
    return writes


def _reference_comment(
    key: str,
    refs: list[Reference],
    findings: Findings,
    pull_request_comments: Literal["per-meeting", "single"],
    context: PlanContext,
) -> CreateComment | UpdateComment:
    """The comment on one target: a new one, or the kept one extended (`pull_request_comments: single`)."""
    path = findings.file
    first = refs[0]
    minutes_link = permalink(context.minutes_repository, context.commit, path)
    quotes = [
        (
            # A PR named by subject may be first mentioned in a heading; its sentence says more.
            ref.evidence if ref.implicit and ref.evidence else context.quotes.get(ref.line, ref.evidence),
            permalink(context.minutes_repository, context.commit, path, ref.line),
        )
        for ref in refs
    ]
    target = issue_ref(first.repository, first.number)
    reason = f"discussed on line {first.line} of {path}"
    kept = context.kept_comments.get(target)
    marker = Marker(kind="reference", key=key)
    if pull_request_comments == "single":
        covers = (*(kept.marker.covers if kept and kept.marker else ()), key)
        marker = Marker(kind="reference", key=pull_comment_key(first.repository, first.number), covers=covers)
    if kept is not None and marker.covers:
        body = extend_reference_comment(
            kept.body,
            quotes=quotes,
            series=context.series.name,
            meeting_date=findings.date,
            minutes_link=minutes_link,
            marker=marker,
        )
        return UpdateComment(
            repository=first.repository, comment_id=kept.id, body=body, marker=marker, reason=reason
        )
    body = reference_comment(
        kind=first.kind,
        author=context.authors.get(target),
        quotes=quotes,
        series=context.series.name,
        meeting_date=findings.date,
        minutes_link=minutes_link,
        marker=marker,
    )
    return CreateComment(
        repository=first.repository, number=first.number, body=body, marker=marker, reason=reason
    )


def plan_completions(
    completions: list[Completion],
    findings: Findings,
    state: RepoState,
    close_on_evidence: bool,
    context: PlanContext,
) -> list[Action]:
    """A comment with the evidence on each follow-up shown done, then the close if configured."""
    actions: list[Action] = []
    keys = {(i.repository, i.number): i.marker.key for i in state.issues if i.marker is not None}
    for completion in completions:
        issue = completion.issue
        key = done_key(keys[(issue.repository, issue.number)])
        closing = close_on_evidence
        if key not in state.markers:
            link = (
                permalink(context.minutes_repository, context.commit, findings.file, completion.line)
                if completion.line
                else None
            )
            actions.append(
                CreateComment(
                    repository=issue.repository,
                    number=issue.number,
                    body=done_comment(
                        evidence=completion.evidence,
                        series=context.series.name,
                        meeting_date=findings.date,
                        link=link,
                        closing=closing,
                        marker=Marker(kind="update", key=key),
                    ),
                    marker=Marker(kind="update", key=key),
                    reason=f"#{issue.number} looks done ({completion.source})",
                )
            )
        if closing:
            actions.append(
                UpdateIssue(
                    repository=issue.repository,
                    number=issue.number,
                    state="closed",
                    state_reason="completed",
                    reason=f"close #{issue.number}: {completion.source}",
                )
            )
    return actions
