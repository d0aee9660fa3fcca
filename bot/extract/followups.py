"""Follow-ups: what someone is expected to do after the meeting (GUIDELINE.md).

Each statement is read sentence by sentence. A follow-up needs a commitment phrase
(`cues.py`) or an explicit marker ("Action item:", "AI:", an "Action Items" list); its
owner is the subject of that phrase, found by grammar (the first name of the clause, a
pronoun resolved to the last named person, the one "asked to" do it), never by guessing
from every name on the line. Owners are logins only when the roster is sure of them
(`names.py`); everyone else stays in `unresolved_names`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from bot.dates import find_date, relative_due
from bot.extract import cues
from bot.extract.names import FileNames, Who
from bot.models import FollowUp, Meeting, Statement
from bot.people import Roster
from bot.text import fold

_PRONOUN = re.compile(r"\b(?P<word>he|she|they|I|we|us)\b", re.IGNORECASE)
_GROUP_WORDS = (
    r"(?:team|group|everyone|everybody|someone|somebody|we|maintainers|members|committee|community|staff|"
    r"folks|people|participants|attendees|TSC|TAC|SC|WG|SIG|board|council|reviewers|both|all|mentors|"
    r"students|developers|contributors|users|volunteers|chairs|leads|owners|authors|vendors|partners)"
)
# The letters that start a group word: tested before the alternation at each position.
_GROUP_INITIALS = "".join(
    sorted({word[0] for word in _GROUP_WORDS.removeprefix("(?:").rstrip(")").split("|")})
)
# A group as the subject right before the verb: "The team will", "TAC members agreed to".
_GROUP = re.compile(
    rf"(?=[{_GROUP_INITIALS}])\b{_GROUP_WORDS}\s*(?:\([^)]{{1,40}}\))?\s*(?:(?:also|then|now|still|first|further|jointly|together)\s+)*$",
    re.IGNORECASE,
)
# A group opening a clause: "The TSC recapped the strategy and agreed to ..."
_GROUP_LEAD = re.compile(rf"^\s*(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_GROUP_WORDS}\b", re.IGNORECASE)
_SPEAKER = re.compile(r"^\[?(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\]?\s*:\s+(?=\S)")
_BRACKET_SPEAKER = re.compile(r"^\[(?P<who>[^\]]{2,40})\]\s*")
_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas|so)?\s+|\s+(?:and|but|while|whereas)\s+")
_REPORTED = re.compile(
    r"\b(?:that|said|says|mentioned|noted|confirmed|stated|announced|explained|added|replied|responded)\s+"
)
_CONJUNCTION = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)$")
_POSSESSIVE = re.compile(r"^['’]s?\b")
# What `_POSSESSIVE` reads after a name: "’s" and the character its `\b` looks at.
_POSSESSIVE_REACH = 3
# Clause breaks read back from a cue: real clauses have a few; a hostile list stays linear.
_CLAUSE_REACH = 32
_WITH = re.compile(r"\bwith\s+$")
_WORK_VERBS = re.compile(
    r"\b(?:investigate|work|collaborate|look|pair|team\s+up|partner|debug|explore)\b", re.I
)
_FINITE = re.compile(r"\b(?:is|are|was|were|remains?|needs?|has|have|had|seems?|looks)\b", re.I)
_THING_SUBJECT = re.compile(
    r"^\s*(?:this|it|that|these|those|which)\s+(?:will|would|should|is|are|was|has)\b", re.I
)
_INITIALS_SPEAKER = re.compile(r"^([A-Z]{2,3})\s*:")
_QUESTION = re.compile(r"^\W*(?:what|how|why|where|who|which)\b", re.I)
_BARE_NAME = re.compile(r"\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*)?)\s*")
_IT_WAS = re.compile(r"\bit\s+was\b", re.I)
_CADENCE = {"bi-weekly": 14, "biweekly": 14, "fortnightly": 14, "weekly": 7}
_NEXT_MEETING = re.compile(r"\bnext\s+(?:\w+\s+)?(?:meeting|call|sync)\b", re.IGNORECASE)
_NON_TASK_SECTIONS = re.compile(r"\b(?:attendees?|attendance|present|participants|regrets|links)\b", re.I)
_LEADING_LABEL = re.compile(r"^[A-Z0-9][\w'’/&(),.-]*\s+(?:[\w'’/&(),.-]+\s+){0,8}?[\w'’/&()-]+:\s+")
_CONTENT_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z0-9-]{2,}\b")  # lower case: names are not content
_STOP = {
    "the",
    "and",
    "for",
    "was",
    "are",
    "has",
    "his",
    "her",
    "its",
    "can",
    "not",
    "but",
    "now",
    "all",
    "any",
    "will",
    "with",
    "that",
    "this",
    "from",
    "into",
    "have",
    "been",
    "they",
    "their",
    "also",
    "about",
    "agreed",
    "plans",
    "offered",
    "should",
    "would",
    "could",
    "further",
    "there",
    "which",
    "after",
}


@dataclass
class _Candidate:
    statement: Statement
    text: str
    owners: list[Who]
    due: date | None
    confidence: float
    explicit: bool
    section: bool = False  # in an "Action Items" list: restates what the discussion said
    words: frozenset[str] = field(default_factory=frozenset)


def follow_up_id(file: str, text: str) -> str:
    """Stable across edits elsewhere in the file: the path and the item's own words."""
    return hashlib.sha256(f"{file}\n{' '.join(text.split())}".encode()).hexdigest()[:12]


