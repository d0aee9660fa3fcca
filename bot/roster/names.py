"""People named in the minutes: attendee lists and names in subject position.

Pure: reads parsed `Meeting`s, returns sightings. Precision comes from where a name stands
(an attendee list, "Name: task", "Name proposed …", "Roy Hopkins' PR") rather than from a
dictionary of names, so it works for any community.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.models import Meeting, Statement
from bot.domain.people import HANDLE
from bot.parse.names import NOT_NAMES, PARTICLES
from bot.parse.text import fold

Source = Literal["attendees", "handle", "table", "prose"]

# Sections that list people, whatever their exact heading says.
ATTENDANCE = re.compile(
    r"^\W*(attend\w*|present|participants?|roll ?call|regrets|apologies|absent|guests?|in attendance)\b",
    re.IGNORECASE,
)
_LIST_LEAD = re.compile(
    r"^\s*(attendees|attendance|present|participants|regrets|apologies|absent|guests)\s*:\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words after a name that only a person does: "Jörg proposed", "Tom will", "Jon asked".
_VERBS = frozenset(
    """
    will would wants wanted plans planned thinks thought said says asks asked agrees agreed offers
    offered mentions mentioned explains explained suggests suggested proposes proposed reports
    reported presents presented confirms confirmed volunteers volunteered requests
    requested wonders wondered inquired inquires pointed gave expects expected
    believes believed knows knew feels felt prefers preferred likes liked argued argues noted
    promised promises replied replies answered answers recommended recommends objected objects
    clarified clarifies indicated indicates announced announces joined agreed introduced
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_MAX_WORDS = 4


class NameSighting(BaseModel):
    """A person's name as written somewhere in the minutes."""

    model_config = ConfigDict(frozen=True)

    name: str
    file: str
    line: int
    source: Source


def _is_capitalised(word: str) -> bool:
    word = word.rstrip(".")
    return word[:1].isupper() and (len(word) == 1 or not word.isupper() or "’" in word or "'" in word)


def clean_name(text: str, strict: bool = True) -> str | None:
    """An attendee-list entry to a name: drop roles in parentheses, handles, dashes, marks.

    `strict` wants every word capitalised (or a particle); lists also hold "Vijay dhanraj".
    """
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = HANDLE.sub(" ", text)
    label, colon, rest = text.partition(":")
    if colon and len(rest.split()) >= 3:
        return None  # "Goal: to prove …" is a labelled sentence, not a name
    text = re.split(r"\s[-–—|]\s", label)[0]
    text = text.strip(" \t*_.,;+-–—\"'")
    words = text.split()
    if not 1 <= len(words) <= _MAX_WORDS or len(text) > 60:
        return None
    for word in words:
        if not re.fullmatch(r"[^\W\d_]+(?:['’.-][^\W\d_]*)*", word):
            return None
        if strict and not (_is_capitalised(word) or word in PARTICLES):
            return None
    if fold(words[0]) in NOT_NAMES or len(words[0].rstrip(".")) < 2 or (not strict and len(words) > 3):
        return None
    return " ".join(words)


def _entry_parts(chunk: str) -> list[str]:
    """ "Intel - Dan Middleton + / Simon Johnson" → the people, not the company that seats them.

    When the parts of an entry split by dashes and slashes hold a two-word name, the single
    words beside it are taken for an organisation or a role.
    """
    chunk = re.sub(r"\([^)]*\)", " ", chunk)
    parts = [p for p in re.split(r"\s[-–—|]\s|/", chunk) if p.strip(" +*")]
    if len(parts) < 2:
        return [chunk] if chunk.strip() else []
    names = [clean_name(p) for p in parts]
    if any(n and " " in n for n in names):
        return [p for p, n in zip(parts, names, strict=True) if n and " " in n]
    return parts


