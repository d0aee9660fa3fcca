"""The wording of commitments: which phrases make a sentence a follow-up, and which do not.

Everything here is about English, not about any one community: modal commitments ("will",
"is going to"), reported ones ("agreed to", "plans to", "offered to"), assignments
("X to do Y", "X is requested to", "asked Y to") and explicit markers ("Action item:",
"AI:", "Next steps:"). The false friends GUIDELINE.md lists are excluded by grammar:
negation, conditions, things (not people) as subjects, attendance and absence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

# "Action Items:", "**AI**:", "ACTION:", "AR -", "Next steps:", "Action item for Richard:".
MARKER = re.compile(
    r"^(?P<label>(?:[\w'’/()-]+\s+){0,6}?(?:action\s+items?|action\s+required|actions?|AIs?|ARs?|"
    r"next\s+steps?|to-?dos?|follow[- ]ups?))"
    r"(?:\s+(?:for|to)\s+(?P<target>[^:]{1,60}?))?\s*(?:\((?P<paren>[^)]{0,40})\))?\s*(?::|\s[-–—]\s)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A label alone ("Action Items", "Next Steps:") whose sub-items are the follow-ups.
SECTION = re.compile(
    r"^(?:(?:open|new|outstanding|list of)\s+)?(?:action\s+items?|actions?|AIs|ARs|next\s+steps?|"
    r"to-?dos?|follow[- ]ups?|tasks?|assignments?)\s*(?:for\s+[^:]{1,40})?\s*:?\s*$",
    re.IGNORECASE,
)
# Markers that open a statement but do not make it a task by themselves.
DECISION = re.compile(r"^(?:decision|decided|resolution|outcome|conclusion)s?\s*:\s*", re.IGNORECASE)
# Case-sensitive markers: "AI" and "AR" are abbreviations only in capitals with a colon.
_MARKER_CASE = re.compile(r"^(?:AIs?|ARs?)\b")
_ACTION_WORD = re.compile(r"\b(?:action|next\s+steps?|to-?dos?|follow[- ]ups?)\b", re.IGNORECASE)

_MODAL = r"(?:will|shall|['’]ll|is\s+going\s+to|are\s+going\s+to|am\s+going\s+to)"
_ADVERBS = (
    r"(?:(?:also|then|now|still|first|soon|again|further|personally|likely|probably|definitely|only|just|"
    r"eventually|finally|quickly|hopefully|try\s+to|aim\s+to)\s+)*"
)
PROSE = re.compile(
    rf"(?P<modal>{_MODAL})\s+{_ADVERBS}(?P<verb>[a-z]+)(?:\s+(?P<next>[a-z]+))?"
    r"|\b(?P<intent>plans?\s+to|planning\s+to|intends?\s+to|intention\s+to|agreed\s+to|agrees\s+to|"
    r"offered\s+to|offers\s+to|volunteered\s+to|volunteers\s+to|promised\s+to|committed\s+to|commit\s+to|"
    r"decided\s+to|signed\s+up\s+to|took\s+(?:an|the)\s+action(?:\s+item)?\s+to|"
    r"taking\s+(?:an|the)\s+action(?:\s+item)?\s+to|(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:requested|asked|expected|tasked|assigned|encouraged)\s+to|agreed\s+on\s+(?=[a-z]+ing\b))"
    r"\s*(?P<iverb>[a-z]+)?",
    re.IGNORECASE,
)
# "Dionna requested Tom Lendacky to review ...": the one asked is the owner.
# The object is a list of names or a group: "asked if Richard could ..." is no request to him.
_OBJECT_WORD = (
    r"(?:@?[A-Z][\w.'’-]*(?:\s*\([^)]{1,30}\))?|@[\w-]+|and|the|&|team|group|maintainers|members|"
    r"reviewers|folks|everyone|all|both)"
)
REQUEST = re.compile(
    r"\b(?:asked|requested|encouraged|invited|told|tasked|reminded|urged)\s+"
    rf"(?P<object>{_OBJECT_WORD}(?:[\s,]+{_OBJECT_WORD}){{0,7}}?)\s+to\s+(?P<verb>[a-z]+)\b"
)
# "Joerg to retest ...", "Stefano and Tyler to look into ...": the bare assignment form.
ASSIGNMENT = re.compile(r"^(?P<who>[^.;:]{1,60}?)\s+to\s+(?P<verb>[a-z]+)\b")
PLEASE = re.compile(r"\bplease\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
LETS = re.compile(r"\blet['’]s\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)

_NEGATION = re.compile(
    r"\b(?:not|never|(?:hesitant|reluctant|unwilling)(?:\s+to)?|no\s+longer|no\s+one|nobody|none|cannot|can['’]t|won['’]t|n['’]t|unable)\s*$",
    re.I,
)
_SENTENCE_NEGATION = re.compile(
    r"\b(?:no\s+timeline|no\s+one\s+(?:is|will)|nobody\s+(?:is|will)|no\s+plans?\s+to|no\s+action\s+required|"
    r"not\s+planning|hasn['’]t\s+agreed|haven['’]t\s+agreed|not\s+agreed|not\s+committed)\b",
    re.IGNORECASE,
)
# Words that cannot follow "to" in an assignment: "Welcome to the", "Due to a".
_DETERMINERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "be",
    "it",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "all",
    "some",
    "any",
    "each",
    "every",
    "one",
    "two",
    "me",
    "us",
    "them",
    "him",
    "date",
    "do",
    "go",
}
# After "will", verbs that state, feel or attend rather than do.
_STATE_VERBS = {
    "be",
    "have",
    "need",
    "assume",
    "say",
    "admit",
    "argue",
    "guess",
    "bet",
    "know",
    "end",
    "notice",
    "still",
    "want",
    "like",
    "love",
    "remain",
    "stay",
    "grow",
    "happen",
    "become",
    "miss",
    "attend",
    "appreciate",
    "welcome",
    "see",
    "depend",
    "require",
    "allow",
    "enable",
    "mean",
    "cause",
    "result",
    "make",
    "help",
    "work",
    "continue",
    "not",
    "never",
    "probably",
    "likely",
    "also",
    "take",
    "get",
    "keep",
    "affect",
    "break",
    "fail",
    "include",
    "contain",
    "support",
    "use",
    "run",
    "land",
}
# "will take over / care of", "will run the meeting", "will work on", "will help with"
_PERSON_ONLY = {"take", "run", "work", "help", "keep", "get", "support", "use", "land", "make"}
# Passive tasks "will be discussed / merged / shared", not states "will be out / available".
_PASSIVE_TASK = re.compile(
    r"^(?:discussed|reviewed|merged|shared|sent|posted|drafted|created|scheduled|updated|added|removed|"
    r"addressed|fixed|investigated|tested|released|presented|circulated|prepared|submitted|opened|filed|"
    r"rebased|evaluated|considered|decided|followed|revisited|written|distributed|announced|published|"
    r"documented|organized|organised|planned|implemented|proposed|raised|brought|taken|done|made|"
    r"integrated|moved|closed|deprecated|dropped|replaced|re-?posted|reworked|split|checked|looked|"
    r"explored|contacted|notified|informed|sorted|resolved|completed|finalized|finalised|renamed|"
    r"recorded|uploaded|set|handled|picked|tracked|postponed|tabled|continued)$"
)
_ABSENCE = re.compile(
    r"\b(?:vacation|holiday|holidays|on\s+leave|out\s+of\s+(?:the\s+)?office|be\s+out|be\s+away|be\s+off|"
    r"be\s+absent|be\s+unavailable|be\s+traveling|be\s+travelling|attend|attending\s+in\s+person|"
    r"present\s+remotely|join\s+remotely|in\s+person|will\s+still|below|in\s+this\s+(?:document|doc|section)|take\s+over\b[^.]{0,30}\brole|step\s+down|"
    r"be\s+leaving|be\s+back|be\s+around)\b",
    re.IGNORECASE,
)
# "need volunteers to help", "no plans to": the cue word used as a noun.
_NOUN_BEFORE = re.compile(
    r"\b(?:need|needs|needed|seeking|looking\s+for|more|some|any|the|for|no|new|of|call\s+for|our|their|about|"
    r"regarding|existing)\s*$",
    re.I,
)
# "If one provides an implementation, they'll do it": a hypothetical, not a plan.
_HYPOTHETICAL = re.compile(r"^\W*(?:if|unless|in\s+case|whether)\b", re.IGNORECASE)
# "I think we'll ...", "hopefully they will ...": a guess about the future, not a commitment.
_HEDGE = re.compile(
    r"\b(?:I\s+think|I\s+guess|I\s+believe|I\s+hope|we\s+hope|hoping|hopefully|maybe|perhaps|probably|"
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
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s+[\"“(*\[A-Z0-9@])|;\s+|\s+[-–—]\s+(?=[A-Z])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|approx|cf|[A-Z])\.$")
# The longest abbreviation ("approx.") and the character before it, which `\b` looks at.
_ABBREVIATION_REACH = 8
# Commitment phrases read per sentence: real ones hold a handful; the bound keeps the work
# on a hostile line ("will will will ...") linear, as each phrase looks back over the sentence.
MAX_PHRASES = 32
IMPERATIVE_VERBS = {
    "investigate",
    "explore",
    "share",
    "review",
    "update",
    "create",
    "send",
    "follow",
    "check",
    "look",
    "write",
    "add",
    "fix",
    "draft",
    "prepare",
    "schedule",
    "contact",
    "reach",
    "open",
    "file",
    "submit",
    "post",
    "document",
    "test",
    "rebase",
    "merge",
    "ping",
    "ask",
    "coordinate",
    "verify",
    "consider",
    "organize",
    "organise",
    "set",
    "circulate",
    "propose",
    "provide",
    "finalize",
    "finalise",
    "email",
    "evaluate",
    "confirm",
    "publish",
    "present",
    "collect",
    "compile",
    "determine",
    "identify",
    "plan",
    "move",
    "remove",
    "clarify",
    "discuss",
    "sync",
    "talk",
    "nominate",
    "think",
    "respond",
    "reply",
}


@dataclass(frozen=True)
class Cue:
    """One commitment phrase in a sentence: where it is and how it binds an owner."""

    start: int
    end: int
    kind: str  # modal | person (a person must be the subject) | intent | passive | request
    confidence: float


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets; abbreviations such as "e.g." and "Dr." do not end one."""
    sentences: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        tail = text[max(start, match.end() - _ABBREVIATION_REACH) : match.end()]
        if match.group(0).startswith(".") and _ABBREVIATIONS.search(tail):
            continue
        piece = text[start : match.end()]
        if piece.strip():
            sentences.append((start, piece))
        start = match.end()
    if text[start:].strip():
        sentences.append((start, text[start:]))
    return sentences


