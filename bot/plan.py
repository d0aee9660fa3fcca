"""Digest + GitHub state to the ordered writes of one meeting: pure, deterministic, idempotent.

The order is what makes a crash harmless. Labels come first, then one issue per
follow-up, then one comment per pull request or issue discussed, and the meeting issue
last, only once every item before it is on GitHub (or was settled with a reason). The
meeting issue is therefore the meeting's record: when it exists, the meeting is done.
An action whose marker key is already in the state is never planned again, so calling
the planner after any partial run plans exactly what is missing; a closed follow-up
keeps its key and is never re-created.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from datetime import datetime
from fnmatch import fnmatch
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict

from bot.actions import Action, CreateComment, CreateIssue, EnsureLabel, UpdateComment, UpdateIssue
from bot.carry import (
    Completion,
    OpenFollowUp,
    find_completions,
    match_continuations,
    open_follow_ups,
    outstanding,
)
from bot.config import Config, Series
from bot.markers import Marker, item_key, neutralise
from bot.models import Candidate, FollowUp, Meeting, MeetingDigest, PullRequest, Reference
from bot.people import Roster
from bot.render import (
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
    Owner,
    ReferenceEntry,
    continuation_comment,
    done_comment,
    extend_reference_comment,
    follow_up_body,
    follow_up_title,
    meeting_body,
    meeting_title,
    permalink,
    reference_comment,
)
from bot.state import Comment, RepoState

# https://docs.github.com/en/rest/issues/issues#create-an-issue: at most 10 assignees per issue.
MAX_ASSIGNEES = 10
LABEL_COLORS = {"bot": "5319e7", "follow_up": "0e8a16", "meeting": "1d76db"}


class PlanContext(BaseModel):
    """Everything besides digest, state and config that the plan depends on; plain values."""

    model_config = ConfigDict(frozen=True)

    series: Series
    issues_repository: str
    minutes_repository: str
    commit: str
    quotes: dict[int, str] = {}  # minutes line -> its text, as quoted
    assignable: frozenset[str] | None = None  # logins that can be assigned; None: not checked
    authors: dict[str, str] = {}  # "owner/repo#123" -> login of its author
    problems: dict[str, str] = {}  # marker key -> why it cannot be written; settled for this meeting
    # For carrying follow-ups from call to call: the parsed minutes, the PR list, the clock.
    meeting: Meeting | None = None
    pulls: tuple[PullRequest, ...] = ()
    now: datetime | None = None
    reminders_stopped: frozenset[int] = frozenset()  # follow-ups the reminders gave up on
    kept_comments: dict[str, Comment] = {}  # "owner/repo#123" -> the bot's kept-up-to-date comment


def meeting_key(path: str) -> str:
    return item_key(path, "meeting")


def follow_up_key(path: str, follow_up: FollowUp) -> str:
    return item_key(
        path, "follow-up", follow_up.text, *sorted(follow_up.owners), *sorted(follow_up.unresolved_names)
    )


def reference_key(path: str, repository: str, number: int) -> str:
    return item_key(path, "reference", f"{repository.lower()}#{number}")


def pull_comment_key(repository: str, number: int) -> str:
    """The one comment kept up to date on a PR (pull_request_comments: single): no minutes path."""
    return item_key("pull-request", f"{repository.lower()}#{number}")


def done_key(issue_key: str) -> str:
    """One "looks done" comment per follow-up ever, whichever meeting or PR shows it."""
    return item_key(issue_key, "done")


class Carry(BaseModel):
    """This meeting's relation to the open follow-ups of earlier meetings."""

    continuations: dict[str, OpenFollowUp] = {}  # follow-up key -> the open issue it restates
    completions: list[Completion] = []


def carry(digest: MeetingDigest, state: RepoState, config: Config, context: PlanContext) -> Carry:
    """Pure: which new follow-ups continue open ones, and which open ones are done."""
    earlier = open_follow_ups(state, excluding_path=digest.file)
    if not earlier:
        return Carry()
    keyed = _follow_ups(digest)
    continuations: dict[str, OpenFollowUp] = {}
    if config.carry_over.continue_open_follow_ups:
        keys = {follow_up.id: key for key, follow_up in keyed}
        for found in match_continuations([f for _, f in keyed], earlier):
            continuations[keys[found.follow_up_id]] = found.issue
    completions: list[Completion] = []
    if context.meeting is not None:
        # Without a clock no PR counts as merged yet: the minutes alone are the evidence.
        pulls = context.pulls if context.now else ()
        completions = find_completions(
            context.meeting, digest, earlier, pulls, context.now or datetime.min, Roster(config.people)
        )
    return Carry(continuations=continuations, completions=completions)