def _attendees(statement: Statement) -> list[str]:
    """The names of an attendee list; [] when the statement is prose, even inside the section."""
    text = statement.text
    lead = _LIST_LEAD.match(text)
    heading = statement.headings[-1] if statement.headings else ""
    in_section = bool(ATTENDANCE.match(heading)) and len(heading.split()) <= 12
    if statement.kind in ("heading", "cell") or not (lead or in_section):
        return []
    if lead:
        text = text[lead.end() :]
    chunks = [part for chunk in re.split(r"[,;]|\band\b|\s&\s", text) for part in _entry_parts(chunk)]
    strict = [clean_name(c) for c in chunks]
    if not chunks or sum(1 for n in strict if n) * 2 < len(chunks):
        return []
    names = [n or clean_name(c, strict=False) for n, c in zip(strict, chunks, strict=True)]
    return [n for n in names if n]


def _runs(text: str) -> Iterable[tuple[list[str], int, int]]:
    """Runs of capitalised words (with particles and initials) and their span in `text`."""
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        if not _is_capitalised(words[index].group()):
            index += 1
            continue
        run = [words[index]]
        nxt = index + 1
        while nxt < len(words) and len(run) < _MAX_WORDS:
            gap = text[run[-1].end() : words[nxt].start()]
            word = words[nxt].group()
            initial_gap = gap == ". " and len(run[-1].group()) == 1
            if gap != " " and not initial_gap:
                break
            if run[-1].group().endswith(("'s", "’s")):
                break
            particle = word in PARTICLES and nxt + 1 < len(words) and _is_capitalised(words[nxt + 1].group())
            if not (_is_capitalised(word) or particle):
                break
            run.append(words[nxt])
            nxt += 1
        yield [w.group() for w in run], run[0].start(), run[-1].end()
        index = nxt


def _cue(text: str, start: int, end: int) -> bool:
    """Whether the run at text[start:end] stands where a person stands."""
    after = text[end:]
    if re.match(r"['’](?:s\b|\s)", after):
        return True
    following = re.match(r"\s+([^\W\d_]+)", after)
    if not following:
        return False
    word = following.group(1)
    return word in _VERBS


def _prose(statement: Statement, known_first: set[str], known_full: set[str]) -> list[str]:
    text = statement.text
    names = []
    for words, start, end in _runs(text):
        while words and fold(words[0]) in NOT_NAMES:
            start += len(words[0]) + 1
            words = words[1:]
        if words and words[-1].endswith(("'s", "’s")):
            words = [*words[:-1], words[-1][:-2]]
        while words and ((len(words[-1]) == 1 and len(words) == 1) or fold(words[-1]) in NOT_NAMES):
            words = words[:-1]
        if not words or len(words[0]) < 2:
            continue
        name = " ".join(words)
        before = text[:start].split()
        if before and before[-1].isupper() and len(before[-1]) > 1:
            continue  # "KVM Forum will …": the end of a longer proper noun
        first_known = fold(words[0]) in known_first and all(
            fold(w) not in _VERBS and fold(w) not in NOT_NAMES for w in words[1:]
        )
        if fold(name) in known_full or (first_known and len(words) == 2):
            names.append(name)
        elif first_known and len(words) == 1 and start == 0 and text[end:].startswith(":"):
            names.append(name)  # "Aeva: let's focus on this"
        elif len(words) <= 3 and _cue(text, start, end):
            names.append(name)
    return names


def collect_names(meetings: Iterable[Meeting], extra: Iterable[NameSighting] = ()) -> list[NameSighting]:
    """Every person named in the minutes: attendee lists first, then subject positions in prose.

    `extra` (names stated with a handle or in a table) also teaches which first names are
    people's, so "Zach Steindler" in prose is found even without a verb after it.
    """
    meetings = list(meetings)
    sightings = list(extra)
    for meeting in meetings:
        for statement in meeting.statements:
            for name in _attendees(statement):
                sightings.append(
                    NameSighting(name=name, file=meeting.file, line=statement.line, source="attendees")
                )
    known_full = {fold(s.name) for s in sightings if " " in s.name}
    known_first = {fold(s.name.split()[0]) for s in sightings if " " in s.name}
    for meeting in meetings:
        for statement in meeting.statements:
            if statement.kind == "cell" or _attendees(statement):
                continue
            for name in _prose(statement, known_first, known_full):
                sightings.append(
                    NameSighting(name=name, file=meeting.file, line=statement.line, source="prose")
                )
    return sightings
