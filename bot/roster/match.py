"""Names to logins: weigh the evidence for each person of the minutes, then decide.

Pure. A wrong login is a wrong ping, so every rule leans towards leaving an entry for the
maintainer to confirm: a login is suggested only when the minutes state it, or when a name
dominates the login's history *and* the login dominates the name's, with enough support
(a login that looks like the name, several observations, or an exact source such as a
noreply e-mail or a profile). A first name alone never earns a suggestion.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from bot.domain.config import Person
from bot.domain.people import Roster
from bot.parse.names import login_letters, resemblance
from bot.parse.text import fold, fold_variants
from bot.roster.evidence import Evidence
from bot.roster.grouping import NamedPerson, People
from bot.roster.names import NameSighting

Status = Literal["existing", "suggested", "ambiguous", "unsure", "unmatched"]

SUGGEST_AT = 0.7  # below this an entry is printed commented out
_EXACT_SOURCES = {"git-noreply", "profile"}


class Entry(BaseModel):
    """One person of the suggestion, with why (evidence) and how sure (confidence)."""

    name: str
    login: str | None = None
    aliases: list[str] = []
    status: Status
    confidence: float = 0.0
    evidence: list[str] = []
    candidates: list[str] = []
    files: int = 0


class Suggestion(BaseModel):
    entries: list[Entry]
    ambiguous_names: dict[str, list[str]] = {}
    sources: list[str] = []
    warnings: list[str] = []


@dataclass
class _Tie:
    """Everything that ties one person to one login."""

    login: str  # lower case
    count: int = 0
    sources: set[str] = field(default_factory=set)
    where: list[str] = field(default_factory=list)


class _Matcher:
    """The evidence counted per login and per person, and the decision for each person."""

    def __init__(self, people: People, evidence: Iterable[Evidence]) -> None:
        self.people = people
        self.casing: dict[str, Counter[str]] = defaultdict(Counter)
        self.observed: dict[str, Counter[NamedPerson]] = defaultdict(Counter)  # login → person → count
        self.other_names: dict[str, Counter[str]] = defaultdict(Counter)  # login → name of nobody known
        self.ties: dict[NamedPerson, dict[str, _Tie]] = defaultdict(dict)
        self.stated: dict[NamedPerson, dict[str, _Tie]] = defaultdict(dict)
        self.decided: dict[NamedPerson, Entry] = {}
        for item in evidence:
            self._count(item)

    def _count(self, item: Evidence) -> None:
        login = item.login.lower()
        self.casing[login][item.login] += 1
        name = item.name
        if name is None or (" " not in name.strip() and login_letters(name) == login_letters(login)):
            return  # no name, or the login again ("tanish111" as a commit author name)
        person = self.people.lookup(name, single=item.source == "minutes")
        if person is None:
            if item.source != "minutes":
                self.other_names[login][name] += 1
            return
        if item.source == "minutes":
            table = self.stated[person]
        else:
            self.observed[login][person] += 1
            table = self.ties[person]
        tie = table.setdefault(login, _Tie(login=login))
        tie.count += 1
        tie.sources.add(item.source)
        tie.where.append(item.where)
        if item.source == "profile" or not name.isascii():
            person.spellings[name] += 1  # how the person writes their own name

    def login_of(self, key: str) -> str:
        """The login as GitHub spells it (most observations agree on the case)."""
        return self.casing[key].most_common(1)[0][0]

    def total(self, login: str) -> int:
        return sum(self.observed[login].values()) + sum(self.other_names[login].values())

    def person_total(self, person: NamedPerson) -> int:
        return sum(tie.count for tie in self.ties[person].values())

    def _dominates(self, tie: _Tie, person: NamedPerson) -> bool:
        """Whether this name is the login's own: most of its observations carry it, or the most
        of them do and the login looks like the name (a login that carried colleagues' commits)."""
        if tie.count * 2 > self.total(tie.login):
            return True
        rivals = [*self.observed[tie.login].values(), *self.other_names[tie.login].values()]
        return tie.count == max(rivals) and resemblance(tie.login, person.display()) == "strong"

    def _looks_like_someone_else(self, login: str, person: NamedPerson) -> bool:
        """`vijaydhanraj` carried Peter Fang's commits, but it is Vijay Dhanraj's login."""
        if resemblance(login, person.display()) == "strong":
            return False
        return any(
            other is not person and not other.first_only and resemblance(login, other.display()) == "strong"
            for other in self.people.persons
        )

    def _describe(self, tie: _Tie, person: NamedPerson, stated: bool = False) -> str:
        sample = ", ".join(tie.where[:3])
        if stated:
            return f"the minutes state `{self.login_of(tie.login)}` for {person.display()} ({sample})"
        login = self.login_of(tie.login)
        return (
            f"{tie.count} of {self.total(tie.login)} observations of `{login}` carry this name, "
            f"{tie.count} of {self.person_total(person)} of this name's are `{login}` "
            f"({', '.join(sorted(tie.sources))}: {sample})"
        )

    def _confidence(self, tie: _Tie, person: NamedPerson) -> tuple[float, list[str]]:
        login = self.login_of(tie.login)
        notes = []
        score = 0.6
        look = resemblance(tie.login, person.display())
        if look != "none":
            score += 0.25 if look == "strong" else 0.15
            notes.append(f"`{login}` {'looks like' if look == 'strong' else 'resembles'} the name")
        if tie.count >= 3:
            score += 0.1
        if tie.sources & _EXACT_SOURCES:
            score += 0.1
        if tie.count * 2 <= self.total(tie.login):
            score -= 0.1
            notes.append(
                f"`{login}` also carried other people's commits: this name is only its most frequent"
            )
        return round(min(score, 0.98), 2), notes

    def decide(self, person: NamedPerson) -> Entry:
        entry = Entry(name=person.display(), status="unmatched", files=len(person.files))
        stated = self.stated.get(person, {})
        consistent = [
            tie
            for tie in self.ties.get(person, {}).values()
            if tie.count * 2 > self.person_total(person)
            and self._dominates(tie, person)
            and not self._looks_like_someone_else(tie.login, person)
        ]
        if len(stated) == 1:
            tie = next(iter(stated.values()))
            entry.login, entry.status, entry.confidence = self.login_of(tie.login), "suggested", 0.95
            entry.evidence = [self._describe(tie, person, stated=True)]
            for other in consistent:
                if other.login == tie.login:
                    entry.confidence = 0.99
                    entry.evidence.append(self._describe(other, person))
        elif len(stated) > 1:
            entry.status = "ambiguous"
            entry.candidates = [self.login_of(login) for login in sorted(stated)]
            entry.evidence = [self._describe(tie, person, stated=True) for tie in stated.values()]
        elif len(consistent) == 1 and not person.first_only:
            tie = consistent[0]
            entry.login = self.login_of(tie.login)
            entry.confidence, notes = self._confidence(tie, person)
            entry.evidence = [self._describe(tie, person), *notes]
            entry.status = "suggested" if entry.confidence >= SUGGEST_AT else "unsure"
            if entry.status == "unsure":
                entry.evidence.append("too little support for a ping: confirm the profile first")
        elif len(consistent) > 1:
            entry.status = "ambiguous"
            entry.candidates = [self.login_of(tie.login) for tie in consistent]
            entry.evidence = [self._describe(tie, person) for tie in consistent]
        return entry

    def merge_variants(self) -> None:
        """ "Huibo Wang" in the minutes, "Melody Wang" on GitHub, login `MelodyHuibo`: one person.

        A person with no login takes the login of a same-surname name (a person of the minutes
        or only a PR author name) when the login also holds this person's first name.
        """
        for person in list(self.people.persons):
            entry = self.decided.get(person)
            if (
                entry is None
                or person.first_only
                or entry.status != "unmatched"
                or len(entry.name.split()) < 2
            ):
                continue
            first, last = person.first(), person.last()
            if len(first) < 4:
                continue  # "Ann" is in too many logins to tell "Ann Lee" from "Anna Lee"
            matches: list[tuple[str, str, NamedPerson | None]] = []
            for login in set(self.observed) | set(self.other_names):
                if not any(v in login_letters(login) for v in fold_variants(first)):
                    continue
                for other in self.observed[login]:
                    decided = self.decided.get(other)
                    if decided and decided.login and decided.login.lower() == login and other.last() == last:
                        matches.append((login, decided.name, other))
                for name, count in self.other_names[login].items():
                    if fold(name.split()[-1]) == last and count * 2 > self.total(login):
                        matches.append((login, name, None))
            if len({m[0] for m in matches}) != 1:
                continue
            login, name, other = matches[0]
            if other is None:
                count = self.other_names[login][name]
                entry.login, entry.confidence = self.login_of(login), SUGGEST_AT if count >= 3 else 0.6
                entry.status = "suggested" if entry.confidence >= SUGGEST_AT else "unsure"
                person.short[name] += 1
                entry.evidence = [
                    f"{count} of {self.total(login)} observations of `{entry.login}` carry the name "
                    f"{name!r}: same surname, and the login holds the first name"
                ]
            else:
                self._fold_into(person, other)

    def _fold_into(self, person: NamedPerson, other: NamedPerson) -> None:
        """One person under two names: keep the entry with the login, named as written most."""
        kept = self.decided[other]
        other.spellings.update(person.spellings)
        other.short.update(person.short)
        other.files |= person.files
        kept.name, kept.files = other.display(), len(other.files)
        kept.evidence.append(
            f"{person.display()} has the same surname and `{kept.login}` holds the first name"
        )
        self.people.persons.remove(person)
        self.people.reindex()
        del self.decided[person]

    def resemblance_only(self) -> None:
        """A login seen with no name at all that looks like one person: never pinged, but
        printed commented out so the maintainer can check the profile."""
        claimed = {e.login.lower() for e in self.decided.values() if e.login}
        nameless = [
            login
            for login in self.casing
            if not self.observed[login] and not self.other_names[login] and login not in claimed
        ]
        for person, entry in self.decided.items():
            if entry.status != "unmatched" or person.first_only:
                continue
            for level, confidence in (("strong", 0.5), ("medium", 0.4)):
                looks = [login for login in nameless if resemblance(login, person.display()) == level]
                if len(looks) == 1:
                    entry.login, entry.status, entry.confidence = (
                        self.login_of(looks[0]),
                        "unsure",
                        confidence,
                    )
                    entry.evidence = [
                        f"`{entry.login}` {'looks like' if level == 'strong' else 'resembles'} the name, "
                        "but no source gives its owner's name"
                    ]
                    break

    def first_name_only(self) -> None:
        """ "Marco will review" and one PR author called Marco: printed commented out, never
        pinged, and only when no other Marco appears anywhere (minutes or evidence).

        A full name of the minutes with this first name would have claimed it already, so
        only the names that matched nobody are searched.
        """
        names: dict[str, set[str]] = defaultdict(set)  # first name → full names seen
        logins: dict[str, set[str]] = defaultdict(set)  # full name → logins it dominates
        for login, counts in self.other_names.items():
            for name, count in counts.items():
                if len(name.split()) > 1:
                    names[fold(name.split()[0])].add(name)
                    if count * 2 > self.total(login):
                        logins[name].add(login)
        for person, entry in self.decided.items():
            if not person.first_only or entry.status != "unmatched":
                continue
            found = names.get(fold(person.display()), set())
            full = next(iter(found)) if len(found) == 1 else None
            if full is None or len(logins[full]) != 1:
                continue
            login = self.login_of(next(iter(logins[full])))
            entry.login, entry.status, entry.confidence = login, "unsure", 0.5
            entry.evidence = [
                f"first name only: the one PR author called {person.display()} is {full} (`{login}`)"
            ]

    def resolve_conflicts(self) -> None:
        """A login that two people claim goes to neither: both are printed as ambiguous."""
        claims: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.decided.values():
            if entry.login:
                claims[entry.login.lower()].append(entry)
        for entries in claims.values():
            if len(entries) < 2:
                continue
            for entry in entries:
                others = ", ".join(e.name for e in entries if e is not entry)
                entry.evidence.append(f"`{entry.login}` is also the best match for {others}")
                entry.status, entry.candidates, entry.login = "ambiguous", [entry.login or ""], None


def suggest(
    sightings: Iterable[NameSighting],
    evidence: Iterable[Evidence],
    existing: Iterable[Person] = (),
    sources: Iterable[str] = (),
) -> Suggestion:
    """Decide a login (or none) for every person named in the minutes."""
    people = People(sightings)
    matcher = _Matcher(people, evidence)
    for person in people.persons:
        matcher.decided[person] = matcher.decide(person)
    matcher.merge_variants()
    matcher.resemblance_only()
    matcher.first_name_only()
    matcher.resolve_conflicts()

    existing = list(existing)
    roster = Roster(existing)
    entries = [
        Entry(name=p.name, login=p.github, aliases=list(p.aliases), status="existing", confidence=1.0)
        for p in existing
    ]
    by_login = {e.login.lower(): e for e in entries if e.login}
    for person, entry in matcher.decided.items():
        taken = by_login.get((entry.login or "").lower())
        if taken is not None and not roster.lookup(entry.name):
            entry.evidence.append(f"`{entry.login}` already belongs to {taken.name} in the config")
            entry.status, entry.candidates, entry.login = "ambiguous", [entry.login or ""], None
        if person.first_only and entry.status == "unmatched" and sum(person.spellings.values()) < 2:
            continue  # one capitalised word once, and nothing links it to anyone: noise, not a person
        spellings = [s for s in person.spellings if len(s.split()) > 1] or list(person.spellings)
        known = next((found for s in spellings if (found := roster.lookup(s))), None)
        if known is not None:
            kept = by_login[known.github.lower()]
            kept.files = len(person.files)
            if entry.login and entry.login.lower() != known.github.lower():
                kept.evidence.append(f"note: the evidence points at `{entry.login}` instead")
            continue
        entry.aliases = _aliases(person, people)
        entries.append(entry)
    _drop_colliding_aliases(entries)
    return Suggestion(entries=entries, ambiguous_names=people.ambiguous, sources=list(sources))


def _aliases(person: NamedPerson, people: People) -> list[str]:
    """The other ways the minutes write this person: a unique first name ("Jörg", "Joerg"),
    ASCII spellings ("Joerg Roedel"), nicknames ("Melody Wang") and initials ("James B")."""
    name = person.display()
    first = name.split()[0]
    first_unique = len(name.split()) > 1 and len(people.first_name_owners(first)) == 1
    taken = {fold(name)}
    aliases: list[str] = []

    def add(spelling: str) -> None:
        if fold(spelling) not in taken:
            taken.add(fold(spelling))
            aliases.append(spelling)

    if first_unique:
        add(first)
    for spelling, _ in person.spellings.most_common():
        if len(spelling.split()) > 1:
            add(spelling)
    for spelling, _ in person.short.most_common():
        if len(spelling.split()) > 1 or (first_unique and fold_variants(spelling) & fold_variants(first)):
            add(spelling)
    return aliases


def _drop_colliding_aliases(entries: list[Entry]) -> None:
    """The config refuses a spelling shared by two people; such an alias helps no one."""
    owners: dict[str, set[int]] = defaultdict(set)
    for index, entry in enumerate(entries):
        for spelling in (entry.name, *entry.aliases):
            for key in fold_variants(spelling):
                owners[key].add(index)
    for index, entry in enumerate(entries):
        if entry.status != "existing":
            entry.aliases = [a for a in entry.aliases if all(owners[k] == {index} for k in fold_variants(a))]