def carry_targets(carried: Carry) -> set[int]:
    """Issue numbers the carry-over may comment on: their comments hold its markers."""
    return {issue.number for issue in carried.continuations.values()} | {
        c.issue.number for c in carried.completions
    }


def _follow_ups(digest: MeetingDigest) -> list[tuple[str, FollowUp]]:
    """Keyed follow-ups in line order; the same item stated twice is one item."""
    seen: dict[str, FollowUp] = {}
    for follow_up in sorted(digest.follow_ups, key=lambda f: (f.line, f.text)):
        seen.setdefault(follow_up_key(digest.file, follow_up), follow_up)
    return list(seen.items())


def _references(digest: MeetingDigest) -> list[tuple[str, list[Reference]]]:
    """References grouped by target: one comment per pull request or issue per meeting."""
    grouped: dict[str, list[Reference]] = {}
    for ref in sorted(digest.references, key=lambda r: (r.line, r.repository.lower(), r.number)):
        grouped.setdefault(reference_key(digest.file, ref.repository, ref.number), []).append(ref)
    return list(grouped.items())


def not_commented(ref: Reference, config: Config, issues_repository: str) -> str | None:
    """Why the bot lists `ref` without commenting on it, or None when it comments.

    Only what the call discussed, in the project's own repositories (the configured ones
    and the issues repository: minutes cannot send the bot's token to comment anywhere
    else), and of the kinds `references.comment_on` asks for.
    """
    if not ref.discussed:
        return "the minutes mark it not discussed"
    if outside(ref, config, issues_repository):
        return "not a repository of this project's config"
    mode = config.references.comment_on
    if mode == "none":
        return "references.comment_on is none"
    if mode == "pulls" and ref.kind != "pull":
        return "not a pull request (references.comment_on: pulls)"
    return None


def outside(ref: Reference, config: Config, issues_repository: str) -> bool:
    """A repository the config does not name: shown inertly, never linked or commented on."""
    allowed = {r.lower() for r in (*config.pull_requests.repositories, issues_repository)}
    return ref.repository.lower() not in allowed


def planned_writes(digest: MeetingDigest, state: RepoState, config: Config, issues_repository: str) -> int:
    """The issues and comments the meeting still needs, its meeting issue included.

    Counted from the digest before any comment is read, so a flood costs no API reads: one
    write per follow-up (an issue, or a comment on the issue it restates) and per
    reference to comment on, not yet on GitHub.
    """
    if meeting_key(digest.file) in state.markers:
        return 0
    follow_ups = sum(key not in state.markers for key, _ in _follow_ups(digest))
    references = sum(
        key not in state.markers and not not_commented(refs[0], config, issues_repository)
        for key, refs in _references(digest)
    )
    return follow_ups + references + 1


def held(planned: int, path: str, series: Series, config: Config) -> str | None:
    """Why a meeting is held whole (nothing written), or None when it may be written.

    A meeting that plans more issues and comments than `writes.max_per_meeting` is almost
    always a misread file (a 5,000-row table, a pasted log), not a busy call; writing part
    of it would flood the tracker with no way back.
    """
    limit = config.writes.max_per_meeting
    if planned <= limit:
        return None
    name = PurePosixPath(path).name
    if any(fnmatch(name, pattern) or fnmatch(path, pattern) for pattern in series.allow_large):
        return None
    return (
        f"{path}: held, nothing written: it plans {planned} issues and comments, over "
        f"writes.max_per_meeting ({limit}). If the minutes are right, raise writes.max_per_meeting "
        f"or add {name!r} to allow_large of the series {series.name!r}; otherwise fix the file."
    )


def item_keys(digest: MeetingDigest) -> list[str]:
    """The marker keys of every item the meeting issue waits for."""
    return [key for key, _ in _follow_ups(digest)] + [key for key, _ in _references(digest)]


