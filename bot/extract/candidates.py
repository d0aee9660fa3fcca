"""Candidate follow-ups of one file, and one follow-up per task among them.

Minutes state a task more than once: in the discussion and again in an action list, or as
a proposal that a volunteer takes up a few lines below. Only one line becomes a follow-up;
the others are kept as `also_stated_at`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.domain.models import FollowUp, Statement
from bot.extract.names import Who
from bot.parse.text import fold
from bot.parse.words import STOP_WORDS

_CONTENT_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z0-9-]{2,}\b")  # lower case: names are not content


@dataclass
class Candidate:
    statement: Statement
    text: str
    owners: list[Who]
    due: date | None
    confidence: float
    explicit: bool
    section: bool = False  # in an "Action Items" list: restates what the discussion said
    words: frozenset[str] = field(default_factory=frozenset)
    spoken: bool = False  # a dialogue line ("Kim: I'll ..."), which a note below may sum up
    also: list[int] = field(default_factory=list)  # body lines this action-list entry restates
    proposal: bool = False  # a speaker's "let's ...": a volunteer just after takes it over


def follow_up_id(file: str, text: str) -> str:
    """Stable across edits elsewhere in the file: the path and the item's own words."""
    return hashlib.sha256(f"{file}\n{' '.join(text.split())}".encode()).hexdigest()[:12]


def new_candidate(
    statement: Statement, text: str, owners: list[Who], due: date | None, confidence: float, explicit: bool
) -> Candidate:
    unique: dict[str, Who] = {}
    for who in owners:
        unique.setdefault(who.login.lower() if who.login else fold(who.name), who)
    words = _content_words(statement.text)
    return Candidate(statement, text.strip(), list(unique.values()), due, confidence, explicit, words=words)


@lru_cache(maxsize=1024)
def _content_words(text: str) -> frozenset[str]:
    """Once per statement, not per candidate: a line with many follow-ups stays linear."""
    return frozenset(w for w in _CONTENT_WORD.findall(text) if w not in STOP_WORDS)


def _summed_up(spoken: Candidate, note: Candidate) -> bool:
    """ "Kim: I will read it" then the note "Kim volunteers to read and respond": one task, the note."""
    mine = {owner_key(w) for w in spoken.owners}
    return (
        spoken.spoken
        and not note.spoken
        and 0 < note.statement.line - spoken.statement.line <= 3
        and bool(mine & {owner_key(w) for w in note.owners})
        and bool(spoken.words & note.words)
    )


def owner_key(who: Who) -> str:
    return who.login.lower() if who.login else fold(who.name).split()[0]


# How many later explicit items of the same owner a prose follow-up is compared with: a
# restatement sits in the same meeting's list; the bound keeps a hostile file linear.
_RESTATED_REACH = 200
# A proposal is taken up in the next few lines of the dialogue, or not at all.
_TAKEN_UP_LINES = 6
_TAKEN_UP_REACH = 8


def _volunteer(proposal: Candidate, later: list[Candidate]) -> Candidate | None:
    """ "A: let's document the concerns" then "B: I'll take an action item to document them": B's task.

    The proposal is one task with the volunteer's line, which names who does it; without a
    volunteer the proposal stays the speaker's.
    """
    if not proposal.proposal:
        return None
    mine = {owner_key(w) for w in proposal.owners}
    for candidate in later:
        distance = candidate.statement.line - proposal.statement.line
        if distance > _TAKEN_UP_LINES:
            return None
        if (
            distance > 0
            and candidate.owners
            and not candidate.proposal
            and {owner_key(w) for w in candidate.owners} - mine
            and candidate.statement.headings == proposal.statement.headings
            and proposal.words & candidate.words
        ):
            return candidate
    return None


def drop_restated(candidates: list[Candidate]) -> list[Candidate]:
    """A commitment restated by an action label later in the file is counted once, there.

    Minutes often say "Oliver plans to add it" and then "Decision: Oliver to add it", or
    record a task in the discussion and again in a closing "Action Items" list.
    """
    identities = [frozenset(owner_key(w) for w in c.owners) for c in candidates]
    later = _LaterStatements.of(candidates, identities)
    kept: list[Candidate] = []
    for index, candidate in enumerate(candidates):
        taker = _volunteer(candidate, candidates[index + 1 : index + 1 + _TAKEN_UP_REACH])
        if taker is None and not candidate.explicit:
            taker = _restated_by(index, candidates, identities, later)
        if taker is not None:
            taker.also.append(candidate.statement.line)
            continue
        kept.append(candidate)
    return _one_per_line_and_owners(kept)


