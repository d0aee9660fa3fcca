"""References: the pull requests and issues a meeting mentions, written out or by subject.

Explicit mentions (URLs, `owner/repo#N`, `repo#N`, `#N`, `PR 855`, `PRs 920, 922, and 952`,
`Issue #34`, link text hiding the number) are read from the text and links of each
statement. A number without a repository points to the repository named in a heading
above it (`### nodejs/node`), else to the first configured repository; with neither it is
reported, never guessed. Mentions by subject ("Richard's reboot PR") are resolved by
`bot.extract.implicit` against the PRs of the people named that were open at the meeting.

This module puts them together and reads the number columns of tables; the other readers
live beside it: `explicit.py` (numbers written out), `by_subject.py` and `pr_talk.py` (PRs
named by subject), `discussed.py` (agenda items the call did not get to, which get no
comment).
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from bot.domain.models import Candidate, Meeting, PullRequest, Reference, Statement
from bot.domain.people import Roster
from bot.extract.discussed import NotDiscussed
from bot.extract.explicit import (
    _NUM,
    Kind,
    _Collector,
    _Mention,
    _people,
    scan_statements,
    sentence_at,
)
from bot.extract.repositories import Repositories


def find_references(
    meeting: Meeting, roster: Roster, repositories: Sequence[str], pulls: Sequence[PullRequest]
) -> tuple[list[Reference], list[Candidate], list[str]]:
    """Every PR or issue the meeting mentions, the PRs named by subject it is not sure of
    (candidates, never commented on), and warnings about the ones left unresolved."""
    index = None
    if pulls:
        # Loaded only with a PR list, as are the by-subject rules below: `extract` offline needs neither.
        from bot.extract.implicit import PullIndex

        index = PullIndex.of(pulls)
    mentions = scan_statements(meeting.statements)
    mentions += _table_mentions(meeting.statements)
    mentions.sort(key=lambda m: (m.statement.line, m.start))
    if not repositories:
        # The PR list the user gave names the repository as surely as the config would.
        listed = {pull.repository for pull in pulls}
        repositories = sorted(listed) if len(listed) == 1 else []
    known = Repositories(repositories, meeting, [m.repository for m in mentions if m.repository])
    collector = _Collector(index, known)
    # Only references are marked as not discussed: a file that names none needs no such reading.
    skipped: Container[int] = NotDiscussed(meeting) if mentions or index is not None else ()
    warnings: list[str] = []
    unplaced: list[_Mention] = []
    # The repository linked last in each section: "see other/repo#9 … mentioned in issue #9".
    last_linked: dict[tuple[str, ...], str] = {}
    for mention in mentions:
        repository = _repository_of(mention, known, last_linked.get(mention.statement.headings))
        if mention.repository:
            last_linked[mention.statement.headings] = mention.repository
        if repository is None:
            unplaced.append(mention)
            continue
        _add_explicit(collector, mention, repository, roster, skipped)
    for mention in unplaced:
        same = [key for key in collector.found if key[1] == mention.number]
        if mention.name is None and len(same) == 1:
            # "Issue 175" after a link to ossf/tac/issues/175: the same one, named again.
            _add_explicit(collector, mention, collector.found[same[0]].repository, roster, skipped)
            continue
        warnings.append(_unplaced_warning(mention, known))
    explicit_lines = {m.statement.line for m in mentions}
    candidates: list[Candidate] = []
    if index is not None:
        from bot.extract.by_subject import _Implicit

        implicit = _Implicit(meeting, roster, index, collector, skipped)
        warnings += implicit.run(explicit_lines)
        candidates = [c for key, c in implicit.candidates.items() if key not in collector.found]
    references = sorted(collector.found.values(), key=lambda r: (r.line, r.repository.lower(), r.number))
    candidates.sort(key=lambda c: (c.line, c.repository.lower(), c.number))
    return references, candidates, warnings


def _repository_of(mention: _Mention, known: Repositories, last_linked: str | None) -> str | None:
    if mention.repository:
        return mention.repository
    if mention.name:
        named = known.named(mention.name)
        return named[0] if len(named) == 1 else None
    return known.context(mention.statement, last_linked)


def _add_explicit(
    collector: _Collector, mention: _Mention, repository: str, roster: Roster, skipped: Container[int]
) -> None:
    statement = mention.statement
    collector.add(
        repository,
        mention.number,
        mention.kind,
        statement.line,
        sentence_at(statement.text, mention.start),
        _people(statement, roster),
        implicit=False,
        discussed=statement.line not in skipped,
    )


def _unplaced_warning(mention: _Mention, known: Repositories) -> str:
    where = f"line {mention.statement.line}: {mention.written.strip()!r}"
    if mention.name:
        choices = known.named(mention.name)
        if choices:
            return f"{where}: {mention.name} could be {' or '.join(choices)}; not resolved"
        return f"{where}: no known repository is called {mention.name!r}; not resolved"
    return f"{where}: no repository to resolve a bare number (set pull_requests.repositories); not resolved"


# The header of a table column that holds issue or PR numbers: "Issue", "PR #", "#", "No.".
_NUMBER_COLUMN = re.compile(
    r"(?P<kind>issues?|prs?|pull\s+requests?|tickets?)?\s*(?:\#|no\.?|numbers?|ids?)?", re.IGNORECASE
)
_PLAIN_NUMBER = re.compile(rf"\s*({_NUM})\s*")


def _table_mentions(statements: Sequence[Statement]) -> list[_Mention]:
    """Plain numbers in a table column headed "Issue", "PR" or "#": one reference each.

    Cells come in reading order, one row per source line; a table is a run of cells and its
    first row is the header. A number written "#1088" is found by `scan_explicit` already.
    """
    found: list[_Mention] = []
    rows: list[list[Statement]] = []

    def flush() -> None:
        if len(rows) > 1:
            kinds: dict[int, Kind] = {}
            for column, cell in enumerate(rows[0]):
                header = _NUMBER_COLUMN.fullmatch(cell.text.strip(" *_`:"))
                if header and header.group(0).strip():
                    word = (header.group("kind") or "").lower()
                    kinds[column] = "issue" if word.startswith("issue") else "pull" if word else "unknown"
            for row in rows[1:]:
                for column, cell in enumerate(row):
                    number = _PLAIN_NUMBER.fullmatch(cell.text)
                    if column in kinds and number:
                        found.append(
                            _Mention(cell, 0, int(number.group(1)), kinds[column], written=cell.text)
                        )
        rows.clear()

    for statement in statements:
        if statement.kind != "cell":
            if rows:  # most statements are not cells and follow none: nothing to flush
                flush()
        elif rows and rows[-1][0].line == statement.line:
            rows[-1].append(statement)
        else:
            rows.append([statement])
    flush()
    return found