def _first_names(config: Config, logins: Iterable[str]) -> list[str]:
    wanted = {login.lower() for login in logins}
    names: list[str] = []
    for person in config.people:
        if person.github.lower() in wanted:
            names += [person.name.split()[0], *person.aliases]
    return names


def _owners(follow_up: FollowUp, config: Config, context: PlanContext) -> tuple[list[Owner], list[str]]:
    """Who gets pinged, and the @handles that will not be.

    A login from the roster is trusted config; any other @handle written in the minutes is
    pinged only when it can be assigned in the issues repository (a project member), so
    minutes cannot make the bot ping an arbitrary outsider. Unknown means not checked
    (a dry run without a token) and is shown as assignable.
    """
    roster = {person.github.casefold(): person.name for person in config.people}
    owners: list[Owner] = []
    unverified: list[str] = []
    for login in dict.fromkeys(follow_up.owners):
        assignable = context.assignable is None or login in context.assignable
        if login.casefold() not in roster and not assignable:
            unverified.append(login)
            continue
        name = roster.get(login.casefold(), login)
        owners.append(Owner(name=name, login=login, assigned=assignable and len(owners) < MAX_ASSIGNEES))
    return owners, unverified


def _labels(series: Series, kind: str, repository: str) -> list[EnsureLabel]:
    """The bot's own label (how it finds its state) and the kind's label, created if missing."""
    about = {"follow_up": "Follow-up from meeting minutes", "meeting": "Follow-ups of one meeting"}
    return [
        EnsureLabel(
            repository=repository,
            name=series.labels.bot,
            color=LABEL_COLORS["bot"],
            description="Written by minutes-bot",
        ),
        EnsureLabel(
            repository=repository,
            name=getattr(series.labels, kind),
            color=LABEL_COLORS[kind],
            description=about[kind],
        ),
    ]


def plan_meeting(
    digest: MeetingDigest,
    state: RepoState,
    config: Config,
    context: PlanContext,
    carried: Carry | None = None,
) -> list[Action]:
    """The writes still missing for one meeting, in the order that keeps a crash harmless.

    `carried`: `carry` of the same arguments, when the caller has it already.
    """
    if meeting_key(digest.file) in state.markers:
        return []
    decided = carried if carried is not None else carry(digest, state, config, context)
    issues = plan_follow_ups(digest, state.markers, config, context, decided.continuations)
    actions: list[Action] = []
    if any(isinstance(action, CreateIssue) for action in issues):
        actions += _labels(context.series, "follow_up", context.issues_repository)
    actions += issues
    actions += _completions(decided.completions, digest, state, config, context)
    actions += plan_references(digest, state.markers, config, context)
    if actions:
        return actions
    return [
        *_labels(context.series, "meeting", context.issues_repository),
        _meeting_issue(digest, state, config, context, decided),
    ]


def plan_follow_ups(
    digest: MeetingDigest,
    done: Container[str],
    config: Config,
    context: PlanContext,
    continuations: dict[str, OpenFollowUp],
) -> list[Action]:
    """One issue per follow-up not yet on GitHub, or a comment on the open issue it restates."""
    writes: list[Action] = []
    for key, follow_up in _follow_ups(digest):
        if key in done or key in context.problems:
            continue
        if key in continuations:
            writes.append(_continuation(key, follow_up, continuations[key], digest, context))
        else:
            writes.append(_follow_up_issue(key, follow_up, digest, config, context))
    return writes


def _continuation(
    key: str, follow_up: FollowUp, target: OpenFollowUp, digest: MeetingDigest, context: PlanContext
) -> CreateComment:
    """A comment on the open issue this follow-up restates, instead of a second issue."""
    return CreateComment(
        repository=target.repository,
        number=target.number,
        body=continuation_comment(
            quote=context.quotes.get(follow_up.line, follow_up.text),
            series=context.series.name,
            meeting_date=digest.date,
            link=permalink(context.minutes_repository, context.commit, digest.file, follow_up.line),
            marker=Marker(kind="update", key=key),
        ),
        marker=Marker(kind="update", key=key),
        reason=f"line {follow_up.line} of {digest.file} restates #{target.number}",
    )