@dataclass
class _LaterStatements:
    """The candidates a prose one can be restated by, each list in file order for a bisect.

    Those sharing an owner, or, for an ownerless one, the ownerless ones of its topic; for a
    dialogue line also any later one of its owner (`_summed_up`). Indexed once per meeting, so
    each candidate looks only at the few nearest after it.
    """

    explicit_by_owner: dict[str, list[int]]
    explicit_ownerless: dict[tuple[str, ...], list[int]]
    any_by_owner: dict[str, list[int]]  # explicit or not, for `_summed_up`

    @classmethod
    def of(cls, candidates: list[Candidate], identities: list[frozenset[str]]) -> _LaterStatements:
        index = cls({}, {}, {})
        for position, candidate in enumerate(candidates):
            for identity in identities[position]:
                index.any_by_owner.setdefault(identity, []).append(position)
            if candidate.explicit:
                for identity in identities[position]:
                    index.explicit_by_owner.setdefault(identity, []).append(position)
                if not identities[position]:
                    index.explicit_ownerless.setdefault(candidate.statement.headings, []).append(position)
        return index


def _restated_by(
    index: int, candidates: list[Candidate], identities: list[frozenset[str]], later: _LaterStatements
) -> Candidate | None:
    """The first later candidate that restates the prose one at `index`, if any."""
    candidate = candidates[index]
    mine = identities[index]
    pools = [later.explicit_by_owner.get(i, []) for i in mine]
    if not mine:
        pools = [later.explicit_ownerless.get(candidate.statement.headings, [])]
    if candidate.spoken:  # a note that sums it up need not be explicit
        pools += [later.any_by_owner[i] for i in mine]
    nearest: set[int] = set()
    for pool in pools:
        first = bisect_right(pool, index)
        nearest.update(pool[first : first + _RESTATED_REACH])
    for later_index in sorted(nearest):  # the first restatement in the file takes it
        restatement = candidates[later_index]
        if restatement.statement.line == candidate.statement.line:
            continue
        if _summed_up(candidate, restatement):
            return restatement
        if restatement.explicit and _restates(candidate, restatement, mine, identities[later_index]):
            return restatement
    return None


def _restates(candidate: Candidate, later: Candidate, mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """An explicit later candidate restates a prose one: same owner or topic, shared words."""
    same_topic = later.statement.headings == candidate.statement.headings
    overlap = len(candidate.words & later.words)
    same_owner = bool(mine and mine & theirs)
    return bool(
        (same_owner and later.section and overlap >= 1)  # a closing "Action Items" list restates it
        or (same_owner and (overlap >= 2 or (same_topic and overlap >= 1)))
        or (not mine and not theirs and same_topic and overlap >= 3)
    )


def _one_per_line_and_owners(kept: list[Candidate]) -> list[Candidate]:
    """One entry per line and owner set: "will A and then B" is one task list for one person."""
    merged: dict[tuple[int, tuple[str, ...], date | None], Candidate] = {}
    for candidate in kept:
        key = (candidate.statement.line, tuple(sorted(owner_key(w) for w in candidate.owners)), candidate.due)
        if key in merged:
            continue
        merged[key] = candidate
    result = list(merged.values())
    by_line: dict[int, list[Candidate]] = {}
    for candidate in result:
        by_line.setdefault(candidate.statement.line, []).append(candidate)
    final: list[Candidate] = []
    for candidate in result:
        owners = {owner_key(w) for w in candidate.owners}
        same_line = [c for c in by_line[candidate.statement.line] if c is not candidate]
        if not owners and candidate.due is None and any(c.owners for c in same_line):
            continue  # an ownerless echo of a line that already names its owner
        final.append(candidate)
    return final


def to_model(file: str, candidate: Candidate) -> FollowUp:
    statement = candidate.statement
    logins = [w.login for w in candidate.owners if w.login]
    return FollowUp(
        id=follow_up_id(file, f"{statement.text}\n{candidate.text}\n{' '.join(sorted(logins))}"),
        line=statement.line,
        owners=logins,
        owner_names=[w.name for w in candidate.owners if w.login],
        unresolved_names=[w.name for w in candidate.owners if not w.login],
        due=candidate.due,
        text=candidate.text,
        topic=statement.topic,
        confidence=round(min(max(candidate.confidence, 0.0), 1.0), 2),
        also_stated_at=sorted(set(candidate.also)),
    )