def find_cues(sentence: str) -> list[Cue]:
    """The commitment phrases of one sentence, in order, false friends removed."""
    if _SENTENCE_NEGATION.search(sentence) or _HYPOTHETICAL.match(sentence):
        return []
    cues: list[Cue] = []
    for match in islice(REQUEST.finditer(sentence), MAX_PHRASES):
        if match.group("verb") not in _DETERMINERS:
            cues.append(Cue(match.start(), match.end(), "request", 0.8))
    for match in islice(PROSE.finditer(sentence), MAX_PHRASES):
        if any(c.start <= match.start() < c.end for c in cues):
            continue
        before = sentence[: match.start()]
        if _NEGATION.search(before) or _HEDGE.search(before):
            continue
        if match.group("modal"):
            cue = _modal_cue(match, before)
        else:
            verb = (match.group("iverb") or "").lower()
            if verb in _STATE_VERBS - _PERSON_ONLY and "agreed on" not in match.group("intent").lower():
                continue
            if verb in ("defer", "postpone", "table", "delay"):
                continue  # a deferral keeps a topic on the agenda; nobody has a task
            if _NOUN_BEFORE.search(before):
                continue
            if re.match(r"(?:volunteers|offers)\b", match.group("intent"), re.I) and re.search(
                r"\b[a-z]+\s*$", before
            ):
                continue  # "some WG volunteers to lend a hand": a noun, not a verb
            passive = re.search(r"\b(?:expected|encouraged)\b", match.group("intent"), re.I)
            cue = Cue(match.start(), match.end(), "modal" if passive else "intent", 0.7 if passive else 0.8)
        if cue is not None:
            cues.append(cue)
    cues.sort(key=lambda c: c.start)
    return [c for c in cues if not _CONDITION_AFTER.search(sentence[c.start :])]