def _follow_up_issue(
    key: str, follow_up: FollowUp, digest: MeetingDigest, config: Config, context: PlanContext
) -> CreateIssue:
    """The issue of one new follow-up: its owners assigned, its PRs and meeting in the marker."""
    path = digest.file
    owners, unverified = _owners(follow_up, config, context)
    marker = Marker(
        kind="follow-up",
        key=key,
        owners=tuple(follow_up.owners),
        pulls=tuple(
            f"{ref.repository}:{ref.number}" for ref in digest.references if ref.line == follow_up.line
        ),
        meeting_date=digest.date,
    )
    body = follow_up_body(
        owners=owners,
        unresolved=[*follow_up.unresolved_names, *unverified],
        due=follow_up.due,
        quote=context.quotes.get(follow_up.line, follow_up.text),
        series=context.series.name,
        meeting_date=digest.date,
        path=path,
        line=follow_up.line,
        link=permalink(context.minutes_repository, context.commit, path, follow_up.line),
        marker=marker,
    )
    return CreateIssue(
        repository=context.issues_repository,
        title=follow_up_title(
            follow_up.text, [o.name for o in owners], _first_names(config, follow_up.owners)
        ),
        body=body,
        marker=marker,
        labels=(context.series.labels.bot, context.series.labels.follow_up),
        assignees=tuple(o.login for o in owners if o.assigned),
        reason=f"follow-up on line {follow_up.line} of {path}",
    )


def plan_references(
    digest: MeetingDigest, done: Container[str], config: Config, context: PlanContext
) -> list[Action]:
    """One comment per pull request or issue discussed and not yet commented on."""
    writes: list[Action] = []
    for key, refs in _references(digest):
        if key in done or key in context.problems:
            continue
        if not_commented(refs[0], config, context.issues_repository):
            continue
        writes.append(_reference_comment(key, refs, digest, config, context))
    return writes


def _reference_comment(
    key: str, refs: list[Reference], digest: MeetingDigest, config: Config, context: PlanContext
) -> CreateComment | UpdateComment:
    """The comment on one target: a new one, or the kept one extended (`pull_request_comments: single`)."""
    path = digest.file
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
    target = f"{first.repository.lower()}#{first.number}"
    reason = f"discussed on line {first.line} of {path}"
    kept = context.kept_comments.get(target)
    marker = Marker(kind="reference", key=key)
    if config.carry_over.pull_request_comments == "single":
        covers = (*(kept.marker.covers if kept and kept.marker else ()), key)
        marker = Marker(kind="reference", key=pull_comment_key(first.repository, first.number), covers=covers)
    if kept is not None and marker.covers:
        body = extend_reference_comment(
            kept.body,
            quotes=quotes,
            series=context.series.name,
            meeting_date=digest.date,
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
        meeting_date=digest.date,
        minutes_link=minutes_link,
        marker=marker,
    )
    return CreateComment(
        repository=first.repository, number=first.number, body=body, marker=marker, reason=reason
    )


