"""Who owns a commitment phrase: its grammatical subject, a dialogue speaker, a group.

The owner is found by grammar, never by guessing from every name on the line: the first
name of the clause ("X and Y will ..."), a pronoun resolved to the last named subject, the
speaker of "Name: I'll ...", the people of an "X to do Y" line; "we", "they" and groups
("the TSC") never resolve to one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.models import Statement
from bot.extract import cues
from bot.extract.context import Context
from bot.extract.names import Who
from bot.parse.text import fold

_PRONOUN = re.compile(r"\b(?P<word>he|she|they|I|we|us)\b", re.IGNORECASE)
_GROUP_WORDS = (
    r"(?:team|group|everyone|everybody|someone|somebody|we|maintainers|members|committee|community|staff|"
    r"TSC|TAC|SC|CG|WG|SIG|board|council|both|all|chairs|leads|owners|authors)"
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
_SUBJECT_WORD = re.compile(r"^\s*(?:he|she|they|I|we|it|this|that|these|those|the|a|an|our|their)\b", re.I)
_VERB_PHRASE = re.compile(r"\s*(?:also\s+)?[a-z]+(?:ed|es)\b")  # "... and expressed his intention to"
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
# "ok, ", "good news, ": a speaker's opening words before the verb, not a subject.
_INTERJECTION = re.compile(r"(?:[a-z+]+\s+){0,2}[a-z+]+,\s*", re.I)
# "Dan will draft, will send ...": the second verb is Dan's, not the speaker's.
_CUE_BEFORE = re.compile(r"\b(?:will|['’]ll|to)\s+\w+", re.I)
_BARE_NAME = re.compile(r"\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*)?)\s*")
_IT_WAS = re.compile(r"\bit\s+was\b", re.I)
# The group of an "X to VERB" line: "the TAC", "TAC members", "Steering Council", "all reviewers".
_ASSIGNED_GROUP = re.compile(
    r"(?P<det>(?i:the|all|our|any|some|a|an)\s+)?(?P<qualifier>(?:[A-Z][\w-]*\s+){0,3})"
    r"(?:(?P<body>(?i:team|group|council|committee|board|everyone|someone|somebody)|TSC|TAC|SC|WG|CG|SIG)|"
    r"(?i:maintainers|members|staff|reviewers|volunteers?|chairs?|leads?))(?:\s*\([^)]*\))?"
)
_ASKING_VERBS = {*cues.IMPERATIVE_VERBS, "encourage", "invite", "remind", "tell", "allow", "need", "want"}


def subject_of(
    sentence: str,
    base: int,
    end: int,
    people: list[Who],
    speaker: Who | None,
    context: Context,
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
        and (w.login or context.names.is_full_name(w.name) or w.start <= opening)
    ]
    pronoun = _PRONOUN.search(region)
    first = mine[0] if mine else None
    if pronoun and (first is None or pronoun.start() + base < first.start):
        resolved = _pronoun_subject(pronoun, sentence, base, end, people, speaker, context, topic)
        if resolved is not None:
            return resolved
    if first is None:
        return _unnamed_subject(sentence, base, end, speaker, context)
    owners = [first]
    for later in mine[1:]:
        gap = sentence[owners[-1].end : later.start]
        if _CONJUNCTION.match(gap):
            owners.append(later)
        else:
            break
    return owners, True


def _pronoun_subject(
    pronoun: re.Match[str],
    sentence: str,
    base: int,
    end: int,
    people: list[Who],
    speaker: Who | None,
    context: Context,
    topic: tuple[str, ...],
) -> tuple[list[Who], bool] | None:
    """The subject a pronoun before any name stands for; None for a lower-case "i", read on."""
    region = sentence[base:end]
    word = pronoun.group("word").lower()
    if word == "i" and pronoun.group("word") == "I":
        return ([speaker] if speaker else []), speaker is not None
    if word in ("we", "us"):
        # "we will ..." is the group; "we guarantee the linker will ..." is about a thing
        return [], len(region[pronoun.end() :].split()) <= 2
    if word == "they":
        # A plural never means one person: the people just named together, else a group.
        previous = context.last_subject.get(topic) or []
        return (list(previous) if len(previous) > 1 else []), True
    if word in ("he", "she"):
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
        return [], False
    return None


def _unnamed_subject(
    sentence: str, base: int, end: int, speaker: Who | None, context: Context
) -> tuple[list[Who], bool]:
    """A clause naming no roster person: the speaker of a bare "I'll", a lone name, or a group."""
    region = sentence[base:end]
    if (
        speaker is not None
        and (not region.strip(" ,;") or _INTERJECTION.fullmatch(region))
        and not _CUE_BEFORE.search(sentence[:base])
    ):
        return [speaker], True
    bare = _BARE_NAME.fullmatch(region)
    if bare and context.names.single(bare.group("name")):
        return [Who(base, end, bare.group("name").strip())], True
    if _GROUP.search(region) or _IT_WAS.search(region):
        return [], True
    return [], False


@dataclass(frozen=True)
class ClauseSpan:
    """Where a cue's clause starts in its sentence, and what the clause before it said."""

    sentence: str
    base: int  # where the cue's clause starts
    previous_start: int  # where the previous cue ended (0 for the first)
    index: int  # the cue's place in the sentence
    previous_owners: list[Who] | None  # the subject of the previous cue; None: it had none


