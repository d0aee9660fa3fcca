"""Who is speaking on a line: "Name:", "[name=Name]", "Name - ...", "(Name) - ..." or a
known login with ":", split off the text they say.

A "Short Title:" lead-in has the same shape as a speaker and must not be read as one
("Review Planned: Jörg said ..."), so it is split off as nobody's. The owner rules read the
speaker to resolve "I" ("we" never resolves to one person); the dialogue rules read the
previous line's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from bot.extract.context import Context
from bot.extract.names import Who

_SPEAKER = re.compile(r"^\[?(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\]?\s*:\s+(?=\S)")
_BRACKET_SPEAKER = re.compile(r"^\[(?P<who>[^\]]{2,40})\]\s*")
# "Michael - see where we are next week": a roster person speaking, written with a dash.
_DASH_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+[-–—]\s+(?=\S)")
# "(Dana K. Ito) - Note: I intend to ...": a speaker in parentheses.
_PAREN_SPEAKER = re.compile(r"^\((?P<who>[A-Z][^)]{1,40})\)\s*[-–—:]\s*")
# "simulacrum: I'll take ...": a login or alias in lower case, known to the roster.
_LOWER_SPEAKER = re.compile(r"^(?P<who>[a-z][\w-]{1,38})\s*(?:\([^)]{1,20}\))?\s*:\s+(?=\S)")
_NAME_EQUALS = re.compile(r"^name\s*=\s*", re.I)  # "[name=Dana Ito]": HackMD's speaker
LEADING_LABEL = re.compile(r"^[A-Z0-9][\w'’/&(),.-]*\s+(?:[\w'’/&(),.-]+\s+){0,8}?[\w'’/&()-]+:\s+")


def split_speaker(body: str, context: Context) -> tuple[Who | None, str]:
    """A "Name:" speaker or a "Short Title:" lead-in, split off the text it introduces.

    "Zach S: I can commit to ..." makes "I" Zach; "Review Planned: Jörg said ..." is a
    title that must not be read as a person.
    """
    read_speaker, said = split_speaker_lazily(body, context)
    return read_speaker(), said


def split_speaker_lazily(body: str, context: Context) -> tuple[Callable[[], Who | None], str]:
    """`split_speaker`, the speaker of a "Name:" line looked up only when the returned reader
    is called: that form splits whoever it names, and most lines it opens commit nobody.
    (The dash, parenthesis and lower-case forms split only a known person, so they look up.)"""
    first = body[:1]
    capital = "A" <= first <= "Z"
    colon = ":" in body  # `_SPEAKER`, `_LOWER_SPEAKER` and `LEADING_LABEL` all need one
    match = _SPEAKER.match(body) if colon and (capital or first == "[") else None
    if match is None and first == "[":
        match = _BRACKET_SPEAKER.match(body)
    if match:
        return partial(_labelled_speaker, match.group("who"), context), body[match.end() :]
    match = _DASH_SPEAKER.match(body) if capital else None
    if match and (who := context.names.speaker(match.group("who"))) is not None and who.login:
        return partial(context.names.speaker, match.group("who")), body[match.end() :]
    match = _PAREN_SPEAKER.match(body) if first == "(" else None
    if match and (who := context.names.speaker(match.group("who"))) is not None:
        return partial(context.names.speaker, match.group("who")), body[match.end() :]
    match = _LOWER_SPEAKER.match(body) if colon and "a" <= first <= "z" else None
    if match and (who := context.names.speaker(match.group("who"))) is not None and who.login:
        return partial(context.names.speaker, match.group("who")), body[match.end() :]
    lead = LEADING_LABEL.match(body) if colon and (capital or "0" <= first <= "9") else None
    return _nobody, (body[lead.end() :] if lead else body)


def _labelled_speaker(label: str, context: Context) -> Who | None:
    """The person a "Name:" or "[name=Name]" label names (only a label holding "=" can be HackMD's)."""
    return context.names.speaker(_NAME_EQUALS.sub("", label) if "=" in label else label)


def _nobody() -> None:
    """The speaker of a line that names none."""
    return None
