"""The meeting issue, the meeting's record: every item, what a human should check, what is still open.

Planned last, once every item is on GitHub or settled with a reason (`bot/plan/meeting.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.actions import CreateIssue
from bot.domain.config import CarryOver, Person
from bot.domain.markers import Marker, neutralise
from bot.domain.models import Candidate, Findings
from bot.domain.state import RepoState
from bot.plan.carry import OpenFollowUp, open_follow_ups, outstanding
from bot.plan.items import (
    MeetingConfig,
    PlanContext,
    first_names,
    grouped_references,
    keyed_follow_ups,
    meeting_key,
    not_commented,
    outside,
    owners_of,
)
from bot.render.items import follow_up_title, permalink
from bot.render.meeting import (
    CHECK_BY_SUBJECT,
    CHECK_CANDIDATE,
    CHECK_CANDIDATE_OTHERS,
    CHECK_FOLLOW_UP_AT,
    CHECK_NO_LOGIN,
    CHECK_NO_OWNER,
    CHECK_NOT_COMMENTED,
    CHECK_NOT_OPENED,
    CHECK_NOT_PINGED,
    FollowUpEntry,
    OutstandingEntry,
    ReferenceEntry,
    meeting_body,
    meeting_title,
)


def _checklist(
    findings: Findings, numbers: dict[str, int | None], config: MeetingConfig, context: PlanContext
) -> list[str]:
    """What a human should decide: the bot asks instead of guessing."""
    checks: list[str] = []
    for key, follow_up in keyed_follow_ups(findings):
        where = f"#{numbers[key]}" if numbers.get(key) else CHECK_FOLLOW_UP_AT.format(line=follow_up.line)
        if key in context.problems:
            checks.append(CHECK_NOT_OPENED.format(line=follow_up.line, why=neutralise(context.problems[key])))
            continue
        _, unverified = owners_of(follow_up, config.people, context.assignable)
        if unverified:
            handles = ", ".join(neutralise(login) for login in unverified)
            checks.append(CHECK_NOT_PINGED.format(where=where, handles=handles))
        if follow_up.unresolved_names:
            names = ", ".join(neutralise(n) for n in follow_up.unresolved_names)
            checks.append(CHECK_NO_LOGIN.format(where=where, names=names))
        elif not follow_up.owners:
            checks.append(CHECK_NO_OWNER.format(where=where))
    for key, refs in grouped_references(findings):
        ref = refs[0]
        target = f"{ref.repository}#{ref.number}"
        if not_commented(ref, config.references, config.pull_requests, context.issues_repository):
            continue
        if key in context.problems:
            # Not on GitHub (or not ours to comment on): named inertly, never linked.
            checks.append(
                CHECK_NOT_COMMENTED.format(target=neutralise(target), why=neutralise(context.problems[key]))
            )
        elif any(r.implicit for r in refs):
            checks.append(CHECK_BY_SUBJECT.format(target=target, line=ref.line))
    checks += [_candidate_check(candidate) for candidate in findings.candidates]
    checks += [neutralise(warning) for warning in findings.warnings]
    return checks


def _candidate_check(candidate: Candidate) -> str:
    """A PR the bot was not sure of: named inertly, so the list links to no stranger's PR."""

    def inert(repository: str, number: int) -> str:
        return neutralise(f"{repository}#{number}")

    also = ", ".join(inert(a.repository, a.number) for a in candidate.alternatives)
    others = CHECK_CANDIDATE_OTHERS.format(also=also) if also else ""
    quote = " ".join(candidate.evidence.split())
    quote = quote if len(quote) <= 100 else quote[:99].rstrip() + "…"
    return CHECK_CANDIDATE.format(
        line=candidate.line,
        target=inert(candidate.repository, candidate.number),
        others=others,
        why=neutralise(candidate.why),
        quote=neutralise(quote),
    )


def meeting_issue(
    findings: Findings,
    state: RepoState,
    config: MeetingConfig,
    context: PlanContext,
    continuations: dict[str, OpenFollowUp],
) -> CreateIssue:
    """The meeting's record, written last: every item, the open questions, what is still open."""
    path = findings.file
    key = meeting_key(path)
    numbers: dict[str, int | None] = {key: None for key in state.markers}
    numbers.update({issue.marker.key: issue.number for issue in state.issues if issue.marker is not None})
    numbers.update({fkey: issue.number for fkey, issue in continuations.items()})
    references, skipped = _reference_entries(findings, config, context)
    body = meeting_body(
        path=path,
        minutes_link=permalink(context.minutes_repository, context.commit, path),
        follow_ups=_follow_up_entries(findings, numbers, config.people, context),
        references=references,
        checklist=_checklist(findings, numbers, config, context),
        marker=Marker(kind="meeting", key=key),
        outstanding=_still_open(findings, state, config.carry_over, context.reminders_stopped),
        not_discussed=skipped,
    )
    return CreateIssue(
        repository=context.issues_repository,
        title=meeting_title(context.series.name, findings.date, path),
        body=body,
        marker=Marker(kind="meeting", key=key),
        labels=(context.series.labels.bot, context.series.labels.meeting),
        reason=f"meeting record of {path}",
    )


def _still_open(
    findings: Findings, state: RepoState, carry_over: CarryOver, reminders_stopped: frozenset[int]
) -> list[OutstandingEntry]:
    """Follow-ups of earlier meetings still open on this meeting's date, when the config lists them."""
    if not (carry_over.list_outstanding and findings.date):
        return []
    return [
        OutstandingEntry(
            number=item.issue.number,
            title=item.issue.title,
            owners=item.issue.owners,
            age_days=item.age_days,
            overdue_days=item.overdue_days,
            reminders_stopped=item.issue.number in reminders_stopped,
        )
        for item in outstanding(open_follow_ups(state, excluding_path=findings.file), findings.date)
    ]


def _follow_up_entries(
    findings: Findings, numbers: dict[str, int | None], people: Sequence[Person], context: PlanContext
) -> list[FollowUpEntry]:
    """The meeting's follow-ups as listed in its issue, with the issue each one became."""
    entries = []
    for fkey, follow_up in keyed_follow_ups(findings):
        if fkey in context.problems:
            continue
        owners, _ = owners_of(follow_up, people, context.assignable)
        title = follow_up_title(
            follow_up.text, [o.name for o in owners], first_names(people, follow_up.owners)
        )
        entries.append(FollowUpEntry(title=title, number=numbers.get(fkey), due=follow_up.due))
    return entries


def _reference_entries(
    findings: Findings, config: MeetingConfig, context: PlanContext
) -> tuple[list[ReferenceEntry], list[ReferenceEntry]]:
    """The pull requests and issues named: those discussed, then those marked not discussed."""
    references: list[ReferenceEntry] = []
    skipped: list[ReferenceEntry] = []
    for rkey, refs in grouped_references(findings):
        if rkey in context.problems:
            continue
        ref = refs[0]
        entry = ReferenceEntry(
            repository=ref.repository,
            number=ref.number,
            kind=ref.kind,
            implicit=any(r.implicit for r in refs),
            uncommented=not_commented(
                ref, config.references, config.pull_requests, context.issues_repository
            ),
            outside=outside(ref, config.pull_requests, context.issues_repository),
            text=context.quotes.get(ref.line, ref.evidence),
        )
        (references if ref.discussed else skipped).append(entry)
    return references, skipped
