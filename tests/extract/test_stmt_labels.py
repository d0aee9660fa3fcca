"""The character tests before the label patterns skip only texts the patterns cannot match.

`action_label` reads `ACTION_LABEL` only in a text holding ":" or a dash, and `owner_lead`
reads `_NAMED_STEPS` only when the text, less a closing ":" and white space, ends on a
letter one of its labels ends on. hypothesis builds texts from the labels' words in every
case (with "ſ", which `re.I` reads as "s"), separators and white space, and checks that every
`ACTION_LABEL` match passes the test and every `_NAMED_STEPS` line is still a lead.
"""

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract import labels, owners
from bot.extract.names import Who

_WORDS = st.sampled_from([
    "action", "actions", "action items", "action required", "AI", "AIs", "AR", "ARs", "next steps",
    "next step", "todo", "to-do", "todos", "follow-up", "follow ups", "Ana", "@ana", "Ben's", "for Ana",
    "to Ben", "(urgent)", "ſteps", "itemſ", "the", "We", "Plan of",
]).flatmap(lambda word: st.sampled_from([word, word.upper(), word.title()]))  # fmt: skip
_GAPS = st.sampled_from(
    [" ", "  ", "\t", "\u00a0", "\u2003", ":", ": ", " - ", " – ", " — ", "-", "::", "\n", ""]
)
_TEXTS = st.lists(st.one_of(_WORDS, _GAPS), max_size=10).map("".join)
# An "Ana next steps" line, each part perhaps missing or doubled.
_STEPS_LINES = st.tuples(
    st.sampled_from(["Ana", "@ana", "ana", ""]),
    st.sampled_from(["", " Lee", "'s", "’s", " Lee's"]),
    st.sampled_from([" ", "  ", "\t", "\u00a0", ""]),
    st.sampled_from(
        ["next steps", "next step", "action items", "Action Item", "to-dos", "TODO", "ſtepſ", "itemſ"]
    ),
    st.sampled_from(["", " ", ":", " : ", "::", ":\n", " x"]),
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_an_action_label_holds_a_colon_or_a_dash(text: str) -> None:
    if labels.ACTION_LABEL.match(text):
        assert labels._may_label(text), text


class _Names:
    def people(self, text: str) -> list[Who]:
        return [Who(0, 3, "Ana", "ana")] if text.lstrip("@").lower().startswith("ana") else []


_CONTEXT = SimpleNamespace(names=_Names())


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TEXTS, _STEPS_LINES))
def test_a_named_steps_line_is_still_a_lead(text: str) -> None:
    if owners._NAMED_STEPS.match(text) and len(text) <= 160:
        assert owner_lead(text) == (_CONTEXT.names.people(text) or None), text


def test_named_steps_lines_still_hand_their_list_to_the_person() -> None:
    for text in [
        "Ana next steps",
        "Ana Next Steps:  ",
        "ana's action items :",
        "@ana to-dos\t",
        "Ana next ſtepſ",
    ]:
        assert owner_lead(text) == [Who(0, 3, "Ana", "ana")], text
    for text in ["Ana next steps::", "Ana next steps taken", "Ana: next steps"]:
        assert owner_lead(text) is None, text


def owner_lead(text: str) -> list[Who] | None:
    return owners.owner_lead(text, _CONTEXT)  # type: ignore[arg-type]


def test_labels_with_a_colon_or_a_dash_are_still_read() -> None:
    for text in ["Action item: send it", "AI - Kim to send", "Next steps — review", "TODO: tests"]:
        assert labels.action_label(text) is not None, text
    assert labels.action_label("Action item send it") is None


def _every_section_pattern(text: str) -> bool:
    """`is_section_label` with both patterns read for every text, as before its word test."""
    if len(text) > 120:
        return False
    plain = labels._DECORATION.sub("", text)
    return bool(labels.SECTION.match(plain) or labels.SECTION_LEAD.match(plain))


_SECTION_TEXTS = st.lists(
    st.one_of(
        _WORDS,
        _GAPS,
        st.sampled_from(["## ", "**", "➡️ ", "🚀", "open ", "list of ", "tasks", "Assignments", "aſſignment"]),
        st.sampled_from(
            ["taſk", "TASK", "tas\u212as", "Actıon", "Actİon", "based on this:", "(s)", ")", "."]
        ),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_SECTION_TEXTS)
def test_the_section_word_test_changes_no_answer(text: str) -> None:
    assert labels.is_section_label.__wrapped__(text) == _every_section_pattern(text)


def test_section_labels_in_look_alike_letters_are_still_read() -> None:
    for text in [
        "## Action Items",
        "tas\u212as:",
        "Aſſignments",
        "Actıon items",
        "**Next steps based on it:**",
    ]:
        assert labels.is_section_label.__wrapped__(text), text
    assert not labels.is_section_label.__wrapped__("Attendees")