def _modal_cue(match: re.Match[str], before: str) -> Cue | None:
    verb = match.group("verb").lower()
    following = (match.group("next") or "").lower()
    if verb in ("not", "never") or verb.endswith("n't"):
        return None
    if _THING_BEFORE_MODAL.search(before) or _EMBEDDED_QUESTION.search(before):
        return None
    if verb == "be":
        if _PASSIVE_TASK.match(following):
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
    if verb in _STATE_VERBS and verb not in _PERSON_ONLY:
        return None
    return Cue(match.start(), match.end(), "person" if verb in _PERSON_ONLY else "modal", 0.75)


def is_absence(clause: str) -> bool:
    """Holidays, conference attendance and being away are not project work."""
    return bool(_ABSENCE.search(clause))


def is_past_report(text: str) -> bool:
    """ "The PR was merged during the meeting", "Tom shared a link": done, nothing to follow up."""
    if PROSE.search(text):
        return False
    first = text.split()[0].lower() if text.split() else ""
    return bool(
        _PAST_REPORT.search(text) or (first not in IMPERATIVE_VERBS and _PAST_SUBJECT_VERB.match(text))
    )


def assignment_verb_ok(verb: str) -> bool:
    return verb.isalpha() and verb.islower() and verb not in _DETERMINERS


def marker(text: str) -> re.Match[str] | None:
    """An explicit action marker opening the text, with the case rules of "AI"/"AR"."""
    match = MARKER.match(text)
    if not match:
        return None
    label = match.group("label")
    last = label.split()[-1]
    if re.fullmatch(r"AIs?|ARs?", last, re.IGNORECASE) and (
        not _MARKER_CASE.match(last) or len(label.split()) > 1
    ):
        return None  # "AI" opens a marker only by itself: "We discussed AI: ..." is the technology
    if len(label.split()) > 1 and not _ACTION_WORD.search(label) and not _MARKER_CASE.match(last):
        return None
    lead = label.split()[: -2 if re.search(r"(?:next|action)\s+\S+$", label, re.I) else -1]
    if any(
        not (word[:1].isupper() or word.lower() in ("of", "and", "for", "the", "on", "to", "&"))
        for word in lead
    ):
        return None  # "The SC discussed next steps: ..." is prose; "Observability Next Step:" a title
    return match