class _Context:
    """What the walk over one file remembers: action sections, the last subject per topic."""

    def __init__(self, meeting: Meeting, names: FileNames) -> None:
        self.meeting = meeting
        self.names = names
        self.by_line = {s.line: s for s in meeting.statements if s.kind == "item"}
        self.children = {s.parent_line for s in meeting.statements if s.parent_line}
        self.last_subject: dict[tuple[str, ...], list[Who]] = {}
        self.label_line: int | None = None  # a "Next steps:" paragraph that opens a list
        self.initials_speak = False
        self.next_meeting = _next_meeting(meeting)
        self.full_names = set(names.full_names.values())

    def in_action_section(self, statement: Statement) -> bool:
        """Under an "Action Items" heading or label; sub-items of an action only elaborate it."""
        if any(_is_action_heading(h) for h in statement.headings[-1:]):
            return statement.depth <= 1
        parent = self.by_line.get(statement.parent_line or -1)
        if parent is not None and parent.line != statement.line:
            return bool(cues.SECTION.match(parent.text.strip(" *")) or _label_only(parent.text))
        return statement.kind == "item" and self.label_line is not None and statement.depth == 1


# A statement is split once although two passes read its sentences (callers only iterate).
_sentences = lru_cache(maxsize=1024)(cues.split_sentences)


# Heading tests, once per heading rather than once per statement under it.
@lru_cache(maxsize=1024)
def _is_action_heading(heading: str) -> bool:
    return bool(cues.SECTION.match(heading.strip(" *:")))


@lru_cache(maxsize=1024)
def _is_non_task_heading(heading: str) -> bool:
    return bool(_NON_TASK_SECTIONS.search(heading))


@lru_cache(maxsize=1024)
def _is_agenda_heading(heading: str) -> bool:
    return bool(re.search(r"\bagenda\b", heading, re.I))


def _label_only(text: str) -> bool:
    match = cues.marker(text)
    return bool(match and not match.group("rest").strip())


def _next_meeting(meeting: Meeting) -> date | None:
    """The next meeting's date when the minutes state it, or their cadence."""
    for statement in meeting.statements:
        if _NEXT_MEETING.search(statement.text):
            found = find_date(statement.text)
            reference = meeting.date
            if found and reference and found > reference:
                return found
            if reference and found is None:
                near = relative_due(statement.text, reference)
                if (
                    near
                    and near > reference
                    and re.search(r"\bnext\s+meeting\s+(?:will\s+be|is|on|:)", statement.text, re.I)
                ):
                    return near
    title = (meeting.title or "").lower()
    for word, days in _CADENCE.items():
        if word in title and meeting.date:
            return meeting.date + timedelta(days=days)
    return None


