"""One rule for where a sentence ends: the follow-up reader's pieces and the reference quote agree.

`split_sentences` cuts clauses too ("; ", " - Kim to ..."), which the follow-up extractor
reads one by one; `sentence_at` quotes a whole sentence around a PR number. Every end the
quote uses must be an end the follow-up reader uses, so a quote is always whole pieces.
"""

import pytest

from bot.domain.people import Roster
from bot.extract.discussed import blank_out
from bot.extract.explicit import sentence_at
from bot.extract.references import find_references
from bot.parse.minutes import parse_minutes
from bot.parse.words import split_sentences

TEXTS = [
    "Bo will look at it, see #12. Dr. Lee's PR #14 needs a rebase; Ana to check #15 - Kim to merge #16.",
    "Mr. Park said e.g. PR #20 and i.e. #21 are the same fix. Why? Ok, #22 then!",
    "PR #30 - Fix the build. PR #31 – Add the arm64 runner",
    "the ? operator in #40 is fine. Done with #41. 2 more to go",
    "   ",
    "",
]


def _whole_pieces(pieces):
    """Every run of consecutive follow-up pieces, as text: what a quote is allowed to be."""
    return {
        "".join(piece for _, piece in pieces[i : j + 1]).strip()
        for i in range(len(pieces))
        for j in range(i, len(pieces))
    }


@pytest.mark.parametrize("text", TEXTS)
def test_every_quote_is_whole_follow_up_sentences(text):
    pieces = split_sentences(text)
    assert "".join(piece for _, piece in pieces).strip() == text.strip()
    runs = _whole_pieces(pieces)
    for offset, char in enumerate(text):
        if char.strip():
            quote = sentence_at(text, offset)
            assert char in quote
            assert quote in runs


def test_the_follow_up_reader_cuts_clauses_and_skips_abbreviations():
    pieces = [piece.strip() for _, piece in split_sentences(TEXTS[0])]
    assert pieces == [
        "Bo will look at it, see #12.",
        "Dr. Lee's PR #14 needs a rebase;",
        "Ana to check #15 -",
        "Kim to merge #16.",
    ]


def test_the_quote_keeps_a_sentence_with_its_clauses():
    text = TEXTS[0]
    assert sentence_at(text, text.index("#12")) == "Bo will look at it, see #12."
    whole = "Dr. Lee's PR #14 needs a rebase; Ana to check #15 - Kim to merge #16."
    for number in ("#14", "#15", "#16"):
        assert sentence_at(text, text.index(number)) == whole


def test_abbreviations_and_questions_end_sentences_alike_in_both_readers():
    text = TEXTS[1]
    first = "Mr. Park said e.g. PR #20 and i.e. #21 are the same fix."
    assert split_sentences(text)[0] == (0, first)
    assert sentence_at(text, text.index("#21")) == first
    assert sentence_at(text, text.index("#22")) == "Ok, #22 then!"
    assert [piece.strip() for _, piece in split_sentences(text)][1:] == ["Why?", "Ok, #22 then!"]


def test_a_question_mark_after_a_space_ends_no_sentence():
    text = TEXTS[3]
    assert sentence_at(text, text.index("#40")) == "the ? operator in #40 is fine."
    assert split_sentences(text)[0][1] == "the ? operator in #40 is fine."


def test_a_reference_quotes_the_title_after_its_dash():
    meeting = parse_minutes("# Call\n\n* PR #30 - Fix the build\n* Issue #31 – Kim to triage it\n", "m.md")
    found, _, _ = find_references(meeting, Roster([]), ["acme/widgets"], [])
    evidence = {r.number: r.evidence for r in found}
    assert evidence == {30: "PR #30 - Fix the build", 31: "Issue #31 – Kim to triage it"}


def test_blank_out_keeps_offsets_so_a_match_points_into_the_text():
    text = "see https://example.org/7 then #8"
    blanked = blank_out(text, [(4, 25)])
    assert len(blanked) == len(text)
    assert "7" not in blanked
    assert blanked.index("#8") == text.index("#8")
