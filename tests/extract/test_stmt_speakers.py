"""`split_speaker` tries a speaker form only when the body opens as that form must.

Each form needs a first character of its own ("[", "(", a capital, a lower-case letter) and
some need a colon; the guards test those before the patterns. hypothesis builds bodies from
speaker-like pieces and checks the guarded function against every form tried in order, with
a roster stand-in that knows some labels, some without a login and some not at all.
"""

import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract import speakers
from bot.extract.names import Who


class _Names:
    """Labels with "x" are unknown, with "q" known without a login, others known with one."""

    def speaker(self, label: str) -> Who | None:
        if "x" in label.lower():
            return None
        return Who(0, len(label), label, None if "q" in label.lower() else label.lower())


_CONTEXT = SimpleNamespace(names=_Names())


def _every_form(body: str) -> tuple[Who | None, str]:
    """What `split_speaker` gives with every pattern tried, as it was before the guards."""
    names = _CONTEXT.names
    match = speakers._SPEAKER.match(body) or speakers._BRACKET_SPEAKER.match(body)
    if match:
        label = re.sub(r"^name\s*=\s*", "", match.group("who"), flags=re.I)
        return names.speaker(label), body[match.end() :]
    for pattern, needs_login in (
        (speakers._DASH_SPEAKER, True),
        (speakers._PAREN_SPEAKER, False),
        (speakers._LOWER_SPEAKER, True),
    ):
        match = pattern.match(body)
        if (
            match
            and (who := names.speaker(match.group("who"))) is not None
            and (who.login or not needs_login)
        ):
            return who, body[match.end() :]
    lead = speakers.LEADING_LABEL.match(body)
    return None, (body[lead.end() :] if lead else body)


_PIECES = st.sampled_from([
    "Ana", "Quinn", "Xu", "Zach S", "ana", "qbot", "xbot", "name=Ana", "NAME = Quinn", "Review Planned",
    "3D", "Ünal", "élodie", "[", "]", "(", ")", ":", ": ", " - ", " – ", " — ", "-", " ", "  ", "\t",
    "I'll do it", "will send", ".", "’", "_", "2", "\u00a0",
])  # fmt: skip
# A speaker form's parts in order, each perhaps missing or wrong, then free pieces.
_SHAPED = st.tuples(
    st.sampled_from(["", "[", "("]),
    st.sampled_from(["Ana", "ana", "qbot", "xbot", "Quinn", "name=Ana", "3D", "Ünal"]),
    st.sampled_from(["", "]", ")"]),
    st.sampled_from([":", ": ", " - ", " – "]),
    st.sampled_from(["", "x", "will send", " x"]),
).map("".join)
_BODIES = st.one_of(_SHAPED, st.lists(_PIECES, max_size=10).map("".join))


@settings(max_examples=2000, deadline=None)
@given(_BODIES)
def test_the_guards_change_no_speaker_and_no_body(body: str) -> None:
    assert speakers.split_speaker(body, _CONTEXT) == _every_form(body)  # type: ignore[arg-type]


def test_each_form_is_still_read() -> None:
    def split(body: str) -> tuple[str | None, str]:
        who, rest = speakers.split_speaker(body, _CONTEXT)  # type: ignore[arg-type]
        return (who.name if who else None), rest

    assert split("Zach S: I can commit") == ("Zach S", "I can commit")
    assert split("[Ana]: will send it") == ("Ana", "will send it")
    assert split("[name=Ana] will send it") == ("Ana", "will send it")
    assert split("Ana - see where we are") == ("Ana", "see where we are")
    assert split("Quinn - no login, no speaker") == (None, "Quinn - no login, no speaker")
    assert split("(Quinn) - Note: I intend to") == ("Quinn", "Note: I intend to")
    assert split("ana: I'll take it") == ("ana", "I'll take it")
    assert split("3D plan for next week: render it") == (None, "render it")
    assert split("élodie: unknown form") == (None, "élodie: unknown form")
    assert split("") == (None, "")
