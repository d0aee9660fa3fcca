"""The words a text writes in lower case, for telling "Details" (a word) from a name."""

from __future__ import annotations

import re

from bot.parse.words import word_char

_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_LOWER_WORD_SHAPE = re.compile(r"[a-z][a-z'’-]+")


class LowerCaseWords:
    """The words a text writes in lower case ("details" in "the details"), asked one at a time.

    Answers as `word in set(_LOWER_WORD.findall(text))` does, without listing every word of
    a file for the dozen a file asks about. A word written nowhere apart from other letters
    is not among them; one written between spaces or punctuation is; a word written next to
    an apostrophe or a hyphen ("re-link", "x-link"), or found inside other words more than a
    few times, is looked up in the full list, made once: no text costs more than one listing
    and a few searches per word.
    """

    _LOOKS = 8  # places a word is found at before the full list is cheaper

    def __init__(self, text: str) -> None:
        self._text = text
        self._answers: dict[str, bool] = {}
        self._listed: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if word not in self._answers:
            self._answers[word] = self._written(word)
        return self._answers[word]

    def _listed_words(self) -> set[str]:
        if self._listed is None:
            self._listed = set(_LOWER_WORD.findall(self._text))
        return self._listed

    def _written(self, word: str) -> bool:
        if not _LOWER_WORD_SHAPE.fullmatch(word):
            return False
        # A word ending in "-" or "'" ends at a word boundary only before a letter.
        if self._listed is not None or not word[-1].isalpha():
            return word in self._listed_words()
        text, undecided = self._text, False
        start = text.find(word)
        for _ in range(self._LOOKS):
            if start == -1:
                return undecided and word in self._listed_words()
            end = start + len(word)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not word_char(before) and not word_char(after):
                if before not in "'’-" and after not in "'’-":
                    return True
                undecided = True  # it may be the tail or head of a hyphenated word
            start = text.find(word, start + 1)
        return word in self._listed_words()
