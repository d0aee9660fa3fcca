"""People named in one minutes file: roster names checked against everyone the file names.

The roster alone cannot tell whether "Jeff" is safe: the file may list a Jeffrey who is
not in the roster. So a bare first name resolves only when no other full name in the same
file shares it, initials only when the file defines them ("Dan Middleton (DM)"), and a
person who is not in the roster stays a name, never a login.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.domain.config import Person
from bot.domain.models import Meeting
from bot.domain.people import HANDLE, SEPARATOR, Mention, Roster
from bot.extract.lower_words import LowerCaseWords
from bot.extract.roster_names import login_words, roster_names
from bot.parse.names import NOT_NAMES, PARTICLES, initials
from bot.parse.text import fold, fold_variants

_NAME_WORD = r"[A-Z][a-zà-ÿ'’-]+(?:[A-Z][a-zà-ÿ'’-]+)?"
# A name opens on a capital that no word character precedes: the capital first, then the look
# back, so the scan jumps from capital to capital instead of testing "\b" at every position.
_FULL_NAME = re.compile(
    rf"[A-Z](?<!\w[A-Z]){_NAME_WORD.removeprefix('[A-Z]')}"
    rf"(?:\s+(?:{'|'.join(sorted(PARTICLES))})?\s*{_NAME_WORD}){{1,3}}\b"
)
_INITIALS_DEF = re.compile(
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\s*\((?P<initials>[A-Z]{{2,3}})\)"
)
# What every initials definition holds; opening with a literal, it is looked for fast.
_INITIALS_IN_PARENS = re.compile(r"\([A-Z]{2,3}\)")
_INITIALS = re.compile(r"[A-Z]{2,3}")
# Any initials written as a word: the defined ones are looked up among its matches.
_INITIALS_WORD = re.compile(r"\b[A-Z]{2,3}\b")
_NAME_WORD_DOT = re.compile(_NAME_WORD + r"\.?")
_WORD = re.compile(r"[\w-]+")
_ATTENDANCE = re.compile(
    r"\b(attendees?|attendance|present|participants|regrets|voting members|members)\b", re.I
)
# "Attendance (please add yourself)", "Present:": a paragraph that opens the list of attendees.
_ATTENDANCE_LEAD = re.compile(
    r"^\W*(?:attendees?|attendance|present|participants|voting members|team members)\b[^.]{0,40}$", re.I
)


_NOUN_ENDING = re.compile(r"(?:tion|ment|ants|ings|ions|ness)$")


@dataclass(frozen=True)
class Who:
    """A person named in text: the login when the bot is sure, else only the name.

    Not a `domain/people.Mention` (one roster match, with its candidates when unsure): a Who
    is the extractor's verdict for one owner or speaker, and may name someone off the roster.
    """

    start: int
    end: int
    name: str
    login: str | None = None


@lru_cache(maxsize=4096)  # a file writes its few names again and again
def _person_words(name: str) -> bool:
    return all(fold(word) not in NOT_NAMES for word in name.split())


@lru_cache(maxsize=4096)  # table cells and attendance lists repeat their texts ("Yes", a name)
def _full_names_in(text: str) -> tuple[str, ...]:
    """Capitalised runs that read as a full name ("Ada Lovelace"), without a word never a name ("Call")."""
    return tuple(match.group(0) for match in _FULL_NAME.finditer(text) if _person_words(match.group(0)))


@lru_cache(maxsize=1024)  # one test per heading, not per statement under it
def _attendance_heading(heading: str) -> bool:
    return bool(_ATTENDANCE.search(heading))


def _first_names(full_names: dict[str, str], meant: dict[str, Person | None]) -> dict[str, set[str]]:
    """The people each folded first name may mean, among the names this file writes.

    A first name is ambiguous only among them: "Michael" at a meeting that Michaël did not
    attend means the one Michael of the file. `meant`: the roster person of each full name.
    """
    first_names: dict[str, set[str]] = {}
    for key, name in full_names.items():
        person = meant[key]
        identity = fold(person.name) if person else key
        first_names.setdefault(fold(name.split()[0]), set()).add(identity)
    return first_names


class FileNames:
    """Resolves names in the statements of one meeting file."""

    def __init__(self, roster: Roster, meeting: Meeting) -> None:
        self.roster = roster
        self._cache: dict[str, list[Who]] = {}
        self._speakers: dict[str, Who | None] = {}
        self._logins, self._login_words = login_words(roster)
        known = roster_names(roster)
        self.initials: dict[str, str] = {}
        # The attendance list's texts and roster names: who was present is asked only when two
        # roster people share a name, so it is worked out then (`present`), not for every file.
        self._attendance: list[tuple[str, tuple[Mention, ...]]] = []
        self._texts = [statement.text for statement in meeting.statements]
        full_names, attendee_names = self._read_statements(meeting)
        for name in self.initials.values():
            full_names.setdefault(fold(name), name)
        meant = {key: roster.lookup(name) for key, name in full_names.items()}  # each name looked up once
        self._written_full_names = {fold(person.name) for person in meant.values() if person is not None}
        for key, name in attendee_names.items():
            if key not in full_names:
                full_names[key], meant[key] = name, roster.lookup(name)
        self._first_names = _first_names(full_names, meant)
        self._attendee_initials: dict[str, set[str]] = {}
        for name in attendee_names.values():
            words = [w for w in name.split() if w[:1].isupper()]
            if 2 <= len(words) <= 3:
                self._attendee_initials.setdefault(initials(" ".join(words)), set()).add(name)
        # The full names this file writes; the roster's (`known.full_names`) stand behind them.
        self._file_full_names = full_names
        self._file_written = set(full_names.values())
        self._file_first_words = {fold(name.split()[0]) for name in full_names.values()}
        self._known = known
        # Logins and aliases written in lower case: "nikomatsakis volunteers to ..." names a person.
        self.lower_people = known.lower_people

    def _read_statements(self, meeting: Meeting) -> tuple[dict[str, str], dict[str, str]]:
        """The full names the file writes and its attendees', each folded -> as written.

        Records the attendance list and the initials the file defines on the way.
        """
        full_names: dict[str, str] = {}  # folded full name -> as written
        attendee_names: dict[str, str] = {}  # folded full name -> as written, roster or not
        attendance_lead = False
        headings: tuple[str, ...] | None = None
        attendance = False
        for statement, found in zip(meeting.statements, self.roster.mentions_each(self._texts), strict=True):
            text, kind = statement.text, statement.kind
            if statement.headings is not headings:  # the statements under a heading share its path
                headings = statement.headings
                attendance = bool(headings) and _attendance_heading(headings[-1])
            if kind == "paragraph":
                if statement.depth == 0:
                    attendance_lead = bool(_ATTENDANCE_LEAD.match(text))
            elif kind == "heading":
                attendance_lead = False
            attendee = attendance or (attendance_lead and kind == "item")
            # Capitalised full names, read once for the attendance list and the file's names.
            written = _full_names_in(text) if attendee or kind == "cell" else ()
            if attendee:
                self._attendance.append((text, found))
                for name in written:
                    attendee_names.setdefault(fold(name), name)
            if "(" in text:
                self._initials(text)
            for mention in found:
                if " " in mention.written and mention.person:  # a roster name written in full
                    full_names.setdefault(fold(mention.person.name), mention.person.name)
            if attendance or kind == "cell":
                for name in written:
                    full_names.setdefault(fold(name), name)
        return full_names, attendee_names

    def _initials(self, text: str) -> None:
        """Initials the text defines: "Dan Middleton (DM)".

        Only a text that writes "(DM)" may define any: that cheap search spares most texts
        the search for the names before it.
        """
        for match in _INITIALS_DEF.finditer(text) if _INITIALS_IN_PARENS.search(text) else ():
            letters = initials(match.group("name"))
            defined = match.group("initials")
            if _person_words(match.group("name")) and defined[0] == letters[0] and defined[-1] in letters[1:]:
                self.initials.setdefault(defined, match.group("name"))

    def is_full_name(self, name: str) -> bool:
        """Whether `name` is a full name as written: the file's, else the roster's the file does
        not write otherwise (the two are not merged: that would copy the roster per file)."""
        if name in self._file_written:
            return True
        key = fold(name)
        return key not in self._file_full_names and self._known.full_names.get(key) == name

    def is_first_word(self, first: str) -> bool:
        """Whether a full name of `full_names` starts with the folded word `first`."""
        if first in self._file_first_words:
            return True
        return any(key not in self._file_full_names for key in self._known.first_words.get(first, ()))

    @cached_property
    def present(self) -> set[str]:
        """The logins of roster people in the attendance list: by any spelling, logins with "@" or without."""
        present: set[str] = set()
        for _, mentions in self._attendance:
            for mention in mentions:
                people = [mention.person] if mention.person else list(mention.candidates)
                if len(people) == 1 or " " in mention.written.strip():
                    present.update(p.github.lower() for p in people)
        # One scan of the texts joined: the separator is no word character, "@", "/" or ".", so
        # each pattern sees it as a text's edge and finds what it finds in each text alone.
        joined = SEPARATOR.join(text for text, _ in self._attendance)
        present |= self.roster.logins_among(login.lower() for login in set(HANDLE.findall(joined)))
        return present | self.roster.logins_among(word.lower() for word in set(_WORD.findall(joined)))

    def speaker(self, label: str) -> Who | None:
        """The person a dialogue prefix names: "Joyee:", "TL:", "simulacrum:", "[name=X]".

        Initials resolve through the file's own definitions ("Dan Middleton (DM)"), then
        through the attendance list when exactly one attendee has them.
        """
        if label not in self._speakers:  # a file's few speakers open hundreds of lines
            self._speakers[label] = self._speaker(label.strip())
        return self._speakers[label]

    def _speaker(self, label: str) -> Who | None:
        if _INITIALS.fullmatch(label):
            name = self.initials.get(label)
            if name is None:
                matches = self._attendee_initials.get(label, set())
                name = next(iter(matches)) if len(matches) == 1 else None
            if name is None:
                return Who(0, len(label), label)
            person = self.roster.lookup(name)
            return Who(0, len(label), person.name if person else name, person.github if person else None)
        person = self.roster.by_login(label)
        if person is None and label[:1].islower():
            found = self.roster.candidates(label)
            person = found[0] if len(found) == 1 else None
        if person is not None:
            return Who(0, len(label), person.name, person.github)
        who = self.single(label)
        people = self.people(label)
        if (
            who is None
            and len(people) == 1
            and people[0].start == 0
            and people[0].end >= len(label.rstrip(". "))
        ):
            who = people[0]
        return who

    def _one_of(self, candidates: tuple[Person, ...]) -> Person | None:
        """Among roster people sharing a name: the one at the meeting, else the one this file names in full."""
        present = [c for c in candidates if c.github.lower() in self.present]
        if len(present) == 1:
            return present[0]
        if present:
            return None
        written = [c for c in candidates if fold(c.name) in self._written_full_names]
        return written[0] if len(written) == 1 else None

    def _first_name_safe(self, written: str, person: Person) -> bool:
        """A one-word name means `person` only when the roster or the file makes it certain.

        It must be one of the person's aliases or their full name must appear in the file,
        and no other full name in the file may share it ("Jeff" with a Jeffrey present).
        """
        identities = self._first_names.get(fold(written), set())
        if not identities <= {fold(person.name)}:
            return False
        aliases = {key for alias in person.aliases for key in fold_variants(alias)}
        return bool(fold_variants(written) & aliases) or fold(person.name) in self._written_full_names

    def people(self, text: str) -> list[Who]:
        """Everyone `text` names, in order: roster people, @handles, initials, other names."""
        if text not in self._cache:
            self._cache[text] = self._people(text)
        return list(self._cache[text])

    def _people(self, text: str) -> list[Who]:
        found: list[Who] = []
        taken = bytearray(len(text))  # 1 where a name was found: overlap tests cost a name's length

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end])

        def take(start: int, end: int) -> None:
            taken[start:end] = b"\x01" * (end - start)

        for mention in self.roster.mentions(text):
            person = mention.person
            if person is None and len(mention.candidates) > 1:
                person = self._one_of(mention.candidates)  # two roster people share the name
            if (
                person
                and " " not in mention.written.strip()
                and not self._first_name_safe(mention.written, person)
            ):
                person = None
            name, end = (person.name if person else mention.written), mention.end
            if person is None and " " not in mention.written.strip():
                full = _FULL_NAME.match(text, mention.start)
                if full and _person_words(full.group(0)) and self.is_name_like(full.group(0)):
                    name, end = full.group(0), full.end()  # "Simon Gallagher", not the roster's "Simon"
            found.append(Who(mention.start, end, name, person.github if person else None))
            take(mention.start, end)
        for match in HANDLE.finditer(text) if "@" in text else ():  # every handle opens with "@"
            if free(match.start(), match.end()):
                login = match.group("login")
                person = self.roster.by_login(login)
                found.append(Who(match.start(), match.end(), person.name if person else login, login))
                take(match.start(), match.end())
        for match in self._login_words.finditer(text) if self._login_words else ():
            person = self._logins[match.group(0)]
            if free(match.start(), match.end()):
                found.append(Who(match.start(), match.end(), person.name, person.github))
                take(match.start(), match.end())
        for match in _INITIALS_WORD.finditer(text) if self.initials else ():
            # A match is a whole word, as a pattern of the defined initials would match them
            # (all [A-Z]{2,3}); one pattern for every file instead of one compiled per file.
            name = self.initials.get(match.group(0))
            if name is not None and free(match.start(), match.end()):
                person = self.roster.lookup(name)
                found.append(
                    Who(
                        match.start(),
                        match.end(),
                        person.name if person else name,
                        person.github if person else None,
                    )
                )
                take(match.start(), match.end())
        for match in _FULL_NAME.finditer(text):
            if (
                free(match.start(), match.end())
                and _person_words(match.group(0))
                and self.is_name_like(match.group(0))
            ):
                found.append(Who(match.start(), match.end(), match.group(0)))
                take(match.start(), match.end())
        return sorted(found, key=lambda who: who.start)

    @cached_property
    def _common(self) -> LowerCaseWords:
        """Words the file also writes in lower case are ordinary words ("Mitigation will ...")."""
        return LowerCaseWords("\n".join(self._texts))  # no word spans a line break

    def is_name_like(self, text: str) -> bool:
        """Capitalised words that are not ordinary words of this file: "Omkhar", not "Details"."""
        words = text.split()
        return bool(words) and all(
            len(word) > 1 and word.lower() not in self._common and not _NOUN_ENDING.search(word)
            for word in words
        )

    def single(self, text: str) -> Who | None:
        """`text` as one person's name (a "Name:" prefix), known or not."""
        text = text.strip()
        people = [who for who in self.people(text) if who.start == 0 and who.end >= len(text.rstrip(". "))]
        if people:
            return people[0]
        words = text.split()
        if (
            1 <= len(words) <= 3
            and all(_NAME_WORD_DOT.fullmatch(w) or len(w) == 1 for w in words)
            and words[0][:1].isupper()
            and _person_words(text)
            and self.is_name_like(text)
        ):
            return Who(0, len(text), text)
        return None
