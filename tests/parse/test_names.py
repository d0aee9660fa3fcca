"""The name engine's knowledge, on names and logins made up for the test."""

import re

from bot.parse.names import (
    LOGIN,
    NOT_NAMES,
    PARTICLES,
    initial_form,
    initials,
    login_letters,
    name_keys,
    name_spellings,
    resemblance,
)

_WHOLE_LOGIN = re.compile(rf"{LOGIN}")


def test_login_grammar_allows_single_inner_hyphens_only():
    assert _WHOLE_LOGIN.fullmatch("ana-lopes2")
    assert _WHOLE_LOGIN.fullmatch("a" * 39)
    assert not _WHOLE_LOGIN.fullmatch("a" * 40)
    assert not _WHOLE_LOGIN.fullmatch("-ana")
    assert not _WHOLE_LOGIN.fullmatch("ana--lopes")
    assert not _WHOLE_LOGIN.fullmatch("ana.lopes")


def test_particles_are_lower_case_words_inside_names():
    assert {"van", "de", "du"} <= PARTICLES
    assert all(p.islower() for p in PARTICLES)


def test_name_spellings_drop_accents_and_spell_out_umlauts():
    assert name_spellings("Jürgen Möller") == {"Jürgen Möller", "Jurgen Moller", "Juergen Moeller"}
    assert name_spellings("Ines Costa") == {"Ines Costa"}


def test_name_keys_meet_across_accents_middle_initials_and_spaces():
    assert name_keys("Jürgen Möller") & name_keys("Juergen Moller")
    assert name_keys("Maria T. Silva") & name_keys("Maria Silva")
    assert name_keys("Li Wei Chen") & name_keys("Li Weichen")
    assert not name_keys("Maria Silva") & name_keys("Mario Silva")


def test_initial_form_is_a_name_with_one_initial():
    assert initial_form("Kofi A") == ("kofi", "a")
    assert initial_form("K. Mensah") == ("k", "mensah")
    assert initial_form("Kofi Mensah") is None
    assert initial_form("Kofi") is None


def test_initials_are_the_first_letter_of_each_word():
    assert initials("Kofi Mensah") == "KM"
    assert initials("Ana  Lopes Ruiz") == "ALR"
    assert initials("") == ""


def test_login_letters_keep_only_letters():
    assert login_letters("K-Mensah42") == "kmensah"


def test_resemblance_of_logins_to_a_name():
    assert resemblance("kofimensah", "Kofi Mensah") == "strong"
    assert resemblance("kmensah", "Kofi Mensah") == "strong"
    assert resemblance("mensahlab", "Ama Mensah") == "medium"
    assert resemblance("zx81", "Kofi Mensah") == "none"


def test_not_names_holds_sentence_starters_organisations_and_months():
    assert {"the", "however", "google", "september", "review"} <= NOT_NAMES
    assert all(word == word.lower() for word in NOT_NAMES)