def find_follow_ups(meeting: Meeting, roster: Roster) -> tuple[list[FollowUp], list[str]]:
    names = FileNames(roster, meeting)
    context = _Context(meeting, names)
    candidates: list[_Candidate] = []
    speakers = {m.group(1) for s in meeting.statements if (m := _INITIALS_SPEAKER.match(s.text))}
    # Files that write speakers as initials ("DS: ...", "AR: ...") use "AR:" for a person.
    context.initials_speak = bool(speakers - {"AI", "AR", "AIS", "ARS", "TBD", "FYI", "PS", "NB"})
    for statement in meeting.statements:
        if statement.kind == "heading":
            context.label_line = None
            continue
        if statement.quoted or any(_is_non_task_heading(h) for h in statement.headings[-1:]):
            continue
        if statement.kind == "paragraph" and statement.depth == 0:
            label = cues.SECTION.match(statement.text.strip(" *")) or _label_only(statement.text)
            context.label_line = statement.line if label else None
            if label:
                continue
        candidates += _statement_follow_ups(statement, context)
    kept = _drop_restated(candidates)
    return [_to_model(meeting.file, c) for c in kept], []


def _statement_follow_ups(statement: Statement, context: _Context) -> list[_Candidate]:
    text = statement.text
    topic = statement.headings
    found: list[_Candidate] = []
    in_section = context.in_action_section(statement)
    marked = None if context.initials_speak and re.match(r"^A[IR]\s*:", text) else cues.marker(text)
    decision = cues.DECISION.match(text)
    if marked and not marked.group("rest").strip():
        return []  # a label: its sub-items carry the follow-ups
    body = marked.group("rest") if marked else text[decision.end() :] if decision else text
    speaker, body = _lead(body, context)
    offset = len(text) - len(body)
    explicit = bool(marked) or in_section
    if statement.checkbox == "done":
        return []
    for start, sentence in _sentences(body):
        if not may_commit(sentence):
            continue
        found += _sentence_follow_ups(
            statement, context, sentence, offset + start, speaker, explicit, bool(decision)
        )
    if not found and explicit and not cues.is_past_report(body) and not _THING_SUBJECT.match(body):
        target = (marked.group("target") or marked.group("paren")) if marked else None
        owners = _explicit_owners(body, target, speaker, context)
        due = _due(body, statement, context)
        found.append(_candidate(statement, body, owners, due, 0.85, True))
    if not found and statement.checkbox == "open":
        found += _task_item(statement, context)
    if not found and _imperative_leaf(statement, context):
        owners = context.last_subject.get(topic, [])
        found.append(_candidate(statement, text, owners, _due(text, statement, context), 0.5, False))
    _remember_subject(statement, context, found)
    for candidate in found:
        candidate.section = in_section
    return found


# A word every rule of `_sentence_follow_ups` needs: the modals and "agreed (on)" of
# `cues.PROSE`, the "to" of its intents, of `cues.REQUEST` and of `cues.ASSIGNMENT`, and
# `cues.PLEASE` / `cues.LETS`. Keep it a superset of those rules when they change.
_COMMITMENT_WORD = re.compile(r"will|shall|['’]ll|\sto|agreed|please|let['’]s", re.IGNORECASE)


def may_commit(sentence: str) -> bool:
    """Whether the sentence grammar can find anything in `sentence`.

    Most sentences hold no cue word at all; skipping them changes no result, because the
    grammar neither finds nor remembers anything for them.
    """
    return _COMMITMENT_WORD.search(sentence) is not None


