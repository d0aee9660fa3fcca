"""`due_date` looks for "the next meeting" only in a text holding "meeting", "call" or "sync".

hypothesis builds texts from the phrases' words in every case, with the look-alike letters
`re.I` and `str.lower` treat apart ("İ", "ı", "ſ", the Kelvin sign), and checks that every
text either pattern matches passes the word test.
"""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import Roster
from bot.extract import context
from bot.extract.followups import find_follow_ups
from bot.parse.minutes import parse_minutes

_WORDS = st.sampled_from([
    "due", "deadline", "dead line", "next", "meeting", "call", "sync", "the", "before", "by", "at", "for",
    "are", "is", "Deadline:", "due date", "week", "x", "d", "ue",
]).flatmap(lambda word: st.sampled_from([word, word.upper(), word.title()]))  # fmt: skip
_OTHERS = st.sampled_from([" ", "  ", "\n", ":", ".", "İ", "ı", "ſ", "\u212a", "é", "\x00", ""])
_TEXTS = st.lists(st.one_of(_WORDS, _OTHERS), max_size=8).map("".join)


_CASES = st.sampled_from(["lower", "upper", "title"])
# "before the next call", "next team ſync": each part in some case, or another word.
_PHRASES = st.tuples(
    st.sampled_from(["next", "before the", "by the", "at the", "for the", "the", "x"]),
    st.sampled_from([" ", "  ", "\n", " team ", ""]),
    st.sampled_from(["meeting", "call", "sync", "ſync", "meetİng", "meetıng", "calls", "sink"]),
).flatmap(lambda parts: _CASES.map(lambda case: "".join(getattr(part, case)() for part in parts)))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_TEXTS, _PHRASES))
def test_a_next_meeting_phrase_holds_a_meeting_word(text: str) -> None:
    if context._NEXT_MEETING.search(text) or context._BEFORE_THE_CALL.search(text):
        lowered = context.normal(text)
        assert any(word in lowered for word in context._MEETING_WORDS), text


_ROSTER = Roster([Person(name="Richard Relph", github="RARelph", aliases=["Richard"])])


def _dues(body: str) -> list[date | None]:
    meeting = parse_minutes(f"# Bi-Weekly Call 2025-09-17\n\n## Topics\n\n{body}", "minutes/call.md")
    return [item.due for item in find_follow_ups(meeting, _ROSTER)[0]]


def test_the_next_meeting_in_look_alike_letters_is_still_its_date() -> None:
    assert _dues("* Richard will present it at the next meetİng.\n") == [date(2025, 10, 1)]
    assert _dues("* Richard will present it at the next ſync.\n") == [date(2025, 10, 1)]
    assert _dues("* Richard will present it before the CALL.\n") == [date(2025, 10, 1)]


def test_a_due_note_after_the_tasks_still_dates_them() -> None:
    body = "* Richard will draft the report.\n* Drafts are DUE by the end of October.\n"
    assert _dues(body) == [date(2025, 10, 31)]
