"""The speaker of a line is split off only when something reads it.

A body with no trigger word is not split (its sentences cannot commit without the speaker
either), and the dialogue keeps the unsplit bodies, reading the previous line's speaker only
when a reply asks whom it answers. hypothesis checks both against the eager reading: the
trigger test on the whole body against the test on the body without its speaker, and the
lazy addressee against the speaker of every line read in order.
"""

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract import speakers
from bot.extract.candidates import owner_key
from bot.extract.dialogue import addressee, follow_dialogue
from bot.extract.followups import may_commit
from bot.extract.names import Who
from tests.extract.test_minutes_styles import extract, line_of, only


class _Names:
    """Labels with "x" are unknown, with "q" known without a login, others known with one."""

    def speaker(self, label: str) -> Who | None:
        if "x" in label.lower():
            return None
        return Who(0, len(label), label, None if "q" in label.lower() else label.lower())


_SPEAKERS = st.tuples(
    st.sampled_from(["", "[", "("]),
    st.sampled_from(["Ana", "ana", "qbot", "xbot", "Quinn", "Ben", "name=Ana", "3D", "Review Planned"]),
    st.sampled_from(["", "]", ")"]),
    st.sampled_from(["", ":", ": ", " - ", " – ", ":\t", "  "]),
).map("".join)
_WORDS = st.sampled_from([
    "will", "to", " to ", "please", "let's", "next step", "asked", "agreed", "would", "'ll", "I",
    "send", "it", "?", ".", ",", " ", "-", ":", "Will", "plans", "going", "x", "_",
])  # fmt: skip
_BODIES = st.tuples(_SPEAKERS, st.lists(_WORDS, max_size=8).map("".join)).map("".join)


def _context() -> SimpleNamespace:
    return SimpleNamespace(names=_Names(), spoken_body=None, answered_body=None)


@settings(max_examples=3000, deadline=None)
@given(_BODIES)
def test_a_body_without_trigger_words_keeps_none_without_its_speaker(body: str) -> None:
    rest = speakers.split_speaker(body, _context())[1]  # type: ignore[arg-type]
    assert may_commit(body) or not may_commit(rest)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.none(), _BODIES), max_size=8))
def test_the_lazy_addressee_is_the_one_every_line_read_in_order_gives(lines: list[str | None]) -> None:
    """None stands for a heading, which ends the dialogue."""
    context = _context()
    previous: Who | None = None  # the eager state: the last line's speaker, and its question
    previous_asked = False
    for body in lines:
        if body is None:
            context.spoken_body = None
            previous = None
            continue
        follow_dialogue(context, body)  # type: ignore[arg-type]
        speaker, rest = speakers.split_speaker(body, context)  # type: ignore[arg-type]
        answered = previous is not None and speaker is not None and owner_key(previous) != owner_key(speaker)
        if speaker is not None:
            eager = (previous if answered else None, answered and previous_asked)
            assert addressee(context, speaker) == eager  # type: ignore[arg-type]
        previous, previous_asked = speaker, "?" in rest


def test_a_heading_ends_the_dialogue_a_reply_answers() -> None:
    body = (
        "Ole: Could the exporter also emit traces for the cache?\n\n## Tracing\n\n"
        "Priya: Possibly, it needs some design first. Please open an issue with the use case."
    )
    assert not [f for f in extract(body) if f.line == line_of(body, "Please open")]


def test_a_reply_answers_the_line_just_before_it_though_that_line_commits_nothing() -> None:
    body = (
        "Priya: Does anyone know the cache size?\n\n"
        "Ole: Could the exporter also emit traces for the cache?\n\n"
        "Priya: Possibly, it needs some design first. Please open an issue with the use case."
    )
    item = only(extract(body), line_of(body, "Please open"))
    assert item.owners == ["olind"]
