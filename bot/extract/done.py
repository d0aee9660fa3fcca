"""Sentences of the minutes that report something finished: "the patch has been merged".

Found once per minutes file, with the rest of extraction, so that carry-over
(`bot/plan/carry.py`) matches them against the open follow-ups without reading the minutes
again. Conditions, questions, plans and negations report nothing done.
"""

from __future__ import annotations

import re

from bot.domain.models import Done, Meeting
from bot.extract.triggers import Triggers
from bot.parse.words import split_sentences

_DONE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:now\s+)?been\s+(?:merged|posted|closed|completed|finished|done|resolved|sent|"
    r"published|submitted|shared|landed)"
    r"|(?:was|were|got|is|are)\s+(?:now\s+)?(?:merged|posted|closed|completed|finished|done|resolved|landed)"
    r"|(?:has|have)\s+(?:now\s+)?(?:posted|merged|finished|completed|sent|submitted|shared|published)"
    r"|can\s+(?:now\s+)?be\s+closed|is\s+complete|are\s+complete"
    r"|(?:merged|posted|landed|done)\s*(?:[.!]|$))",
    re.IGNORECASE,
)
_DONE_WORDS = Triggers([_DONE], "done")
# Conditions, questions and negations report nothing done.
_NOT_DONE = re.compile(
    r"\b(?:not|n't|never|yet to|whether|if|once|until|unless|before|after|when|should|would|could|"
    r"might|expected|plans?|will|going to|need(?:s|ed)? to|want(?:s|ed)? to)\b|\?",
    re.IGNORECASE,
)


def reports_done(text: str) -> bool:
    """Whether a sentence reports something finished, not planned, asked or conditional."""
    if not _DONE_WORDS.may_match(text):
        # Most statements hold none of the words a report needs ("merged", "been", ...); a
        # sentence is a part of the text, so a sentence holding one means the text holds it too.
        return False
    for _, sentence in split_sentences(text):
        if _DONE.search(sentence) and not _NOT_DONE.search(sentence):
            return True
    return False


def find_done(meeting: Meeting) -> list[Done]:
    """The statements that report something done, in line order; headings and quotes excluded."""
    return [
        Done(line=statement.line, text=statement.text)
        for statement in meeting.statements
        if statement.kind != "heading" and not statement.quoted and reports_done(statement.text)
    ]