def cue_owners(
    span: ClauseSpan,
    cue: cues.Cue,
    people: list[Who],
    speaker: Who | None,
    context: Context,
    topic: tuple[str, ...],
) -> list[Who] | None:
    """Who a commitment phrase binds: its clause's subject, the previous clause's, or the
    reporting verb's; None when the phrase has no person to bind and makes no task."""
    sentence, base = span.sentence, span.base
    previous_start, index = span.previous_start, span.index
    owners, has_subject = subject_of(sentence, base, cue.start, people, speaker, context, topic)
    if not has_subject and index:
        # "X will A and will B": B has A's subject; none if A had none
        owners, has_subject = list(span.previous_owners or []), span.previous_owners is not None
    if not has_subject and not sentence[base : cue.start].strip() and base > previous_start:
        # "Joerg mentioned plans to ...": the reporting verb's subject is the one
        owners, has_subject = subject_of(sentence, previous_start, cue.start, people, speaker, context, topic)
    if not has_subject and not index and not sentence[: cue.start].strip(" -–*"):
        has_subject = True  # "Will check with the QEMU folks ...": a note with no subject written
    if not has_subject and not index and re.search(r"(?:,|;|\band|\bbut)\s*$", sentence[: cue.start]):
        owners, has_subject = elided_subject(sentence[base : cue.start], base, context)
    if (
        not has_subject
        and cue.kind != "passive"
        and (cue.kind in ("modal", "person") or re.search(r"\w", sentence[base : cue.start]))
    ):
        return None
    if cue.kind == "passive":
        owners = []  # "they will be moved": the subject is what is acted on, not who acts
    if cue.kind == "obligation" and not owners:
        return None  # "the branch needs to be rebased": no person, no task
    owners += work_partners(sentence, cue, people)
    return owners


def elided_subject(lead: str, base: int, context: Context) -> tuple[list[Who], bool]:
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
    return bool(_SUBJECT_WORD.match(text)) or any(base <= w.start <= base + 2 for w in people)


def clause_start(sentence: str, start: int, end: int, people: list[Who]) -> int:
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
        if _starts_with_subject(rest, people, start + match.end()) or (
            index == 0 and rest.strip() and not _VERB_PHRASE.match(rest)
        ):
            return start + match.end()  # "... and node will load them": a subject, if not a person
    reported = list(_REPORTED.finditer(segment))
    return start + reported[-1].end() if reported else start


def work_partners(sentence: str, cue: cues.Cue, people: list[Who]) -> list[Who]:
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


def assignment_owners(
    who_text: str, sentence: str, lead: int, context: Context, explicit: bool
) -> list[Who] | None:
    """The people of an "X to do Y" line (`who_text` opens `sentence` at `lead`), or None when
    X is not a person or group. The sentence's names are read only past the tests of its words."""
    stripped = who_text.strip()
    if stripped.endswith(",") or stripped.split()[0].lower() in _ASKING_VERBS:
        return None  # "Joyee, to get fewer problems we ...", "Encourage everyone to ...": no assignment
    mine = [w for w in context.names.people(sentence) if w.start < lead + len(who_text)]
    if mine:
        rest = who_text
        for who in sorted(mine, key=lambda w: -w.start):
            rest = rest[: max(who.start - lead, 0)] + " " + rest[who.end - lead :]
        rest = re.sub(r"\([^)]*\)|\b(?:and|with|&)\b|[,&/]", " ", rest)
        return mine if not rest.split() else None
    group = _ASSIGNED_GROUP.fullmatch(stripped)
    if group and (
        explicit
        or (
            stripped[:1].isupper() and (group.group("det") or group.group("qualifier") or group.group("body"))
        )
    ):
        return []  # "Steering Council to follow up on ...": the group, nobody pinged ("Leads to ..." is a verb)
    # The name is read only when the line may use it: most "X to ..." lines name no one.
    if (explicit or (lead == 0 and _known_name(stripped, context))) and (
        single := context.names.single(stripped)
    ):
        return [single]  # "Dana to send the notes": an owner the roster does not know, never dropped
    return None


def _known_name(text: str, context: Context) -> bool:
    """A name this file writes as a person: a full name, or the first name of one it lists."""
    words = text.split()
    if len(words) >= 2:
        return True
    first = fold(words[0]) if words else ""
    return context.names.is_first_word(first)


def explicit_owners(body: str, target: str | None, speaker: Who | None, context: Context) -> list[Who]:
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


# A line ending in ":" that hands the list below it to people.
_OWNER_LEAD = re.compile(
    r"(?:\bwill|\b(?:done|owned|handled|taken|driven)\s+by\b.*|\b(?:action\s+items?|tasks?|steps?|to-?dos?)\b.*"
    r"\b(?:for|by)\b.*)\s*:\s*$",
    re.I,
)
# "Ana next steps", "Ben's action items": the list below is theirs.
_NAMED_STEPS = re.compile(
    r"^@?[\w-]+(?:\s+[A-Z][\w-]*)?(?:['’]s)?\s+(?:next\s+steps?|action\s+items?|to-?dos?)\s*:?\s*$", re.I
)
_STEPS_END = "sSpPmMoOſ"  # the letter `_NAMED_STEPS` ends its label on, before ":" ("ſ" is an "s" to re.I)


def owner_lead(text: str, context: Context) -> list[Who] | None:
    """Owners named by a line that introduces a task list: "@ana will:", "Steps to be done by Ana and Ben:",
    "Ana next steps"."""
    stripped = text.rstrip()
    colon = stripped.endswith(":")
    if len(text) > 160 or not (
        (colon and _OWNER_LEAD.search(text))
        or ((stripped[:-1].rstrip() if colon else stripped)[-1:] in _STEPS_END and _NAMED_STEPS.match(text))
    ):
        return None
    return context.names.people(text) or None


def lead_owners(statement: Statement, context: Context) -> list[Who]:
    """The owners of the lead line that a task item sits under (its parent, or the paragraph before)."""
    if statement.parent_line in context.lead_owners:
        return list(context.lead_owners[statement.parent_line])
    if statement.depth == 1 and context.label_line in context.lead_owners:
        return list(context.lead_owners[context.label_line])
    return []
