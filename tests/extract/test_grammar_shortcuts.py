"""The sentence grammar's shortcuts: each skips work only where the full reading finds nothing.

Every shortcut is switched off by `_full_reading`; hypothesis then writes minutes from the
words the rules read (trigger words, names, speakers, dates, punctuation) and the follow-ups
found with and without the shortcuts must be the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import FollowUp
from bot.extract import cues, dialogue, followups
from bot.extract.followups import find_follow_ups
from bot.parse.minutes import parse_minutes
from tests.extract.test_minutes_styles import ROSTER, extract, line_of, only


@contextmanager
def _full_reading() -> Iterator[None]:
    """Every sentence read by every rule, as if no trigger word were ever missing."""
    everywhere = re.compile("")  # its search finds a match in every text
    with ExitStack() as stack:
        stack.enter_context(patch.object(followups._PHRASE_TRIGGERS, "may_match", lambda text: True))
        stack.enter_context(patch.object(cues._PROSE_WORDS, "may_match", lambda text: True))
        stack.enter_context(patch.object(dialogue._DIALOGUE_WORDS, "may_match", lambda text: True))
        stack.enter_context(patch.object(cues, "_REPORTING", everywhere))
        stack.enter_context(patch.object(cues, "_REQUESTING", everywhere))
        yield


# Words of the rules, in the spellings they accept, with names and ordinary words around them.
_WORDS = [
    *("will", "WILL", "wİll", "ſhall", "'ll", "’ll", "is going to", "to", "To", "be", "reviewed", "merged"),
    *("plans", "agreed", "agreed on", "asked", "requested", "I", "I can", "would", "should", "said"),
    *("please", "Please", "let's", "Let’s", "consensus", "the plan is to", "next steps", "next step is"),
    *("object", "concerns", "if", "before", "review", "send", "open", "talk", "fix", "and", "the", "we"),
    *("We should check with", "as a next step", "volunteers", "took an action item to", "needs to"),
    *("Priya", "Ole Lindqvist", "Marta", "Samuel", "quietfox", "@praman", "Tomas Lund", "TSC", "team"),
    *("by Friday", "next week", "on March 20", "(done)", "?", ".", ",", ";", " - ", ":", "Why?", "it"),
    *("Investigate", "Update", "was merged", "has been", "shared", "Tom shared", "decided that", "stated"),
    *("resolved that", "told", "Would", "asked Ole", "he", "requested Marta", "said he would"),
    *("stated that Ole would", "agreed that we should", "It would be"),
]  # fmt: skip
_OPENINGS = ["", "* ", "  * ", "- [ ] ", "- [x] ", "Priya: ", "Ole: ", "Action item: ", "TODO: ", "Decision: "]  # fmt: skip
_LINE = st.tuples(st.sampled_from(_OPENINGS), st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
_HEADINGS = ["## Notes", "## Action items", "## Attendees", "### Topic"]


def _minutes(lines: list[tuple[str, list[str]]], headings: list[str]) -> str:
    """Lines under headings, a blank line between paragraphs so each is a statement."""
    parts = ["# Infra WG call (March 12, 2025)"]
    for index, (opening, words) in enumerate(lines):
        if index < len(headings):
            parts.append(headings[index])
        parts.append(opening + " ".join(words))
    return "\n\n".join(parts)


def _found(text: str) -> list[FollowUp]:
    return find_follow_ups(parse_minutes(text, "notes/call.md"), ROSTER)[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6), st.lists(st.sampled_from(_HEADINGS), max_size=3))
def test_the_shortcuts_find_what_the_full_reading_finds(
    lines: list[tuple[str, list[str]]], headings: list[str]
) -> None:
    text = _minutes(lines, headings)
    fast = _found(text)
    with _full_reading():
        full = _found(text)
    assert fast == full, text


def test_a_sentence_without_a_phrase_word_is_still_read_as_an_assignment() -> None:
    assert not followups._PHRASE_TRIGGERS.may_match("Ole to review the draft")
    body = "* Ole to review the draft by Friday"
    assert only(extract(body), line_of(body, "review")).owners == ["olind"]


def test_the_phrase_words_keep_the_dialogue_forms_and_the_offer() -> None:
    """What only a speaker's line, "please" or "let's" makes a task has a phrase word."""
    for sentence in ("please open an issue", "Let’s sync later", "We should check with Tomas", "any concerns"):  # fmt: skip
        assert followups._PHRASE_TRIGGERS.may_match(sentence), sentence
    body = "Ole: Could the exporter emit traces?\n\nPriya: Possibly. Please open an issue with the use case."
    assert only(extract(body), line_of(body, "Please open")).owners == ["olind"]


_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=16).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(_SENTENCE)
def test_the_commitment_phrases_and_past_reports_are_those_of_the_full_reading(sentence: str) -> None:
    """`find_cues` and `is_past_report` read a pattern only where its words are."""
    fast = (cues.find_cues(sentence), cues.is_past_report(sentence))
    with _full_reading():
        assert (cues.find_cues(sentence), cues.is_past_report(sentence)) == fast, sentence


def test_the_word_searches_need_the_words_in_the_case_the_patterns_read() -> None:
    assert cues.find_cues("Kim said he would review it")
    assert cues.find_cues("The council decided that we should gather input")
    assert cues.find_cues("Ole asked Marta to review it")
    assert not cues.find_cues("Kim SAID he would review it")  # the patterns read case as written
    assert cues.is_past_report("The PR was merged during the meeting")
    assert not cues.is_past_report("The PR was merged; Kim will post the notes")


@settings(max_examples=500, deadline=None)
@given(_SENTENCE)
def test_a_sentence_that_reports_a_would_is_read_for_its_phrases(sentence: str) -> None:
    """The reported "would" is left out of `_PHRASE_TRIGGERS`: `may_report` stands for it."""
    if cues.REPORTED_WOULD.search(sentence):
        assert cues.may_report(sentence), sentence


def test_a_would_without_a_verb_of_saying_is_not_read_for_a_report() -> None:
    assert not followups._PHRASE_TRIGGERS.may_match("Marta said he would review it")
    assert cues.may_report("Marta said he would review it")
    assert not cues.may_report("It would be nice to have the numbers")
    body = "* Marta said she would review the draft"
    assert only(extract(body), line_of(body, "review")).owners == ["mkowal"]


@settings(max_examples=500, deadline=None)
@given(_SENTENCE)
def test_a_sentence_a_pattern_of_a_word_set_matches_always_holds_one_of_its_words(sentence: str) -> None:
    """The phrase words and the dialogue words let through every sentence their patterns match."""
    for words in (followups._PHRASE_TRIGGERS, dialogue._DIALOGUE_WORDS):
        for pattern in words.patterns:
            if pattern.search(sentence):
                assert words.may_match(sentence), (pattern.pattern[:60], sentence)