def _completions(
    completions: list[Completion],
    digest: MeetingDigest,
    state: RepoState,
    config: Config,
    context: PlanContext,
) -> list[Action]:
    """A comment with the evidence on each follow-up shown done, then the close if configured."""
    actions: list[Action] = []
    keys = {(i.repository, i.number): i.marker.key for i in state.issues if i.marker is not None}
    for completion in completions:
        issue = completion.issue
        key = done_key(keys[(issue.repository, issue.number)])
        closing = config.carry_over.close_on_evidence
        if key not in state.markers:
            link = (
                permalink(context.minutes_repository, context.commit, digest.file, completion.line)
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
                        meeting_date=digest.date,
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


def _checklist(
    digest: MeetingDigest, numbers: dict[str, int | None], config: Config, context: PlanContext
) -> list[str]:
    """What a human should decide: the bot asks instead of guessing."""
    checks: list[str] = []
    for key, follow_up in _follow_ups(digest):
        where = f"#{numbers[key]}" if numbers.get(key) else CHECK_FOLLOW_UP_AT.format(line=follow_up.line)
        if key in context.problems:
            checks.append(CHECK_NOT_OPENED.format(line=follow_up.line, why=neutralise(context.problems[key])))
            continue
        _, unverified = _owners(follow_up, config, context)
        if unverified:
            handles = ", ".join(neutralise(login) for login in unverified)
            checks.append(CHECK_NOT_PINGED.format(where=where, handles=handles))
        if follow_up.unresolved_names:
            names = ", ".join(neutralise(n) for n in follow_up.unresolved_names)
            checks.append(CHECK_NO_LOGIN.format(where=where, names=names))
        elif not follow_up.owners:
            checks.append(CHECK_NO_OWNER.format(where=where))
    for key, refs in _references(digest):
        ref = refs[0]
        target = f"{ref.repository}#{ref.number}"
        if not_commented(ref, config, context.issues_repository):
            continue
        if key in context.problems:
            # Not on GitHub (or not ours to comment on): named inertly, never linked.
            checks.append(
                CHECK_NOT_COMMENTED.format(target=neutralise(target), why=neutralise(context.problems[key]))
            )
        elif any(r.implicit for r in refs):
            checks.append(CHECK_BY_SUBJECT.format(target=target, line=ref.line))
    checks += [_candidate_check(candidate) for candidate in digest.candidates]
    checks += [neutralise(warning) for warning in digest.warnings]
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


def _meeting_issue(
    digest: MeetingDigest, state: RepoState, config: Config, context: PlanContext, decided: Carry
) -> CreateIssue:
    """The meeting's record, written last: every item, the open questions, what is still open."""
    path = digest.file
    key = meeting_key(path)
    numbers: dict[str, int | None] = {key: None for key in state.markers}
    numbers.update({issue.marker.key: issue.number for issue in state.issues if issue.marker is not None})
    numbers.update({fkey: issue.number for fkey, issue in decided.continuations.items()})
    references, skipped = _reference_entries(digest, config, context)
    body = meeting_body(
        path=path,
        minutes_link=permalink(context.minutes_repository, context.commit, path),
        follow_ups=_follow_up_entries(digest, numbers, config, context),
        references=references,
        checklist=_checklist(digest, numbers, config, context),
        marker=Marker(kind="meeting", key=key),
        outstanding=_still_open(digest, state, config, context.reminders_stopped),
        not_discussed=skipped,
    )
    return CreateIssue(
        repository=context.issues_repository,
        title=meeting_title(context.series.name, digest.date, path),
        body=body,
        marker=Marker(kind="meeting", key=key),
        labels=(context.series.labels.bot, context.series.labels.meeting),
        reason=f"meeting record of {path}",
    )


def _still_open(
    digest: MeetingDigest, state: RepoState, config: Config, reminders_stopped: frozenset[int]
) -> list[OutstandingEntry]:
    """Follow-ups of earlier meetings still open on this meeting's date, when the config lists them."""
    if not (config.carry_over.list_outstanding and digest.date):
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
        for item in outstanding(open_follow_ups(state, excluding_path=digest.file), digest.date)
    ]


def _follow_up_entries(
    digest: MeetingDigest, numbers: dict[str, int | None], config: Config, context: PlanContext
) -> list[FollowUpEntry]:
    """The meeting's follow-ups as listed in its issue, with the issue each one became."""
    entries = []
    for fkey, follow_up in _follow_ups(digest):
        if fkey in context.problems:
            continue
        owners, _ = _owners(follow_up, config, context)
        title = follow_up_title(
            follow_up.text, [o.name for o in owners], _first_names(config, follow_up.owners)
        )
        entries.append(FollowUpEntry(title=title, number=numbers.get(fkey), due=follow_up.due))
    return entries


def _reference_entries(
    digest: MeetingDigest, config: Config, context: PlanContext
) -> tuple[list[ReferenceEntry], list[ReferenceEntry]]:
    """The pull requests and issues named: those discussed, then those marked not discussed."""
    references: list[ReferenceEntry] = []
    skipped: list[ReferenceEntry] = []
    for rkey, refs in _references(digest):
        if rkey in context.problems:
            continue
        ref = refs[0]
        entry = ReferenceEntry(
            repository=ref.repository,
            number=ref.number,
            kind=ref.kind,
            implicit=any(r.implicit for r in refs),
            uncommented=not_commented(ref, config, context.issues_repository),
            outside=outside(ref, config, context.issues_repository),
            text=context.quotes.get(ref.line, ref.evidence),
        )
        (references if ref.discussed else skipped).append(entry)
    return references, skipped
