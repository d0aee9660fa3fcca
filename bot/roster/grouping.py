"""The people of the minutes: every spelling of a person grouped into one, and how much a
login looks like a name.

Pure. Grouping is by folded keys ("Jörg Rödel" = "Joerg Roedel" = "Jorg Rodel", "David A.
Wheeler" = "David Wheeler"); a first name or "James B" joins a full name only when exactly
one full name fits, otherwise it is recorded as ambiguous and never used as an alias.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.parse.names import PARTICLES, initial_form, name_keys
from bot.parse.text import fold, fold_variants
from bot.roster.names import NameSighting


@dataclass(eq=False)  # identity: two people may share every spelling seen so far
class NamedPerson:
    """One person of the minutes: the full names written for them, and shorter forms."""

    spellings: Counter[str] = field(default_factory=Counter)
    short: Counter[str] = field(default_factory=Counter)  # first names, "James B", "T. Lendacky"
    files: set[str] = field(default_factory=set)
    first_only: bool = False

    def keys(self) -> set[str]:
        return {k for s in self.spellings for k in name_keys(s)}

    def first(self) -> str:
        return fold(self.display().split()[0])

    def last(self) -> str:
        return fold(self.display().split()[-1])

    def display(self) -> str:
        def score(spelling: str) -> tuple[bool, bool, int]:
            words = spelling.split()
            accented = any(not c.isascii() for c in spelling)
            capitalised = all(w[:1].isupper() or w in PARTICLES for w in words) and not any(
                w.isupper() and len(w) > 1 for w in words
            )
            return (capitalised, accented, self.spellings[spelling])

        return max(self.spellings, key=score)


class People:
    """The persons of the minutes, built from sightings; lookup by any spelling."""

    def __init__(self, sightings: Iterable[NameSighting]) -> None:
        self.persons: list[NamedPerson] = []
        self.ambiguous: dict[str, list[str]] = {}
        self._by_key: dict[str, NamedPerson] = {}
        sightings = list(sightings)
        is_full = [len(s.name.split()) > 1 and not initial_form(s.name) for s in sightings]
        for sighting, full in zip(sightings, is_full, strict=True):
            if full:
                self._add_full(sighting)
        self._firsts: dict[str, list[NamedPerson]] = {}
        self.reindex()
        for sighting, full in zip(sightings, is_full, strict=True):
            if not full:
                self._add_short(sighting)

    def _add_full(self, sighting: NameSighting) -> None:
        keys = name_keys(sighting.name)
        found = {id(self._by_key[k]): self._by_key[k] for k in keys if k in self._by_key}
        persons = list(found.values())
        person = persons[0] if persons else NamedPerson()
        if not persons:
            self.persons.append(person)
        for other in persons[1:]:  # this spelling joins two groups: one person after all
            person.spellings.update(other.spellings)
            person.short.update(other.short)
            person.files |= other.files
            self.persons.remove(other)
        person.spellings[sighting.name] += 1
        person.files.add(sighting.file)
        for key in person.keys():  # noqa: SIM118 (a method of NamedPerson, not a dict)
            self._by_key[key] = person

    def reindex(self) -> None:
        """Rebuild the first-name index after people were merged."""
        self._firsts = defaultdict(list)
        for person in self.persons:
            if not person.first_only:
                for key in fold_variants(person.display().split()[0]):
                    self._firsts[key].append(person)

    def first_name_owners(self, first: str) -> list[NamedPerson]:
        """The people of the minutes whose full name starts with `first`."""
        found = {id(p): p for key in fold_variants(first) for p in self._firsts.get(key, ())}
        return list(found.values())

    def _add_short(self, sighting: NameSighting) -> None:
        name = sighting.name
        initial = initial_form(name)
        if initial:
            a, b = initial
            owners = [
                p
                for p in self.persons
                if not p.first_only
                and (
                    (len(b) == 1 and p.first() == a and p.last().startswith(b))
                    or (len(a) == 1 and p.first().startswith(a) and p.last() == b)
                )
            ]
        else:
            owners = [self._by_key[k] for k in name_keys(name) if k in self._by_key][:1]
            owners = owners or self.first_name_owners(name)
        if len(owners) == 1:
            owners[0].short[name] += 1
            owners[0].files.add(sighting.file)
        elif len(owners) > 1:
            self.ambiguous.setdefault(name, sorted({p.display() for p in owners}))
        elif not initial:
            person = self._by_key.get(f"first:{fold(name)}")
            if person is None:
                person = NamedPerson(first_only=True)
                self.persons.append(person)
                self._by_key[f"first:{fold(name)}"] = person
            person.spellings[name] += 1
            person.files.add(sighting.file)

    def lookup(self, name: str, single: bool = False) -> NamedPerson | None:
        """The minutes person a full name from elsewhere (a PR, a profile) is, if any.

        `single` also finds a person the minutes only name by one word ("CRob"): right for a
        name the minutes themselves pair with a login, wrong for a PR author's first name.
        """
        for key in name_keys(name):
            person = self._by_key.get(key)
            if person and not person.first_only:
                return person
        return self._by_key.get(f"first:{fold(name)}") if single else None
