"""Follow-ups: what someone is expected to do after the meeting (GUIDELINE.md).

Each statement is read sentence by sentence. A follow-up needs a commitment phrase
(`cues.py`) or an action label ("Action item:", "AI:", an "Action Items" list, `labels.py`); its
owner is the subject of that phrase, found by grammar (the first name of the clause, a
pronoun resolved to the last named person, the one "asked to" do it), never by guessing
from every name on the line. Owners are logins only when the roster is sure of them
(`names.py`); everyone else stays in `unresolved_names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.domain.models import FollowUp, Meeting, Statement
from bot.domain.people import Roster
from bot.extract import cues, labels
from bot.extract.candidates import Candidate, drop_restated, new_candidate, to_model
from bot.extract.context import Context, apply_due_notes, due_date, label_only
from bot.extract.dialogue import follow_dialogue, requests_and_lets
from bot.extract.form_tasks import first_word, form_task, label_task, unworded_task
from bot.extract.names import FileNames, Who
from bot.extract.owners import (
    ClauseSpan,
    assignment_owners,
    clause_start,
    cue_owners,
    owner_lead,
    subject_of,
)
from bot.extract.speakers import split_speaker, split_speaker_lazily
from bot.extract.tables import action_table, find_tables
from bot.extract.triggers import Triggers
from bot.parse.words import split_sentences

# A speaker written as initials opening a statement ("DS: ..."), read in one scan of the
# file's statements each put after a NUL (which no statement holds and `\s` does not match).
_INITIALS_SPEAKER = re.compile(r"\x00([A-Z]{2,3})\s*:")
# "AI:", "AR (Kim):": an action label, unless the file's speakers are initials.
_INITIALS_LABEL = re.compile(r"^A[IR]\s*(?:\([^)]*\))?\s*:")
_OFFER_QUESTION = re.compile(
    r"\b(?:object(?:ions?)?|concerns?|opposed)\b[^.?]{0,20}\b(?:if|before)\s+I\s+(?:just\s+|go\s+ahead\s+and\s+)?[a-z]{3,}",
    re.I,
)
_YES_NO_QUESTION = re.compile(
    r"^\W*(?:Will|Would|Should|Can|Could|Shall|Do|Does|Did|Is|Are)\s+"
    r"(?:[A-Z]|(?:the|this|that|it|we|they|you|anyone|anybody|someone|there|he|she)\b)"
)
_QUESTION = re.compile(r"^\W*(?:what|how|why|where|who|which)\b", re.I)
# Under an attendance heading: "Sam unavailable - Kim Lee to present" still assigns a task.
_ATTENDANCE_TASK = re.compile(r"\s[-–—]\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+to\s+[a-z]{3,}\b")
_IS_ASSIGNED = re.compile(r"\s+(?:is|was|has\s+been|got)\s+(?:already\s+)?(?:assigned|the\s+owner)\b")
# "Niko to drop the concern (done)", "✅ Update the docs": an item already done.
_DONE_MARK = re.compile(r"[(\[]\s*(?:done|completed|finished)\s*[)\]]\s*\W*$|^\W*✅|\s[-–—]\s*done\W*$", re.I)
_NON_TASK_SECTIONS = re.compile(r"\b(?:attendees?|attendance|present|participants|regrets|links)\b", re.I)
# A statement is split once although two passes read its sentences (callers only iterate).
_sentences = lru_cache(maxsize=1024)(split_sentences)


# Heading tests, once per heading rather than once per statement under it.
@lru_cache(maxsize=1024)
def _is_non_task_heading(heading: str) -> bool:
    """An attendance or notes heading: short, or opening with the section word."""
    return bool(
        (len(heading) <= 40 or _NON_TASK_SECTIONS.match(heading.lstrip(" *#")))
        and _NON_TASK_SECTIONS.search(heading)
    )


def find_follow_ups(meeting: Meeting, roster: Roster) -> tuple[list[FollowUp], list[str]]:
    names = FileNames(roster, meeting)
    context = Context(meeting, names, _remember_subject)
    candidates: list[Candidate] = []
    speakers = initials_speakers(meeting.statements)
    # Files that write speakers as initials ("DS: ...", "AR: ...") use "AR:" for a person.
    context.initials_speak = bool(speakers - {"AI", "AR", "AIS", "ARS", "TBD", "FYI", "PS", "NB"})
    table_lines: set[int] = set()
    for rows in find_tables(meeting.statements):
        table_found = action_table(rows, context)
        if table_found is not None:
            candidates += table_found
            table_lines.update(cell.line for row in rows for cell in row)
    for statement in meeting.statements:
        if statement.line in table_lines and statement.kind == "cell":
            continue
        if statement.kind == "heading":
            context.label_line = None
            context.spoken_body = None
            continue
        if statement.quoted:
            continue
        if (
            statement.headings
            and _is_non_task_heading(statement.headings[-1])
            and not (labels.action_label(statement.text) or _ATTENDANCE_TASK.search(statement.text))
        ):
            continue  # an attendance list, unless an action sits under its heading
        lead = owner_lead(statement.text, context)
        if lead is not None:
            context.lead_owners[statement.line] = lead
            if statement.kind == "paragraph" and statement.depth == 0:
                context.label_line = statement.line
            continue
        if statement.kind == "paragraph" and statement.depth == 0:
            label = labels.is_section_label(statement.text) or label_only(statement.text)
            context.label_line = statement.line if label else None
            if label:
                continue
        candidates += _statement_follow_ups(statement, context)
    apply_due_notes(meeting, candidates, context)
    # "joshtriplett: ..." shares no topic with "joshtriplett to ...": names are not topic words
    for candidate in candidates:
        candidate.words -= names.lower_people
    kept = drop_restated(sorted(candidates, key=lambda c: c.statement.line))
    return [to_model(meeting.file, c) for c in kept], []


def initials_speakers(statements: list[Statement]) -> set[str]:
    """The initials ("DS") that open a statement as its speaker: one scan of the file, not one
    match per statement."""
    return set(_INITIALS_SPEAKER.findall("".join(f"\x00{s.text}" for s in statements)))


def _statement_follow_ups(statement: Statement, context: Context) -> list[Candidate]:
    """The follow-ups of one statement: its sentences read by the grammar, then the fallbacks
    an action label, a task checkbox or an imperative list item give."""
    text = statement.text
    if statement.parent_line in context.absorbed:
        return []  # the owner of a task its parent label states
    in_section = context.in_action_section(statement)
    marked = None if context.initials_speak and _INITIALS_LABEL.match(text) else labels.action_label(text)
    decision = labels.DECISION.match(text)
    if marked and not marked.group("rest").strip():
        return label_task(statement, marked, context)
    body = marked.group("rest") if marked else text[decision.end() :] if decision else text
    follow_dialogue(context, body)
    if statement.checkbox == "done" or (
        ("done" in text or "✅" in text or "omplet" in text) and _DONE_MARK.search(text)
    ):
        return []
    commits = may_commit(body)
    if not (commits or marked or in_section or decision):
        # No sentence can commit (the body without its speaker holds no more trigger words)
        # and no label makes it explicit: only its form can, and the speaker is read for a
        # task only, not for the dialogue (`follow_dialogue` reads it when a reply asks).
        found = form_task(statement, context)
        _settle(found, statement, context, in_section, split_speaker(body, context)[0] if found else None)
        return found
    # The speaker is looked up only where a rule reads it: most lines commit nobody.
    read_speaker, said = split_speaker_lazily(body, context)
    commits = commits and (said == body or may_commit(said))  # most bodies name no speaker
    body = said
    # "Consensus: rebase and implement it on top": a decision stated as an order
    explicit = bool(marked) or in_section or bool(decision and first_word(body) in cues.IMPERATIVE_VERBS)
    found: list[Candidate] = []
    # A sentence is a part of the body cut after its punctuation or at white space, so a
    # body without a trigger word has no sentence with one: one test, and no split, for most.
    for _, sentence in _sentences(body) if commits else ():
        phrased = _PHRASE_TRIGGERS.may_match(sentence) or cues.may_report(sentence)
        if phrased or _assignment_form(sentence):  # else no rule can match it
            found += _sentence_follow_ups(
                statement, context, sentence, phrased, read_speaker, explicit, bool(decision)
            )
    if not found:  # the speaker owns only an explicit task (`form_task` reads no speaker)
        found = unworded_task(
            statement, context, body, marked, read_speaker() if explicit else None, explicit
        )
    _settle(found, statement, context, in_section, read_speaker() if found else None)
    return found


def _settle(
    found: list[Candidate], statement: Statement, context: Context, in_section: bool, speaker: Who | None
) -> None:
    """What the whole statement adds to its follow-ups: an owner "assigned" at its end, the
    section and the speaker; with none, its subject is remembered for the next statement."""
    text = statement.text
    assigned = (
        [w for w in context.names.people(text) if _IS_ASSIGNED.match(text, w.end)]
        if " assigned" in text or " owner" in text
        else []
    )
    for candidate in found:
        if not candidate.owners and assigned:
            candidate.owners = assigned  # "Someone to review it -- Kim is assigned"
    if not found:
        context.last_subject.defer(statement)  # read by `_remember_subject` when asked
    for candidate in found:
        candidate.section = in_section
        candidate.spoken = speaker is not None


# The trigger words of every pattern a sentence must match to yield a follow-up: the
# grammar of `cues.py` and the objections of `_OFFER_QUESTION`.
_TRIGGERS = Triggers((*cues.GRAMMAR, _OFFER_QUESTION), "grammar")
# The same but the bare "X to do Y" form and the reported "would", whose trigger words
# (" to ", " would ") many sentences hold: a sentence with none of these words, and without
# what the reported "would" needs (`cues.may_report`), can only be such an assignment, so its
# commitment phrases, the offer and the dialogue forms are not looked for.
_PHRASE_TRIGGERS = Triggers(
    (p for p in _TRIGGERS.patterns if p not in (cues.ASSIGNMENT, cues.REPORTED_WOULD)), "phrases"
)


def may_commit(sentence: str) -> bool:
    """Whether the sentence grammar can find anything in `sentence`.

    Most sentences hold no trigger word at all; skipping them changes no result, because the
    grammar neither finds nor remembers anything for them.
    """
    return _TRIGGERS.may_match(sentence)


def _sentence_follow_ups(
    statement: Statement,
    context: Context,
    sentence: str,
    phrased: bool,
    read_speaker: Callable[[], Who | None],
    explicit: bool,
    decision: bool,
) -> list[Candidate]:
    """The follow-ups of one sentence: an offer, an "X to do Y" assignment, or one per
    commitment phrase, each with the subject of its clause as owner.

    `phrased` is False when the sentence holds no trigger word of `_PHRASE_TRIGGERS` and
    cannot report a "would": then only the assignment can match, and nothing else is looked for.
    `read_speaker` gives the line's speaker, read only by the rules that need one."""
    topic = statement.headings
    if phrased and _OFFER_QUESTION.search(sentence) and (speaker := read_speaker()) is not None:
        # "Would anyone object if I made a PR?", "any concerns before I start FCP?": the speaker's plan
        due = due_date(sentence, statement, context)
        return [new_candidate(statement, sentence, [speaker], due, 0.6, explicit)]
    if _is_question(sentence, context):
        return []
    # The names are read only where a rule needs them: most sentences that reach here have
    # no commitment phrase and no "X to do Y" form, and no rule reads their names.
    sentence_cues = cues.find_cues(sentence, context.names.lower_people) if phrased else []
    if explicit or decision or not sentence_cues:
        assigned = _assignment(statement, context, sentence, explicit or decision)
        if assigned is not None:
            return [assigned]
    people = context.names.people(sentence) if sentence_cues else []
    found: list[Candidate] = []
    previous_end = 0
    previous_owners: list[Who] | None = None  # the subject of the previous cue; None: it had none
    for index, cue in enumerate(sentence_cues):
        following = sentence_cues[index + 1].start if index + 1 < len(sentence_cues) else len(sentence)
        clause = sentence[cue.start : following]
        previous_start = previous_end
        base = clause_start(sentence, previous_end, cue.start, people)
        previous_end = cue.end
        if cues.is_absence(clause):
            continue
        if cue.kind == "request":
            owners = [w for w in people if cue.start <= w.start < cue.end]
            if not owners:
                continue
        else:
            clause_span = ClauseSpan(sentence, base, previous_start, index, previous_owners)
            found_owners = cue_owners(clause_span, cue, people, read_speaker(), context, topic)
            if found_owners is None:
                previous_owners = None
                continue
            owners = found_owners
        due = due_date(clause, statement, context) or due_date(sentence[: cue.start], statement, context)
        confidence = 0.9 if explicit else cue.confidence
        found.append(new_candidate(statement, sentence, owners, due, confidence, explicit or decision))
        _set_subject(context, topic, owners)
        previous_owners = owners
    if not found and phrased:
        found += requests_and_lets(statement, context, sentence, read_speaker, explicit)
    return found


