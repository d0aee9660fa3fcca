"""How minutes talk about a pull request by subject: "Richard's reboot PR", "the patch".

The phrases that name a PR without its number, whose it is (`_owner`), and the terms a
sentence or heading gives to rank the PRs that could be meant; `by_subject.py` uses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.models import Meeting, PullRequest, Statement
from bot.domain.people import Roster, handles
from bot.extract.discussed import blank_out
from bot.extract.implicit import (
    ANYONE,
    NAMED,
    PullIndex,
    Ranked,
    choose,
    query_terms,
)
from bot.parse.words import SUBJECT_STOP_WORDS

_PR_NOUN = r"(?:PRs?|pull[ -]requests?|patch(?:es)?|patch[ -]?sets?|patch series)"
_NOUN = re.compile(rf"\b(?P<noun>{_PR_NOUN})\b", re.IGNORECASE)
_PLURAL = re.compile(r"(?:PRs|requests|patches|sets)$", re.IGNORECASE)
# A PR noun that names a practice, not a PR: "pull request labels", "the PR process".
_MODIFIER_AFTER = re.compile(
    r"^\s+(?:labels?|process(?:es)?|reviews?|reviewers?|templates?|guidelines?|polic(?:y|ies)|workflows?|"
    r"queues?|backlogs?|permissions?|text|descriptions?|titles?|count|numbers?|rules?|approvals?|authors?)\b",
    re.IGNORECASE,
)
# ... or many of them, or PRs elsewhere or no longer open: "any PR", "downstream patches",
# "the recently merged attestation PR".
_NOT_ONE_OPEN_BEFORE = re.compile(
    r"\b(?:any|all|every|which|whose|other|several|many|more|older|stale|external|downstream|upstream|some|multiple|"
    r"open|merged|closed|landed|abandoned|kernel|linux|qemu|edk2|ovmf)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Code put up for review without the word PR: "posted his reboot code for review".
_CODE_FOR_REVIEW = re.compile(
    r"\b(?:posted|submitted|sent|pushed|opened|published)\b(?:\s+\S+){0,6}?\s+"
    r"(?:code|changes?|patch\w*|series|fix\w*|implementation|branch)\b"
    r"|\bfor review\b"
    r"|\b(?:upcoming|proposed|pending)\s+(?:[\w-]+\s+)?changes?\b"
    r"|\bproposed\s+(?:making|adding|removing|enabling|disabling|to\s+(?:make|add|remove|enable|disable))\b",
    re.IGNORECASE,
)
# A heading about a PR: "### Console PR", "### vTPM Merge Status".
_MERGE = re.compile(r"\bmerg(?:e|ed|ing)\b", re.IGNORECASE)
# "the PR" right after another PR was named refers back to that one.
_ANAPHORA = re.compile(rf"\b(?:the|this|that|these|those|its?)\s+{_PR_NOUN}\b", re.IGNORECASE)
# A PR that is still to be written: "Jörg plans to post his own work next week".
_FUTURE_PR = re.compile(
    r"\b(?:will|would|shall|plans?\s+to|planning\s+to|going\s+to|intends?\s+to|wants?\s+to|agreed\s+to|"
    r"offered\s+to)\s+(?:\w+\s+){0,3}?(?:post|submit|open|send|create|prepare|write|finali[sz]e|share)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:he|she|they|his|her|their)\b", re.IGNORECASE)
# The owner written out: "Geoffrey's PR", "Ann Lee posted a patch", "Ann said she opened two PRs".
# Name words are bounded and possessive ({1,40}+; giving back letters never helps, as the next
# character must be a space or an apostrophe): unbounded, each capital inside a long hyphenated
# run ("Ab-Ab-...") rescanned the rest of the run, which made the search quadratic.
_OWNER = re.compile(
    rf"\b(?P<possessive>[A-Z][\w-]{{1,40}}+(?:\s+[A-Z][\w-]{{1,40}}+)?)['’]s?\s+"
    # "Roy's feedback on the relocation PR": Roy owns the feedback, not the PR.
    rf"(?:(?!(?:on|of|for|to|about|with|in|from|by|and)\b)[\w-]+\s+){{0,4}}?{_PR_NOUN}\b"
    r"|(?:^|:\s+)(?P<subject>[A-Z][\w-]{1,40}+(?:\s+[A-Z][\w-]{1,40}+)?)\s+"
    r"(?:(?:said|announced|mentioned|noted|reported)\s+(?:that\s+)?(?:he|she|they)\s+)?(?:has\s+|had\s+)?"
    r"(?:posted|opened|submitted|sent|proposed|pushed)\b"
)


def _pr_talk(text: str) -> str | None:
    """What the sentence says about code under review: "one" PR, "some" PRs, "code", or None.

    Only a sentence about one PR may be matched against everyone's PRs; "some" PRs are
    resolved only when their owner is written out ("Stefano opened a couple of PRs").
    """
    found = None
    for match in _NOUN.finditer(text):
        if _MODIFIER_AFTER.match(text[match.end() :]) or _NOT_ONE_OPEN_BEFORE.search(text[: match.start()]):
            continue
        if not _PLURAL.search(match.group("noun")):
            return "one"
        found = "some"
    if found is None and _CODE_FOR_REVIEW.search(text):
        found = "code"
    return found


def _heading_talk(text: str) -> bool:
    return _pr_talk(text) is not None or bool(_MERGE.search(text))


@dataclass(frozen=True)
class _Owner:
    """Whose PR a sentence means: logins, and whether the sentence says so outright.

    `shared` holds the logins that came from a name several people answer to ("Carlos"):
    such a name may find candidates, never pick one of them.
    """

    logins: frozenset[str]
    stated: bool = False
    shared: frozenset[str] = frozenset()
    written: tuple[str, ...] = ()  # the names as the sentence wrote them


@dataclass(frozen=True)
class _Section:
    """The statements under one heading."""

    heading: Statement | None
    statements: tuple[Statement, ...]


def _sections(meeting: Meeting) -> dict[tuple[str, ...], _Section]:
    grouped: dict[tuple[str, ...], list[Statement]] = {}
    for statement in meeting.statements:
        grouped.setdefault(statement.headings, []).append(statement)
    return {
        headings: _Section(next((s for s in statements if s.kind == "heading"), None), tuple(statements))
        for headings, statements in grouped.items()
    }


def _weighted_terms(parts: Iterable[tuple[str, float]], roster: Roster) -> dict[str, float]:
    """Stemmed words -> weight, from texts of different weight; names are not subjects."""
    query: dict[str, float] = {}
    for text, weight in parts:
        spans = [(m.start, m.end) for m in roster.mentions(text)]
        for word in query_terms(blank_out(text, spans)):
            query[word] = max(query.get(word, 0.0), weight)
    return query


def _logins(roster: Roster, statements: Iterable[Statement]) -> frozenset[str]:
    """Everyone the statements may name: ambiguous first names bring all their candidates."""
    return _named(roster, statements).logins


def _named(roster: Roster, statements: Iterable[Statement], stated: bool = False) -> _Owner:
    """The people the statements name, with the ones a shared first name brought in."""
    found: set[str] = set()
    shared: set[str] = set()
    written: list[str] = []
    for statement in statements:
        for mention in roster.mentions(statement.text):
            logins = {person.github for person in mention.candidates}
            found |= logins
            if len(logins) > 1:
                shared |= logins
            written.append(mention.written)
        found |= set(handles(statement.text))
    return _Owner(frozenset(found), stated, frozenset(shared), tuple(written))


def _owner(statement: Statement, section: _Section, roster: Roster) -> _Owner | str:
    """Whose PR the sentence talks about, or the name of an owner who is not in the roster.

    An owner written out ("Richard's reboot PR") is the only candidate; else everyone the
    sentence names; a sentence that starts with a pronoun means the person named last
    before it under the same heading.
    """
    for match in _OWNER.finditer(statement.text):
        name = match.group("possessive") or match.group("subject")
        if name.split()[0].lower() in SUBJECT_STOP_WORDS:
            continue  # "Last week's PR", "The patch": not a name
        found = roster.candidates(name) or [p for part in name.split() for p in roster.candidates(part)]
        if found:
            logins = frozenset(person.github for person in found)
            return _Owner(
                logins, stated=True, shared=logins if len(logins) > 1 else frozenset(), written=(name,)
            )
        if name.isupper():
            return _Owner(frozenset(), stated=True)  # "the TCG's patch": an organisation's, not ours
        return name
    own = _named(roster, [statement])
    if own.logins or not _PRONOUN.match(statement.text):
        return own
    earlier = [s for s in section.statements if s.line < statement.line and s.kind != "heading"]
    for previous in reversed(earlier):
        found = _named(roster, [previous])
        if found.logins:
            return found
    return _Owner(frozenset())


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rank(
    query: dict[str, float], owner: _Owner, index: PullIndex, day: date, anyone: bool
) -> tuple[PullRequest | None, tuple[Ranked, ...], bool]:
    """The PR the sentence means, else the close candidates (maybe none).

    The person named is often the reviewer ("Jörg asked about the launch measurement
    PR"), so for a sentence about one PR whose owner is not written out, every open PR is
    ranked too; when one of someone else's fits far better than any of theirs, it is
    taken only if it clears the much stricter thresholds for that pool, and even then
    only as a candidate (the third value is True): its author is not named. Ties in that
    pool stay silent: a list of strangers' PRs would not help the reader.
    """
    if not query:
        return None, (), False
    named = index.rank(query, index.open_pulls(day, owner.logins))
    if anyone:
        everyone = index.rank(query, index.open_pulls(day))
        top = named[0].score if named else 0.0
        if (
            everyone
            and everyone[0].pull.author not in owner.logins
            and everyone[0].score >= NAMED.ratio * top
        ):
            fallback = choose(everyone, ANYONE)
            return fallback.pull, (), True
    choice = choose(named, NAMED)
    return choice.pull, choice.contenders, False


def _refers_back(
    statement: Statement, section: _Section, explicit_lines: set[int], first_named: int | None
) -> bool:
    """Under a heading or item that names a PR, "the PR" is that PR, not a new one."""
    if statement.parent_line in explicit_lines:
        return True
    if section.heading is not None and section.heading.line in explicit_lines:
        return True
    earlier = first_named is not None and first_named < statement.line
    return earlier and bool(_ANAPHORA.search(statement.text))
