"""What every minutes file of a run needs from the roster, computed once per roster.

`names.FileNames` reads one file; these tables depend on the roster alone, so a run with
many files builds them once (each is cached per roster), not once per file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.config import Person
from bot.domain.people import LOGIN_WORD, Roster, alternation
from bot.parse.text import fold


@lru_cache(maxsize=8)
def login_words(roster: Roster) -> tuple[dict[str, Person], re.Pattern[str] | None]:
    """Once per roster, not per file: its size would otherwise cost every file.

    Roster logins as written, for logins in the text without "@" (what `by_login` answers
    with the same spelling), found by one pattern that matches what `LOGIN_WORD` would.
    """
    logins = {
        p.github: p
        for p in roster.people
        if roster.by_login(p.github) is p and LOGIN_WORD.fullmatch(p.github)
    }
    alternatives = alternation(logins, ignore_case=False)
    return logins, re.compile(rf"(?<![\w@/.-])(?:{alternatives})(?![\w/-])") if logins else None


@dataclass(frozen=True)
class RosterNames:
    """What every file of a run needs from the roster, computed once per roster."""

    full_names: dict[str, str]  # folded full name -> as the roster writes it (the first person's)
    first_words: dict[str, list[str]]  # folded first word -> the folded full names above that start so
    lower_people: frozenset[str]  # logins and one-word aliases in lower case


@lru_cache(maxsize=8)
def roster_names(roster: Roster) -> RosterNames:
    """The full names, first words and lower-case names of a roster, for every file of a run."""
    full_names: dict[str, str] = {}
    for person in roster.people:
        full_names.setdefault(fold(person.name), person.name)
    first_words: dict[str, list[str]] = {}
    for key, name in full_names.items():
        first_words.setdefault(fold(name.split()[0]) if name.split() else "", []).append(key)
    lower_people = frozenset(
        key
        for person in roster.people
        for key in (person.github.casefold(), *(fold(a) for a in person.aliases))
        if " " not in key
    )
    return RosterNames(full_names, first_words, lower_people)
