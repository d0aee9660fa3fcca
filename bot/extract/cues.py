"""The wording of commitments: which phrases make a sentence a follow-up, and which do not.

Everything here is about English, not about any one community: modal commitments ("will",
"is going to"), reported ones ("agreed to", "plans to", "offered to"), assignments
("X to do Y", "X is requested to", "asked Y to"); the labels a note-taker writes ("Action
item:") are `labels.py`'s. The false friends GUIDELINE.md lists are excluded by grammar:
negation, conditions, things (not people) as subjects, attendance and absence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from bot.extract.triggers import Triggers
from bot.extract.verbs import (
    DECIDING_VERBS,
    DEFERRED,
    DETERMINERS,
    FIRST_PERSON_STATE,
    IMPERATIVE_VERBS,
    OUTCOME_VERBS,
    PASSIVE_TASKS,
    PERSON_ONLY,
    REPORTING_VERBS,
    REQUEST_VERBS,
    STATE_VERBS,
)

_MODAL = r"(?:will|shall|['’]ll|is\s+going\s+to|are\s+going\s+to|am\s+going\s+to|(?:^|(?<=,\s))going\s+to)"
_ADVERBS = (
    r"(?:(?:also|then|now|still|first|soon|again|further|personally|likely|probably|definitely|only|just|"
    r"eventually|finally|quickly|hopefully|try\s+to|aim\s+to)\s+)*"
)
# The first letter of every match of `PROSE` (case ignored): tested first at each position of
# a sentence, so the alternation of some forty phrases is tried only where one may open
# (tests/extract/test_flow_shortcuts.py reads them from the pattern).
_PROSE_FIRST = "wsi'’agpnhedocvt"
PROSE = re.compile(
    rf"(?=[{_PROSE_FIRST}])(?:(?P<modal>{_MODAL})\s+{_ADVERBS}(?P<verb>[a-z]+)(?:\s+(?P<next>[a-z]+))?"
    r"|\b(?P<intent>plans?\s+to|planning\s+to|intends?\s+to|intention\s+to|agreed\s+to|agrees?\s+to|"
    r"hopes?\s+to|hoping\s+to|expects?\s+to|are\s+to(?=\s+[a-z]+\s)|decides\s+to|needs\s+to|"
    r"I\s+can(?=\s+[a-z])|I['’]d\s+be\s+happy\s+to|I\s+would\s+be\s+happy\s+to|"
    r"offered\s+to|offers\s+to|volunteered\s+to|volunteers\s+to|promised\s+to|committed\s+to|commit\s+to|"
    r"decided\s+to|signed\s+up\s+to|took\s+(?:an|the)\s+action(?:\s+item)?\s+to|"
    r"taking\s+(?:an|the)\s+action(?:\s+item)?\s+to|(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:requested|asked|expected|tasked|assigned|encouraged)\s+to|agreed\s+on\s+(?=[a-z]+ing\b))"
    r"\s*(?P<iverb>[a-z]+)?)",
    re.IGNORECASE,
)
# "Dionna requested Tom Lendacky to review ...": the one asked is the owner.
# The object is a list of names or a group: "asked if Richard could ..." is no request to him.
_OBJECT_WORD = (
    r"(?:@?[A-Z][\w.'’-]*(?:\s*\([^)]{1,30}\))?|@[\w-]+|and|the|&|team|group|maintainers|members|"
    r"reviewers|folks|everyone|all|both)"
)
REQUEST = re.compile(
    rf"\b(?:{'|'.join(REQUEST_VERBS)})\s+"
    rf"(?P<object>{_OBJECT_WORD}(?:[\s,]+{_OBJECT_WORD}){{0,7}}?)\s+to\s+(?P<verb>[a-z]+)\b"
)
# "It was agreed that Ben would ask ...", "Stefano said he would update ...": a reported "will".
REPORTED_WOULD = re.compile(
    rf"\b(?:{'|'.join(REPORTING_VERBS)})\s+(?:that\s+)?"
    r"(?:he|she|they|we|I|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?P<would>would)\s+(?:also\s+)?(?P<verb>[a-z]+)\b"
)
# "The council decided that we should gather input ...": a group decision to act.
AGREED_SHOULD = re.compile(
    rf"\b(?:{'|'.join(DECIDING_VERBS)})\s+that\s+(?:we|they|the\s+[A-Za-z]+|[A-Z][\w'’-]+)\s+"
    r"(?P<would>should)\s+(?:also\s+)?(?P<verb>[a-z]+)\b"
)
# The verbs each of these patterns needs, as one search: most sentences hold none of them.
_REPORTING = re.compile("|".join(sorted({*REPORTING_VERBS, *DECIDING_VERBS})))
_REQUESTING = re.compile("|".join(REQUEST_VERBS))
# "The plan will be to put it in the repo", "we had consensus to land it": a plan with no one
# person named (owners: none).
GROUP_PLAN = re.compile(
    r"\b(?:(?:the|our)\s+plan|next\s+step|order\s+of\s+business)\s+(?:will\s+be|is)\s+to\s+(?P<verb>[a-z]+)\b"
    r"|\bconsensus\s+(?:and\s+\w+\s+)?to\s+(?P<verb2>[a-z]+)\b",
    re.IGNORECASE,
)
# "Visa questions to be clarified with the venue", "to be decided by Dec 15": a passive task.
TO_BE_DONE = re.compile(r"\bto\s+be\s+(?P<done>[a-z]+)\b", re.IGNORECASE)
# "need to be", "going to be", "is to be": "to be" after a verb belongs to that verb.
_NOT_A_TASK_BEFORE = re.compile(
    r"(?:^\W*|\b(?:need|needs|needed|going|want|wants|wanted|seems?|seemed|appears?|is|are|was|were|used|"
    r"ought|about|has|have|had|likely|expected|supposed|able|yet|continue[sd]?|tend|tends|deserves?|how|what|"
    r"whether|where|which|not|only|seem|began|begins?|starts?|started|needs?|tries|try|trying|ready|work|much|"
    r"more|lot|things|yet)\s+)$",
    re.IGNORECASE,
)
# "for allowing functions to be added": "to be" belongs to a verb of its clause, not to a task.
_VERB_IN_CLAUSE = re.compile(
    r"\b(?:[a-z]+ing|will|would|should|could|can|must|may|might|is|are|was|were|be|been|want|wants|need|needs|"
    r"asked|requested|expected|allowed)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"I\b|I['’]d\b")
_OWN_PLAN = re.compile(r"(?:^\s*|[.;,]\s*|\b(?:so|and|but)\s+)I\s+(?:think|guess|believe)\s+I\s*$")
# "(to be added in future discussions)": put off, not a task.
_LATER = re.compile(r"\s+(?:in\s+(?:the\s+)?future|later|at\s+a\s+later|some\s+day)\b", re.I)
# "Joerg to retest ...", "Stefano and Tyler to look into ...": the bare assignment form.
ASSIGNMENT = re.compile(r"^(?P<who>[^.;:]{1,60}?)\s+to\s+(?P<verb>[a-z]+)\b")
PLEASE = re.compile(r"\bplease\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
LETS = re.compile(r"\blet['’]s\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)

# Dialogue forms, read only on a speaker's line ("TL: ...", "simulacrum: ..."):
# a speaker naming what comes next as a step: "that seems like reasonable next steps",
# "we could prototype that as a next step", "next step would be to share it" (the speaker's).
SPOKEN_NEXT_STEP = re.compile(
    r"\b(?:as|like)\s+(?:a\s+|the\s+|our\s+)?(?:\w+\s+)?next\s+steps?\b"
    r"|\bnext\s+steps?\s+(?:would|will|should|could|is|are)\s+(?:be\s+)?(?:to\s+)?[a-z]",
    re.IGNORECASE,
)
# A speaker's "we should talk to Kim": contacting a named person is the speaker's task.
CONTACT_PERSON = re.compile(
    r"\b(?i:we|I)(?i:\s+(?:should|need\s+to|must|have\s+to|ought\s+to|will)|['’]ll)\s+"
    r"(?i:talk|speak|reach\s+out|check|sync|follow\s+up|touch\s+base)\s+(?i:to|with)\s+(?P<name>[A-Z][\w'’-]+)"
)

_NEGATION = re.compile(
    r"\b(?:not|never|(?:hesitant|reluctant|unwilling)(?:\s+to)?|no\s+longer|no\s+one|nobody|none|cannot|can['’]t|won['’]t|n['’]t|unable)\s*$",
    re.I,
)
_SENTENCE_NEGATION = re.compile(
    r"\b(?:no\s+timeline|no\s+one\s+(?:is|will)|nobody\s+(?:is|will)|no\s+plans?\s+to|no\s+action\s+required|"
    r"not\s+planning|hasn['’]t\s+agreed|haven['’]t\s+agreed|not\s+agreed|not\s+committed)\b",
    re.IGNORECASE,
)
_ABSENCE = re.compile(
    r"\b(?:vacation|holiday|holidays|on\s+leave|out\s+of\s+(?:the\s+)?office|be\s+out|be\s+away|be\s+off|"
    r"be\s+absent|be\s+unavailable|be\s+traveling|be\s+travelling|attend|attending\s+in\s+person|"
    r"present\s+remotely|join\s+remotely|in\s+person|will\s+still|below|in\s+this\s+(?:document|doc|section)|take\s+over\b[^.]{0,30}\brole|step\s+down|"
    r"be\s+leaving|be\s+back|be\s+around|be\s+held|take\s+place|officially)\b",
    re.IGNORECASE,
)
# "need volunteers to help", "no plans to": the cue word used as a noun.
_NOUN_BEFORE = re.compile(
    r"\b(?:need|needs|needed|seeking|looking\s+for|more|some|any|the|for|no|new|of|call\s+for|our|their|about|"
    r"regarding|existing)\s*$",
    re.I,
)
_DETERMINED_NOUN = re.compile(
    r"\b(?:the|a|an|our|their|this|its)\s+(?:[\w-]+\s+){0,1}"
    r"(?!(?:and|or|but|he|she|they|also|then|now|who|that|which|still)\s)[\w-]+\s+$",
    re.I,
)
# "If one provides an implementation, they'll do it": a hypothetical, not a plan.
_HYPOTHETICAL = re.compile(r"^\W*(?:if|unless|in\s+case|whether)\b", re.IGNORECASE)
# "I think we'll ...", "hopefully they will ...": a guess about the future, not a commitment.
_HEDGE = re.compile(
    r"\b(?:I\s+think|I\s+guess|I\s+believe|I\s+hope|we\s+hope|hoping|hopefully|maybe|perhaps|probably|"
    r"(?:do|does|did)\s*n['’]?o?t\s+think|not\s+clear|unclear|"
    r"not\s+sure|assume|assuming|believe\s+that|leads\s+me\s+to\s+believe)\b",
    re.IGNORECASE,
)
# "raised the question of how the guest will obtain it": the modal belongs to the question.
_EMBEDDED_QUESTION = re.compile(r"\b(?:how|whether|why|what|where|which|if)\b[^,;]*$", re.IGNORECASE)
_THING_BEFORE_MODAL = re.compile(r"\b(?:which|that|this|it|there|these|those|what|where|when|who)\s*$", re.I)
_CONDITION_AFTER = re.compile(
    r"\b(?:speak\s+up|let\s+\w+\s+know|shout|reach\s+out|object|complain|report\s+back)\b[^.]*\bif\b|"
    r"\brevisit(?:ed)?\b[^.]*\bif\b",
    re.IGNORECASE,
)
_PAST_REPORT = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:already\s+)?[a-z]+(?:ed|en|t)\b|"
    r"\b(?:already|has|have)\s+(?:been\s+)?(?:done|merged|completed|posted|sent|closed|finished|shared)\b",
    re.IGNORECASE,
)
_PAST_SUBJECT_VERB = re.compile(
    r"^\s*(?:[A-Z][\w'’.-]*\s+){1,3}(?:has\s+|have\s+|had\s+)?(?:already\s+)?(?:[a-z]+ed|sent|gave|made|wrote|"
    r"took|did|shared|met|led|brought|built|put|ran|began|held|told|found|got|said|showed|spoke|went)\b"
)
# Commitment phrases read per sentence: real ones hold a handful; the bound keeps the work
# on a hostile line ("will will will ...") linear, as each phrase looks back over the sentence.
MAX_PHRASES = 32


@dataclass(frozen=True)
class Cue:
    """One commitment phrase in a sentence: where it is and how it binds an owner."""

    start: int
    end: int
    kind: str  # modal | person (a person must be the subject) | intent | passive | request | obligation
    confidence: float


def find_cues(sentence: str, people: frozenset[str] = frozenset()) -> list[Cue]:
    """The commitment phrases of one sentence, in order, false friends removed.

    `people` holds names and logins written in lower case that are people ("nikomatsakis
    volunteers to ..."), so the words before a cue are not taken for a noun.
    """
    lower = sentence.lower()  # each form is looked for only when its words are there
    cues = _phrases(sentence, lower, people)
    if not cues:
        return []  # most sentences: the tests of the whole sentence below are not needed
    # Every negation holds "no" ("not", "nobody") or "agreed" ("hasn't agreed").
    negated = ("no" in lower or "agreed" in lower) and _SENTENCE_NEGATION.search(sentence)
    if negated or _HYPOTHETICAL.match(sentence):
        return []
    return [c for c in cues if not _CONDITION_AFTER.search(sentence[c.start :])]


def _phrases(sentence: str, lower: str, people: frozenset[str]) -> list[Cue]:
    """The commitment phrases of one sentence (`lower`: in lower case), in order, before the
    tests of the whole sentence."""
    cues = _reported_cues(sentence, lower) + _group_plan_cues(sentence, lower)
    cues += _to_be_done_cues(sentence, lower) + _request_cues(sentence)
    for match in islice(PROSE.finditer(sentence), MAX_PHRASES) if _PROSE_WORDS.may_match(sentence) else ():
        if any(c.start <= match.start() < c.end for c in cues):
            continue
        before = sentence[: match.start()]
        if _NEGATION.search(before) or (_HEDGE.search(before) and not _OWN_PLAN.search(before[-40:])):
            continue  # "I think we'll ..." guesses; "I think I will remove it" is the speaker's plan
        cue = _modal_cue(match, before) if match.group("modal") else _intent_cue(match, before, people)
        if cue is not None:
            cues.append(cue)
    cues.sort(key=lambda c: c.start)
    return cues


def may_report(sentence: str) -> bool:
    """Whether `REPORTED_WOULD` can match: "would" and a verb of saying, as written (it reads case)."""
    return "would" in sentence and _REPORTING.search(sentence) is not None


def _reported_cues(sentence: str, lower: str) -> list[Cue]:
    """ "Stefano said he would update ...", "we agreed that we should ...": a reported "will"."""
    if not ("would" in sentence or "should" in sentence) or not _REPORTING.search(sentence):
        return []
    reports = (REPORTED_WOULD.finditer(sentence), AGREED_SHOULD.finditer(sentence))
    return [
        Cue(match.start("would"), match.end(), "modal", 0.75)
        for match in [match for found in reports for match in islice(found, MAX_PHRASES)]
        if match.group("verb").lower() not in STATE_VERBS
    ]


def _group_plan_cues(sentence: str, lower: str) -> list[Cue]:
    """ "The plan is to ...", "consensus to land it": a plan nobody in particular owns."""
    if not ("plan" in lower or "step" in lower or "business" in lower or "consensus" in lower):
        return []
    cues: list[Cue] = []
    for match in islice(GROUP_PLAN.finditer(sentence), MAX_PHRASES):
        verb = (match.group("verb") or match.group("verb2")).lower()
        if verb not in (STATE_VERBS - PERSON_ONLY) | {"focus", "settle"} and not re.search(
            r"\b(?:requires?|needs?|reach|without|no)\s+$", sentence[: match.start()], re.I
        ):
            cues.append(Cue(match.start(), match.end(), "passive", 0.6))
    return cues


def _to_be_done_cues(sentence: str, lower: str) -> list[Cue]:
    """ "Questions to be clarified with the venue": a passive task, unless "to be" is a verb's."""
    if "to be" not in lower:
        return []
    cues: list[Cue] = []
    for match in islice(TO_BE_DONE.finditer(sentence), MAX_PHRASES):
        before = sentence[max(0, match.start() - 60) : match.start()]
        done = match.group("done").lower()
        clause = re.split(r"[,;:]|\s[-–—]+\s", before)[-1]
        if (
            done in PASSIVE_TASKS
            and done not in DEFERRED | {"discussed", "revisited"}
            and not _NOT_A_TASK_BEFORE.search(before)
            and not _VERB_IN_CLAUSE.search(clause)
            and not _LATER.match(sentence, match.end())
        ):
            cues.append(Cue(match.start(), match.end(), "passive", 0.55))
    return cues


def _request_cues(sentence: str) -> list[Cue]:
    """ "Dionna requested Tom to review ...": the one asked owns the task."""
    if not _REQUESTING.search(sentence):
        return []
    return [
        Cue(match.start(), match.end(), "request", 0.8)
        for match in islice(REQUEST.finditer(sentence), MAX_PHRASES)
        if match.group("verb") not in DETERMINERS
    ]


def _intent_cue(match: re.Match[str], before: str, people: frozenset[str]) -> Cue | None:
    """A phrase of intent ("plans to", "volunteered to", "needs to"), unless a false friend."""
    verb = (match.group("iverb") or "").lower()
    intent = match.group("intent")
    if verb in STATE_VERBS - PERSON_ONLY and "agreed on" not in intent.lower():
        return None
    if verb in ("defer", "postpone", "table", "delay"):
        return None  # a deferral keeps a topic on the agenda; nobody has a task
    if verb in ("approve", "accept", "reject", "endorse", "adopt", "decline") and re.match(
        r"(?:decided|decides|agreed|agrees)", intent, re.I
    ):
        return None  # "the SC decided to approve the PEP": decided in the meeting, nothing left to do
    if _NOUN_BEFORE.search(before):
        return None
    if re.match(r"plans?\b", intent, re.I) and _DETERMINED_NOUN.search(before):
        return None  # "the test plan to cover it": "plan" is a noun
    if re.match(r"(?:volunteers|offers)\b", intent, re.I):
        words = before.split()
        previous = words[-1].strip(".,;:()") if words else ""
        if previous and (previous.islower() or previous.isupper()) and previous.casefold() not in people:
            return None  # "some WG volunteers to lend a hand": a noun, not a verb
    first_person = _FIRST_PERSON.match(intent)
    if re.match(r"i\b|i['’]d|Is\b", intent) or (first_person and verb in FIRST_PERSON_STATE):
        return None  # "i can" is not the speaker; "Is to" opens a question; "I can imagine"
    if re.match(r"(?:hop|expect)", intent, re.I) and (
        verb in (STATE_VERBS - PERSON_ONLY) | {"keep"}
        or not before.strip(" -–*")
        or re.search(r"\b(?:we|they|you|would|might|could|may|should|to)\s+$", before, re.I)
    ):
        return None  # "expects to keep ...", "Hope to use it": a wish without a task or a subject
    passive = re.search(r"\b(?:expected|encouraged)\b", intent, re.I)
    if intent.lower().startswith("needs") and (
        verb in ("think", "be", "have", "get")
        or not re.search(r"\b(?:he|she|but|and|[A-Z][\w'’-]+)\s+(?:still\s+|also\s+)?$", before)
    ):
        return None  # "it needs to be rebased": only a person who needs to act has a task
    kind = "person" if first_person else "modal" if passive else "intent"
    if intent.lower().startswith("needs"):
        kind = "obligation"  # kept only when its subject is a person
    return Cue(match.start(), match.end(), kind, 0.7 if passive else 0.8)


def _modal_cue(match: re.Match[str], before: str) -> Cue | None:
    verb = match.group("verb").lower()
    following = (match.group("next") or "").lower()
    if verb in OUTCOME_VERBS and (
        not before.strip(" -–*") or re.search(r"\b(?:so|and|which|it)\s*$", before)
    ):
        return None  # "Will reduce special cases", "it is large so will increase size": what code does
    if verb in ("not", "never") or verb.endswith("n't"):
        return None
    if _THING_BEFORE_MODAL.search(before) or _EMBEDDED_QUESTION.search(before):
        return None
    if verb == "assume" and following in ("responsibility", "ownership", "the"):
        return Cue(match.start(), match.end(), "modal", 0.75)  # "will assume responsibility for ..."
    if verb == "be":
        if following in DEFERRED or (
            following == "taken" and re.match(r"\s+up\b", match.string[match.end() :])
        ):
            return None  # "will be taken up next week": the topic moves to a later meeting
        if following in PASSIVE_TASKS:
            return Cue(match.start(), match.end(), "passive", 0.6)
        if following.endswith("ing") and following not in (
            "taking",
            "going",
            "missing",
            "attending",
            "meeting",
            "starting",
        ):
            return Cue(match.start(), match.end(), "modal", 0.7)
        return None
    if verb in STATE_VERBS and verb not in PERSON_ONLY:
        return None
    return Cue(match.start(), match.end(), "person" if verb in PERSON_ONLY else "modal", 0.75)


def is_absence(clause: str) -> bool:
    """Holidays, conference attendance and being away are not project work."""
    return bool(_ABSENCE.search(clause))


def is_past_report(text: str) -> bool:
    """ "The PR was merged during the meeting", "Tom shared a link": done, nothing to follow up
    (unless a commitment phrase makes it a plan: scanned for last, where its words are)."""
    first = text.split()[0].lower() if text.split() else ""
    past = _PAST_REPORT.search(text) or (first not in IMPERATIVE_VERBS and _PAST_SUBJECT_VERB.match(text))
    return bool(past) and not (_PROSE_WORDS.may_match(text) and PROSE.search(text))


def assignment_verb_ok(verb: str) -> bool:
    return verb.isalpha() and verb.islower() and verb not in DETERMINERS


# The words `PROSE` cannot match without: the costliest pattern reads only sentences that
# hold one ("X to do Y" sentences need no scan for "will" or "plans to").
_PROSE_WORDS = Triggers([PROSE], "prose")

# Every pattern through which a sentence can yield a follow-up: the cues of `find_cues`, the
# "X to do Y" assignment, "please", "let's" and a speaker's dialogue remarks. A sentence that
# holds none of their trigger words cannot match any of them, so the grammar skips it
# (`followups.may_commit`); the words are read from the patterns themselves (`triggers.py`),
# so a rule added to one of these brings its own. A new pattern that can make a follow-up
# goes in this list: tests/extract/test_triggers.py fails for a pattern of this module found
# in neither this list nor its list of patterns that only filter.
GRAMMAR = (
    PROSE,
    REQUEST,
    REPORTED_WOULD,
    AGREED_SHOULD,
    GROUP_PLAN,
    TO_BE_DONE,
    ASSIGNMENT,
    PLEASE,
    LETS,
    SPOKEN_NEXT_STEP,
    CONTACT_PERSON,
)