def _sentence_follow_ups(
    statement: Statement,
    context: _Context,
    sentence: str,
    offset: int,
    speaker: Who | None,
    explicit: bool,
    decision: bool,
) -> list[_Candidate]:
    topic = statement.headings
    people = context.names.people(sentence)
    found: list[_Candidate] = []
    if sentence.strip().endswith("?") or _QUESTION.match(sentence):
        return []  # a question (or "What we will do:") commits nobody
    sentence_cues = cues.find_cues(sentence)
    assignment = cues.ASSIGNMENT.match(sentence.strip())
    if assignment and (explicit or decision or not sentence_cues):
        lead = len(sentence) - len(sentence.lstrip())
        who = _assignment_owners(assignment.group("who"), people, lead, context, explicit or decision)
        if who is not None and cues.assignment_verb_ok(assignment.group("verb")):
            due = _due(sentence, statement, context)
            found.append(_candidate(statement, sentence, who, due, 0.85, explicit or decision))
            _set_subject(context, topic, who)
            return found
    previous_end = 0
    previous_owners: list[Who] | None = None  # the subject of the previous cue; None: it had none
    for index, cue in enumerate(sentence_cues):
        following = sentence_cues[index + 1].start if index + 1 < len(sentence_cues) else len(sentence)
        clause = sentence[cue.start : following]
        previous_start = previous_end
        base = _clause_start(sentence, previous_end, cue.start, people)
        previous_end = cue.end
        if cues.is_absence(clause):
            continue
        if cue.kind == "request":
            owners = [w for w in people if cue.start <= w.start < cue.end]
            if not owners:
                continue
        else:
            owners, has_subject = _subject(sentence, base, cue.start, people, speaker, context, topic)
            if not has_subject and index:
                # "X will A and will B": B has A's subject; none if A had none
                owners, has_subject = list(previous_owners or []), previous_owners is not None
            if not has_subject and not sentence[base : cue.start].strip() and base > previous_start:
                # "Joerg mentioned plans to ...": the reporting verb's subject is the one
                owners, has_subject = _subject(
                    sentence, previous_start, cue.start, people, speaker, context, topic
                )
            if not has_subject and not index and not sentence[: cue.start].strip(" -–*"):
                has_subject = True  # "Will check with the QEMU folks ...": a note with no subject written
            if not has_subject and not index and re.search(r"(?:,|;|\band|\bbut)\s*$", sentence[: cue.start]):
                owners, has_subject = _elided_subject(sentence[base : cue.start], base, context)
            if (
                not has_subject
                and cue.kind != "passive"
                and (cue.kind in ("modal", "person") or re.search(r"\w", sentence[base : cue.start]))
            ):
                previous_owners = None
                continue
            if cue.kind == "passive":
                owners = []  # "they will be moved": the subject is what is acted on, not who acts
            owners += _partners(sentence, cue, people)
        due = _due(clause, statement, context) or _due(sentence[: cue.start], statement, context)
        confidence = 0.9 if explicit else cue.confidence
        found.append(_candidate(statement, sentence, owners, due, confidence, explicit or decision))
        _set_subject(context, topic, owners)
        previous_owners = owners
    if not found:
        found += _requests_and_lets(statement, context, sentence, speaker, explicit)
    return found


def _requests_and_lets(
    statement: Statement, context: _Context, sentence: str, speaker: Who | None, explicit: bool
) -> list[_Candidate]:
    """ "Please submit comments by Thursday" (with a deadline) and a speaker's "Let's ..."."""
    please = cues.PLEASE.search(sentence)
    if please:
        due = _due(sentence[please.start() :], statement, context)
        if due:
            return [_candidate(statement, sentence, [], due, 0.6, explicit)]
    lets = cues.LETS.search(sentence)
    if lets and speaker is not None:
        owners = [speaker]
        parent = context.by_line.get(statement.parent_line or -1)
        if parent is not None:
            owners += [w for w in context.names.people(parent.text) if w.name != speaker.name]
        return [_candidate(statement, sentence, owners, _due(sentence, statement, context), 0.6, explicit)]
    return []


def _subject(
    sentence: str,
    base: int,
    end: int,
    people: list[Who],
    speaker: Who | None,
    context: _Context,
    topic: tuple[str, ...],
) -> tuple[list[Who], bool]:
    """Who does what the cue says: the first person named in the clause, with "X and Y".

    Returns the owners and whether a subject was found at all ([] with True is a group).
    """
    region = sentence[base:end]
    opening = base + len(region) - len(region.lstrip())  # where the clause's first word starts
    mine = [
        w
        for w in people
        if base <= w.start < end
        and not _POSSESSIVE.match(sentence[w.end : w.end + _POSSESSIVE_REACH])
        and (w.login or w.name in context.full_names or w.start <= opening)
    ]
    pronoun = _PRONOUN.search(region)
    first = mine[0] if mine else None
    if pronoun and (first is None or pronoun.start() + base < first.start):
        word = pronoun.group("word").lower()
        if word == "i" and pronoun.group("word") == "I":
            return ([speaker] if speaker else []), speaker is not None
        if word in ("we", "us"):
            return [], True
        if word in ("he", "she", "they"):
            earlier = [
                w
                for w in people
                if w.start < base + pronoun.start()
                and not _POSSESSIVE.match(sentence[w.end : w.end + _POSSESSIVE_REACH])
            ]
            if earlier:
                return [earlier[0]], True
            if previous := context.last_subject.get(topic):
                return list(previous), True
            return [], word == "they"
    if first is None and speaker is not None and not region.strip(" ,;"):
        return [speaker], True
    if first is None:
        bare = _BARE_NAME.fullmatch(region)
        if bare and context.names.single(bare.group("name")):
            return [Who(base, end, bare.group("name").strip())], True
        if _GROUP.search(region) or _IT_WAS.search(region):
            return [], True
        return [], False
    owners = [first]
    for later in mine[1:]:
        gap = sentence[owners[-1].end : later.start]
        if _CONJUNCTION.match(gap):
            owners.append(later)
        else:
            break
    return owners, True