def _is_question(sentence: str, context: Context) -> bool:
    """A question commits nobody: one with its mark, one opening with a question word ("What
    we will do:"), or "Will Node.js install links ... -" without its mark (but "Will Deacon
    will ..." names a person)."""
    if sentence.strip().endswith("?") or _QUESTION.match(sentence):
        return True
    return bool(_YES_NO_QUESTION.match(sentence)) and not any(
        w.start <= 4 for w in context.names.people(sentence)
    )


@lru_cache(maxsize=1024)
def _assignment_form(sentence: str) -> re.Match[str] | None:
    """The "X to do Y" form of a sentence: matched once, though a sentence without a phrase
    is tested for it before it is read and again when read (`_assignment`)."""
    return cues.ASSIGNMENT.match(sentence.strip())


def _assignment(statement: Statement, context: Context, sentence: str, explicit: bool) -> Candidate | None:
    """ "Joerg to retest it": the bare assignment form, which names its owners first."""
    assignment = _assignment_form(sentence)
    if not assignment or not cues.assignment_verb_ok(assignment.group("verb")):
        return None  # "Kim to the rescue": no verb, so no need to read who "Kim" is
    lead = len(sentence) - len(sentence.lstrip())
    who = assignment_owners(assignment.group("who"), sentence, lead, context, explicit)
    if who is None:
        return None
    assigned = new_candidate(statement, sentence, who, due_date(sentence, statement, context), 0.85, explicit)
    _set_subject(context, statement.headings, who)
    return assigned


def _set_subject(context: Context, topic: tuple[str, ...], owners: list[Who]) -> None:
    if owners:
        context.last_subject[topic] = owners


def _remember_subject(statement: Statement, context: Context) -> None:
    """The first person named as a subject, for "he"/"she" in the next item of the topic."""
    for _, sentence in _sentences(statement.text):
        people = context.names.people(sentence)
        subject, has = subject_of(sentence, 0, len(sentence), people, None, context, statement.headings)
        if has and subject:
            context.last_subject[statement.headings] = subject
