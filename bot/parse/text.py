"""Text normalisation shared by name matching and keyword ranking."""

import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose but people still write in ASCII.
_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)
# German umlauts also have a two-letter ASCII spelling: Jörg = Joerg.
_UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose, translate or drop: the common case, made cheap
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)  # names are folded over and over while one file is read
def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Jörg Rödel' -> 'jorg rodel'."""
    return " ".join(strip_accents(text).casefold().split())


def spell_umlauts(text: str) -> str:
    """German umlauts in their two-letter ASCII spelling: 'Jörg' -> 'Joerg'."""
    return text.translate(_UMLAUT)


def fold_variants(text: str) -> set[str]:
    """Every key a name may be written as: 'Jörg' -> {'jorg', 'joerg'}."""
    return {fold(text), fold(spell_umlauts(text))}
