"""Requests, proposals and dialogue remarks: what "please ...", "let's ..." and a speaker's
remark ask of someone.

"Please submit comments by Thursday" is a task when it has a deadline; a speaker's "let's
..." is the speaker's proposal (a volunteer just after takes it over, see `candidates.py`);
in "Name: remark" dialogue a reply's "please file an issue" is a task for the one who asked,
and "let's talk later" is the task of both.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.domain.models import Statement
from bot.extract import cues
from bot.extract.candidates import Candidate, new_candidate, owner_key
from bot.extract.context import Context, due_date
from bot.extract.names import Who
from bot.extract.speakers import split_speaker
from bot.extract.triggers import Triggers
from bot.extract.verbs import ADDRESSED_VERBS, TALK_VERBS

# The trigger words of every form read here: a sentence holding none asks nothing of anyone.
_DIALOGUE_WORDS = Triggers((cues.PLEASE, cues.LETS, cues.CONTACT_PERSON, cues.SPOKEN_NEXT_STEP), "dialogue")


def follow_dialogue(context: Context, body: str) -> None:
    """Keep the line the current one answers, its speaker not yet split off.

    Most lines are never asked whom they answer (only a reply's "please ..." or "let's
    talk" is), so the speakers are read then (`addressee`), not on every line.
    """
    context.answered_body, context.spoken_body = context.spoken_body, body


def addressee(context: Context, speaker: Who) -> tuple[Who | None, bool]:
    """Who the current line answers, and whether they asked something: the previous line's
    speaker, when another person spoke it."""
    if context.answered_body is None:
        return None, False
    previous, previous_body = split_speaker(context.answered_body, context)
    if previous is None or owner_key(previous) == owner_key(speaker):
        return None, False
    return previous, "?" in previous_body


def requests_and_lets(
    statement: Statement,
    context: Context,
    sentence: str,
    read_speaker: Callable[[], Who | None],
    explicit: bool,
) -> list[Candidate]:
    """ "Please submit comments by Thursday" (with a deadline) and a speaker's "Let's ...".

    `read_speaker` gives the line's speaker: looked up only for a sentence these forms may match."""
    if not _DIALOGUE_WORDS.may_match(sentence):
        return []  # most sentences: none of the patterns below can match
    speaker = read_speaker()
    please = cues.PLEASE.search(sentence)  # each read once, for the dialogue forms and for these
    lets = cues.LETS.search(sentence)
    if speaker is not None:
        spoken = _spoken_task(statement, context, sentence, speaker, explicit, please, lets is not None)
        if spoken:
            return spoken
    if please:
        due = due_date(sentence[please.start() :], statement, context)
        if due:
            return [new_candidate(statement, sentence, [], due, 0.6, explicit)]
    quoted = lets is not None and (
        sentence[: lets.start()].count('"') % 2 == 1
        or sentence[: lets.start()].count("“") > sentence[: lets.start()].count("”")
    )
    cancel = lets is not None and lets.group("verb").lower() in (
        "skip",
        "cancel",
        "postpone",
        "not",
        "defer",
        "continue",
        "revisit",
        "discuss",
        "table",
        "wait",
    )
    if (
        lets
        and speaker is None
        and not quoted
        and not cancel
        and (due := due_date(sentence[lets.start() :], statement, context))
    ):
        return [new_candidate(statement, sentence, [], due, 0.55, explicit)]  # "Let's look at it next week"
    if lets and speaker is not None and not quoted:  # "not as simple as "let's do it"": a quotation
        owners = [speaker]
        parent = context.by_line.get(statement.parent_line or -1)
        if parent is not None:
            owners += [w for w in context.names.people(parent.text) if w.name != speaker.name]
        answered = addressee(context, speaker)[0] if lets.group("verb").lower() in TALK_VERBS else None
        if answered is not None:
            owners.append(answered)  # "ok, let's talk later": the two of them
        found = new_candidate(
            statement, sentence, owners, due_date(sentence, statement, context), 0.6, explicit
        )
        found.proposal = True
        return [found]
    return []


def _spoken_task(
    statement: Statement,
    context: Context,
    sentence: str,
    speaker: Who,
    explicit: bool,
    please: re.Match[str] | None,
    lets: bool,
) -> list[Candidate]:
    """What a dialogue line asks of someone without a modal: the speaker's next step, the
    speaker's "we should talk to Kim", and a reply's "please file an issue" to the one who asked.

    `please` is the sentence's "please" (`cues.PLEASE`), `lets` whether it says "let's".
    """
    answered, asked = (
        addressee(context, speaker)
        if please and please.group("verb").lower() in ADDRESSED_VERBS
        else (None, False)
    )
    if answered is not None and asked:
        owner = answered
    elif lets:
        return []  # a speaker's "let's ... as a next step" is a proposal (below)
    elif cues.CONTACT_PERSON.search(sentence) or cues.SPOKEN_NEXT_STEP.search(sentence):
        owner = speaker
    else:
        return []  # the due date is read only for a task: most lines are none
    return [
        new_candidate(statement, sentence, [owner], due_date(sentence, statement, context), 0.55, explicit)
    ]