def _elided_subject(lead: str, base: int, context: _Context) -> tuple[list[Who], bool]:
    """The subject of "X did this and will do that" when the second verb has none written.

    "Jakub offered help and will post ..." is Jakub's; "it is not trivial and will take
    time" belongs to a thing (no follow-up); "changes are planned, will update" has no
    subject at all (a follow-up nobody owns yet).
    """
    words = lead.split()
    if not words or words[0].lower() == "there":
        return [], True  # "There are changes planned, will update ...": nobody named
    if _GROUP_LEAD.match(lead):
        return [], True  # "The TSC recapped the strategy and agreed to ...": the group
    for size in (2, 1):
        if len(words) >= size and (who := context.names.single(" ".join(words[:size]))):
            return [Who(base, base + len(who.name), who.name, who.login)], True
    return [], False


def _starts_with_subject(text: str, people: list[Who], base: int) -> bool:
    """Whether a clause opens with its own subject: a name, a pronoun or a noun phrase."""
    if re.match(
        r"^\s*(?:he|she|they|I|we|it|this|that|these|those|the|a|an|our|their)\b", text, re.IGNORECASE
    ):
        return True
    return any(base <= w.start <= base + 2 for w in people)


def _clause_start(sentence: str, start: int, end: int, people: list[Who]) -> int:
    """Where the clause of a cue begins: after the last "..., and X" or "said that X" with a subject.

    "Cláudio raised an issue and Roy volunteered to ..." is Roy's; "Stefano acknowledged
    the issue and plans to ..." keeps Stefano, because nothing after "and" names anyone.
    """
    segment = sentence[start:end]
    ends = {w.end for w in people}
    breaks = list(_CLAUSE_BREAK.finditer(segment))[-_CLAUSE_REACH:]
    for index, match in enumerate(reversed(breaks)):
        if start + match.start() in ends:
            continue  # "Stefano and Oliver will ...": a list of names, not a new clause
        rest = segment[match.end() :]
        verb_phrase = re.match(
            r"\s*(?:also\s+)?[a-z]+(?:ed|es)\b", rest
        )  # "... and expressed his intention to"
        if _starts_with_subject(rest, people, start + match.end()) or (
            index == 0 and rest.strip() and not verb_phrase
        ):
            return start + match.end()  # "... and node will load them": a subject, if not a person
    reported = list(_REPORTED.finditer(segment))
    if reported:
        return start + reported[-1].end()
    return start


def _partners(sentence: str, cue: cues.Cue, people: list[Who]) -> list[Who]:
    """ "plans to investigate with Tyler": a partner in the work shares it (not "discuss with")."""
    clause = sentence[cue.start :]
    if not _WORK_VERBS.search(clause[:60]):
        return []
    partners: list[Who] = []
    for who in people:
        if who.start <= cue.start:
            continue
        if _WITH.search(sentence[max(cue.start, who.start - 12) : who.start]) or (
            partners and _CONJUNCTION.match(sentence[partners[-1].end : who.start])
        ):
            partners.append(who)
        elif partners:
            break
    return partners


