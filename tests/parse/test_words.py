"""The language module: one stemmer and the two stop lists, on sentences written for the test."""

from bot.extract.implicit import terms
from bot.parse.words import content_words, similarity, stem


def test_stem_meets_the_forms_of_one_verb():
    assert stem("posting") == stem("posted") == stem("posts") == stem("post")
    assert stem("merging") == stem("merged") == stem("merges") == stem("merge")


def test_stem_keeps_short_words_and_double_s():
    assert stem("uses") == "use"
    assert stem("class") == "class"
    assert stem("classes") == "class"


def test_carry_over_keeps_review_words_that_the_pr_ranking_drops():
    sentence = "Priya will review the allocator rework"
    assert stem("review") in content_words(sentence)
    assert stem("review") not in terms(sentence)
    assert stem("allocator") in terms(sentence)


def test_a_restated_follow_up_meets_its_issue_through_the_stems():
    follow_up = content_words("Kim to post the benchmark results")
    issue = content_words("Posting benchmark result")
    assert similarity(follow_up, issue) == 1.0


def test_stem_leaves_ation_nouns_whole():
    assert stem("compilation") != stem("compile")
