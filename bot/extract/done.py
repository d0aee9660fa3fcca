"""Sentences of the minutes that report something finished: "the patch has been merged".

Found once per minutes file, with the rest of extraction, so that carry-over
(`bot/plan/carry.py`) matches them against the open follow-ups without reading the minutes
again. Conditions, questions, plans and negations report nothing done.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import add

from bot.domain.models import Done, Meeting
from bot.extract.trigger_table import ANCHORED
from bot.extract.triggers import Triggers, normal
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
# The search of `_DONE_WORDS.may_match`, as `make triggers` wrote it, for a whole file at once
# (`_may_report`); a set without needles lets every text through, as every character does.
_MAY_REPORT = re.compile(ANCHORED["done"] or r"[\s\S]")
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
    return _sentence_reports(text)


def _sentence_reports(text: str) -> bool:
    for _, sentence in split_sentences(text):
        if _DONE.search(sentence) and not _NOT_DONE.search(sentence):
            return True
    return False


def find_done(meeting: Meeting) -> list[Done]:
    """The statements that report something done, in line order; headings and quotes excluded."""
    statements = meeting.statements
    return [
        Done(line=statement.line, text=statement.text)
        for statement in (statements[index] for index in _may_report([s.text for s in statements]))
        if statement.kind != "heading" and not statement.quoted and _sentence_reports(statement.text)
    ]


def _may_report(texts: Sequence[str]) -> list[int]:
    """The indexes, in order, of the texts `_DONE_WORDS.may_match`: its search run once over
    the texts joined instead of once per text, as most hold no needle.

    Joined by "\\0", which no needle holds and which `\\s` and `\\w` do not match: a match
    starts and ends in one text, and what it looks at around it reads as the edge of that
    text would; `normal` keeps every position (it spells "İ", which lowers to two
    characters, "i" first). So a text holds a match just when the joined texts hold one in it.
    """
    joined = normal("\x00".join(texts))
    ends = list(accumulate(map(add, map(len, texts), repeat(1))))  # where the next text starts
    return sorted({bisect_right(ends, match.start()) for match in _MAY_REPORT.finditer(joined)})