def _assignment_owners(
    who_text: str, people: list[Who], lead: int, context: _Context, explicit: bool
) -> list[Who] | None:
    """The people of an "X to do Y" line, or None when X is not a person or group."""
    stripped = who_text.strip()
    mine = [w for w in people if w.start < lead + len(who_text)]
    if mine:
        rest = who_text
        for who in sorted(mine, key=lambda w: -w.start):
            rest = rest[: max(who.start - lead, 0)] + " " + rest[who.end - lead :]
        rest = re.sub(r"\([^)]*\)|\b(?:and|with|&)\b|[,&/]", " ", rest)
        return mine if not rest.split() else None
    if explicit and re.fullmatch(
        r"(?:(?:the|all|our|any|some|a|an)\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:team|group|TSC|TAC|everyone|someone|"
        r"somebody|maintainers|members|staff|reviewers|volunteers?|chairs?|leads?)(?:\s*\([^)]*\))?",
        stripped,
        re.I,
    ):
        return []
    if explicit:
        single = context.names.single(stripped)
        if single:
            return [single]
    return None


def _explicit_owners(body: str, target: str | None, speaker: Who | None, context: _Context) -> list[Who]:
    """Owner of a marked item: "for X", a "Name:" lead, a leading name, or nobody."""
    if target:
        return context.names.people(target) or ([w] if (w := context.names.single(target)) else [])
    if speaker:
        return [speaker]
    people = context.names.people(body)
    if people and people[0].start <= 2:
        return [people[0]]
    first = re.match(r"^\s*([A-Z][\w'’-]+)\s+(?:will|to|is|are|has|plans|agreed)\b", body)
    if first and (who := context.names.single(first.group(1))):
        return [who]
    return []


def _lead(body: str, context: _Context) -> tuple[Who | None, str]:
    """A "Name:" speaker or a "Short Title:" lead-in, split off the text it introduces.

    "Zach S: I can commit to ..." makes "I" Zach; "Review Planned: Jörg said ..." is a
    title that must not be read as a person.
    """
    match = _SPEAKER.match(body) or _BRACKET_SPEAKER.match(body)
    if match:
        label = match.group("who")
        if re.fullmatch(r"[A-Z]{2,3}", label):
            return Who(0, len(label), context.names.initials.get(label, label)), body[match.end() :]
        who = context.names.single(label)
        people = context.names.people(label)
        if (
            who is None
            and len(people) == 1
            and people[0].start == 0
            and people[0].end >= len(label.rstrip(". "))
        ):
            who = people[0]
        return who, body[match.end() :]
    lead = _LEADING_LABEL.match(body)
    if lead:
        return None, body[lead.end() :]
    return None, body


def _task_item(statement: Statement, context: _Context) -> list[_Candidate]:
    """ "[ ] @user do X": a task item; a checkbox with only a name is attendance."""
    people = context.names.people(statement.text)
    rest = statement.text
    for who in reversed(people):
        rest = rest[: who.start] + rest[who.end :]
    rest = re.sub(r"\([^)]*\)", " ", rest)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    if not any(w.login for w in people) or len(words) < 2:
        return []
    owners = [w for w in people if w.login][:1]
    return [
        _candidate(statement, statement.text, owners, _due(statement.text, statement, context), 0.7, True)
    ]


def _imperative_leaf(statement: Statement, context: _Context) -> bool:
    """A top-level item that is an order with no subject, following a named person's item.

    "Oliver Steffen implemented a driver ... / Investigate virtio-mmio": the next steps of
    the work just described. Agenda titles are excluded by their links and sub-items.
    """
    if statement.kind != "item" or statement.depth != 1 or statement.line in context.children:
        return False
    if statement.links or re.search(r"#\d+|\bPR\s*\d+", statement.text):
        return False
    if any(_is_agenda_heading(h) for h in statement.headings):
        return False
    first = statement.text.split()[0].lower() if statement.text.split() else ""
    if (
        first not in cues.IMPERATIVE_VERBS
        or _FINITE.search(statement.text)
        or _LEADING_LABEL.match(statement.text)
    ):
        return False
    return bool(context.last_subject.get(statement.headings))


def _set_subject(context: _Context, topic: tuple[str, ...], owners: list[Who]) -> None:
    if owners:
        context.last_subject[topic] = owners


def _remember_subject(statement: Statement, context: _Context, found: list[_Candidate]) -> None:
    """The first person named as a subject, for "he"/"she" in the next item of the topic."""
    if found:
        return
    text = statement.text
    for start, sentence in _sentences(text):
        people = context.names.people(sentence)
        del start
        subject, has = _subject(sentence, 0, len(sentence), people, None, context, statement.headings)
        if has and subject:
            context.last_subject[statement.headings] = subject


