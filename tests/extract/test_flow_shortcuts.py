"""Shortcuts of the follow-up grammar that are not obviously the same as the full reading.

Each test compares a shortcut with the work it skips: the first-letter test `cues.PROSE`
opens with against the pattern without it; the speaker looked up only where a rule reads it
against the speaker looked up with the split; the scans of a file's statements joined
against one test per statement.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from re import _constants as sre
from re import _parser
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.models import Statement
from bot.extract import cues, followups, speakers
from bot.extract.context import Context
from bot.extract.names import Who
from tests.extract.test_grammar_shortcuts import _HEADINGS, _OPENINGS, _WORDS, _found, _minutes

_PROSE_LOOKAHEAD = f"(?=[{cues._PROSE_FIRST}])(?:"
# `cues.PROSE` as written before its first-letter test.
_FULL_PROSE = re.compile(
    cues.PROSE.pattern.removeprefix(_PROSE_LOOKAHEAD).removesuffix(")"), cues.PROSE.flags
)


def _first_chars(items: _parser.SubPattern | list[tuple[object, object]]) -> tuple[set[int], bool]:
    """The characters a match of `items` can open on, and whether it can match nothing."""
    chars: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            return chars | {av}, False
        if op is sre.IN:
            for kind, value in av:
                assert kind in (sre.LITERAL, sre.RANGE), kind  # no class a letter set cannot tell
                chars |= {value} if kind is sre.LITERAL else set(range(value[0], value[1] + 1))
            return chars, False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the next item opens the match
        if op is sre.SUBPATTERN:
            found, empty = _first_chars(av[-1])
        elif op is sre.BRANCH:
            branches = [_first_chars(branch) for branch in av[1]]
            found, empty = set().union(*(b[0] for b in branches)), any(b[1] for b in branches)
        elif op is sre.MAX_REPEAT:
            found, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            raise AssertionError(f"unexpected {op} opening PROSE")
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def test_prose_opens_only_on_its_first_letters() -> None:
    """Every character a match of the full pattern opens on passes the first-letter test:
    the letters are read from the parsed pattern, each compared under PROSE's flags on
    every code point (case folding makes "ſ" an "s", "İ" an "i")."""
    assert cues.PROSE.pattern.startswith(_PROSE_LOOKAHEAD)
    opening, empty = _first_chars(_parser.parse(_FULL_PROSE.pattern, _FULL_PROSE.flags))
    assert not empty
    full = re.compile("|".join(re.escape(chr(c)) for c in sorted(opening)), _FULL_PROSE.flags)
    first = re.compile(f"[{cues._PROSE_FIRST}]", _FULL_PROSE.flags)
    assert {chr(c).lower() for c in opening} == set(cues._PROSE_FIRST)
    missed = [c for c in range(sys.maxunicode + 1) if full.match(chr(c)) and not first.match(chr(c))]
    assert missed == []


_PROSE_WORDS = [
    *("will", "WILL", "wİll", "ſhall", "'ll", "’ll", "is going to", "are going to", ", going to", "going to"),
    *("plans to", "planning to", "intends to", "agreed to", "agreed on", "fixing", "hoping to", "are to"),
    *("I can", "I'd be happy to", "offered to", "volunteers to", "commit to", "took an action item to"),
    *("was asked to", "has been tasked to", "needs to", "also", "then", "try to", "send", "be", "review"),
    *("Kim", "the", "it", "we", "still", "this", "x", "-", ",", ".", " ", "  ", "\n", "Will", "I"),
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PROSE_WORDS), max_size=12), st.sampled_from([" ", "", "  "]))
def test_prose_finds_what_the_full_pattern_finds(words: list[str], joint: str) -> None:
    sentence = joint.join(words)
    fast = [(m.span(), m.groupdict()) for m in cues.PROSE.finditer(sentence)]
    assert fast == [(m.span(), m.groupdict()) for m in _FULL_PROSE.finditer(sentence)]


def _eager_split(body: str, context: Context) -> tuple[Callable[[], Who | None], str]:
    """The speaker looked up with the split, as before the lookup was put off."""
    speaker, said = speakers.split_speaker(body, context)
    return (lambda: speaker), said


_SPOKEN_OPENINGS = ["Priya: ", "Ole: ", "OL: ", "Ole Lindqvist: ", "[name=Ole] ", "Marta - ", "quietfox: "]
_SPOKEN_LINE = st.tuples(
    st.sampled_from([*_OPENINGS, *_SPOKEN_OPENINGS]),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14),
)


@settings(max_examples=300, deadline=None)
@example(  # the note sums up the spoken line only if that line's speaker was read
    [
        ("Priya: ", ["I", "will", "review", "the", "parser"]),
        ("", ["Priya", "will", "review", "the", "parser"]),
    ],
    [],
)
@given(st.lists(_SPOKEN_LINE, min_size=1, max_size=6), st.lists(st.sampled_from(_HEADINGS), max_size=3))
def test_a_speaker_looked_up_late_is_the_one_looked_up_first(
    lines: list[tuple[str, list[str]]], headings: list[str]
) -> None:
    """`followups` reads a line's speaker only where a rule needs it (`split_speaker_lazily`):
    the follow-ups are those found with the speaker looked up at the split."""
    text = _minutes(lines, headings)
    late = _found(text)
    with patch.object(followups, "split_speaker_lazily", _eager_split):
        assert late == _found(text), text


_INITIAL_TEXTS = st.lists(st.text(alphabet="ADIRS :x\n\t\u00a0([)]", max_size=8), max_size=6)


@given(_INITIAL_TEXTS)
def test_initials_speakers_found_in_one_scan_are_those_each_statement_opens_with(texts: list[str]) -> None:
    statements = [
        Statement(line=i + 1, end_line=i + 1, kind="paragraph", text=text, raw=text)
        for i, text in enumerate(texts)
    ]
    one_by_one = {m.group(1) for text in texts if (m := re.match(r"^([A-Z]{2,3})\s*:", text))}
    assert followups.initials_speakers(statements) == one_by_one