def _due(text: str, statement: Statement, context: _Context) -> date | None:
    reference = statement.section_date or context.meeting.date
    if reference is None:
        return None
    found = relative_due(text, reference)
    single_meeting = statement.section_date in (None, context.meeting.date)
    if found is None and _NEXT_MEETING.search(text) and context.next_meeting and single_meeting:
        return context.next_meeting
    return found


def _candidate(
    statement: Statement, text: str, owners: list[Who], due: date | None, confidence: float, explicit: bool
) -> _Candidate:
    unique: dict[str, Who] = {}
    for who in owners:
        unique.setdefault(who.login.lower() if who.login else fold(who.name), who)
    words = _content_words(statement.text)
    return _Candidate(statement, text.strip(), list(unique.values()), due, confidence, explicit, words=words)


@lru_cache(maxsize=1024)
def _content_words(text: str) -> frozenset[str]:
    """Once per statement, not per candidate: a line with many follow-ups stays linear."""
    return frozenset(w for w in _CONTENT_WORD.findall(text) if w not in _STOP)


def _identity(who: Who) -> str:
    return who.login.lower() if who.login else fold(who.name).split()[0]


# How many later explicit items of the same owner a prose follow-up is compared with: a
# restatement sits in the same meeting's list; the bound keeps a hostile file linear.
_RESTATED_REACH = 200


def _drop_restated(candidates: list[_Candidate]) -> list[_Candidate]:
    """A commitment restated by an explicit marker later in the file is counted once, there.

    Minutes often say "Oliver plans to add it" and then "Decision: Oliver to add it", or
    record a task in the discussion and again in a closing "Action Items" list.
    """
    identities = [frozenset(_identity(w) for w in c.owners) for c in candidates]
    # The explicit candidates a prose one can be restated by: those sharing an owner, or, for
    # an ownerless one, the ownerless ones of its topic; in file order, for a bisect.
    later_by_owner: dict[str, list[int]] = {}
    later_ownerless: dict[tuple[str, ...], list[int]] = {}
    for index, candidate in enumerate(candidates):
        if candidate.explicit:
            for identity in identities[index]:
                later_by_owner.setdefault(identity, []).append(index)
            if not identities[index]:
                later_ownerless.setdefault(candidate.statement.headings, []).append(index)
    kept: list[_Candidate] = []
    for index, candidate in enumerate(candidates):
        if not candidate.explicit:
            restated = False
            mine = identities[index]
            pools = [later_by_owner.get(i, []) for i in mine]
            if not mine:
                pools = [later_ownerless.get(candidate.statement.headings, [])]
            nearest = set()
            for pool in pools:
                first = bisect_right(pool, index)
                nearest.update(pool[first : first + _RESTATED_REACH])
            for later_index in nearest:
                later = candidates[later_index]
                if later.statement.line == candidate.statement.line:
                    continue
                same_topic = later.statement.headings == candidate.statement.headings
                theirs = identities[later_index]
                overlap = len(candidate.words & later.words)
                same_owner = bool(mine and mine & theirs)
                if (
                    (same_owner and later.section)  # a closing "Action Items" list restates the body
                    or (same_owner and (overlap >= 2 or (same_topic and overlap >= 1)))
                    or (not mine and not theirs and same_topic and overlap >= 3)
                ):
                    restated = True
                if restated:
                    break
            if restated:
                continue
        kept.append(candidate)
    # One entry per line and owner set: "will A and then B" is one task list for one person.
    merged: dict[tuple[int, tuple[str, ...], date | None], _Candidate] = {}
    for candidate in kept:
        key = (candidate.statement.line, tuple(sorted(_identity(w) for w in candidate.owners)), candidate.due)
        if key in merged:
            continue
        merged[key] = candidate
    result = list(merged.values())
    by_line: dict[int, list[_Candidate]] = {}
    for candidate in result:
        by_line.setdefault(candidate.statement.line, []).append(candidate)
    final: list[_Candidate] = []
    for candidate in result:
        owners = {_identity(w) for w in candidate.owners}
        same_line = [c for c in by_line[candidate.statement.line] if c is not candidate]
        if not owners and candidate.due is None and any(c.owners for c in same_line):
            continue  # an ownerless echo of a line that already names its owner
        final.append(candidate)
    return final


def _to_model(file: str, candidate: _Candidate) -> FollowUp:
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
    )
