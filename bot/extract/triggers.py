r"""Trigger words: the text a regular expression cannot match without, read from the pattern.

The sentence grammar is a few dozen costly patterns, and most sentences of minutes match
none of them. A cheap test that a sentence holds at least one word some pattern needs
("will", "agreed", "asked", ...) lets the grammar skip the others without changing what it
finds. The words are derived from the compiled patterns themselves, so a rule added to a
pattern brings its trigger with it: no list kept by hand can fall behind.

For each pattern, `needles.needles` walks the parsed regex (`re._parser`, the parser `re.compile`
uses) and returns a set of strings one of which every match contains ("plans to", a " "
standing for the pattern's `\s+`), with whether a word boundary surely precedes or follows
it. `Triggers` tests many patterns' needles at once on the sentence in a normal form
(`normal`), lower case with the few letters that match an ASCII letter only while ignoring
case spelt as that letter.

`may_match` answers with a second search of the same needles (`Triggers.anchored_source`):
each needle is looked for from one of its rarer letters ("x" of "next step"), its start
checked by a look-behind, so the regex engine skips ahead to the few places holding one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from bot.domain.people import alternation
from bot.extract.needles import Needle, choose, covered, pattern_needs
from bot.extract.trigger_table import ANCHORED, TABLE
from bot.parse.words import word_char

# Letters that a case-insensitive ASCII letter matches but that `str.lower` does not turn
# into it (the dotted and dotless i, the long s, the Kelvin sign): spelt as that letter
# before lowering, so a "will" written "wİll" is still seen. Checked against every code
# point by the tests.
FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# Characters from the most to the least common in English prose (letter-frequency tables);
# any other character counts as rarer than all of them. Only the order is read (`_anchors`).
_COMMON = " etaoinshrdlcumwfgypbvkjxqz"


_FOLDED = tuple(chr(code) for code in FOLD)


def normal(text: str) -> str:
    """The form `Triggers` reads: lower case, with `FOLD` applied first (when it changes anything)."""
    if not text.isascii() and any(char in text for char in _FOLDED):
        text = text.translate(FOLD)
    return text.lower()


class Triggers:
    """One test for many patterns: False only when none of them can match the text.

    Where a part of a pattern could be told by several needles, the ones chosen are those
    the search holds anyway, else the rarest (`choose`). A set the bot uses is given a
    `name`: its searches are then read from `trigger_table.py`, where `make triggers`
    writes what the derivation gives (tests/extract/test_triggers.py
    fails when the two differ), so no command pays for parsing the patterns. Without a name
    the searches are derived on first use.
    """

    def __init__(self, patterns: Iterable[re.Pattern[str]], name: str | None = None) -> None:
        self.patterns = tuple(patterns)
        self.name = name

    @cached_property
    def found(self) -> dict[re.Pattern[str], frozenset[Needle] | None]:
        """Each pattern's needles (None: it has none, and no text may be skipped)."""
        needs = {pattern: pattern_needs(pattern) for pattern in self.patterns}
        # First the rarest needles of each rule; then, where a rule could also be told by
        # needles that search holds anyway, those: "to" of "X to do Y" also serves "asked to".
        first = frozenset().union(*(choose(need) for need in needs.values() if need is not None))
        return {p: None if need is None else choose(need, first) for p, need in needs.items()}

    @cached_property
    def needles(self) -> frozenset[Needle]:
        return frozenset().union(*(n for n in self.found.values() if n is not None))

    def derived_source(self) -> str | None:
        """The needles as one search: per first character and kind of boundary, a trie of
        the rest, so each position of a text costs a few characters whatever the number of
        needles; " " stands for `\\s+`. Every branch opens with its literal (a `\\b` before
        a word character is read after it, as "not after a word character"), so the regex
        engine skips ahead to the positions holding one of the first characters.
        None when some pattern has no needle (no text may be skipped)."""
        if None in self.found.values():
            return None
        groups: dict[tuple[str, bool, bool], list[str]] = {}
        for needle in self.needles:
            start = needle.word_start and word_char(needle.text[0])
            end = needle.word_end and word_char(needle.text[-1])
            groups.setdefault((needle.text[0], start, end), []).append(needle.text[1:])
        return "|".join(
            (
                re.escape(first)
                + (r"(?<!\w.)" if start else "")
                + (f"(?:{alternation(rests, ignore_case=False)})" if rests != [""] else "")
                + (r"\b" if end else "")
            ).replace(r"\ ", r"\s+")
            for (first, start, end), rests in sorted(groups.items())
        )

    def anchored_source(self) -> str | None:
        """The needles as one search that says whether one is in a text, not where it starts.

        Branches opening with a common letter hold the regex engine at most positions of a
        text; here each needle opens on one of its rarer characters (`_anchors`, "k" of
        "asked "), and the part before is checked by a look-behind once that character is
        found. A look-behind has a fixed width, so a needle's " " reads one white space
        there, and a longer run is let through by a second look-behind holding only the
        part after it (`_behind`): the search may then pass a text the needle misses, never
        the other way. Needles another one implies ("going to " holds " to ") are left out.
        None when some pattern has no needle."""
        if None in self.found.values():
            return None
        kept = _uncovered(self.needles)
        if any(not needle.text.strip(" ") for needle in kept):
            return self.derived_source()  # a needle of white space only has no letter to open on
        groups: dict[str, list[str]] = {}
        for needle, at in _anchors(kept).items():
            text = needle.text
            end = text.find(" ", at)
            end = len(text) if end < 0 else end  # the anchor's word ends here: read forward from it
            start = needle.word_start and word_char(text[0])
            groups.setdefault(text[at], []).append(
                re.escape(text[at + 1 : end])
                + (_behind(text[:end], start) if at or start else "")
                + _escaped(text[end:], r"\s+")
                + (r"\b" if needle.word_end and word_char(text[-1]) else "")
            )
        return "|".join(
            f"{re.escape(char)}(?:{'|'.join(sorted(branches))})" for char, branches in sorted(groups.items())
        )

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        source = TABLE[self.name] if self.name is not None else self.derived_source()
        return None if source is None else re.compile(source)

    @cached_property
    def _anchored(self) -> re.Pattern[str] | None:
        source = ANCHORED[self.name] if self.name is not None else self.anchored_source()
        return None if source is None else re.compile(source)

    def may_match(self, text: str) -> bool:
        pattern = self._anchored
        if pattern is None:
            return True
        return pattern.search(normal(text)) is not None

    def starts(self, text: str) -> list[int] | None:
        """Where a needle starts in `text`, one per match of a left-to-right scan; None when
        any position may match (a pattern without needles). `normal` keeps every position:
        the one letter whose lower case is two characters ("İ") is in `FOLD`."""
        pattern = self._pattern
        if pattern is None:
            return None
        return [match.start() for match in pattern.finditer(normal(text))]


def _uncovered(needles: Iterable[Needle]) -> list[Needle]:
    """The needles no shorter one of them implies: a text holding "going to " holds " to "."""
    kept: list[Needle] = []
    for needle in sorted(needles, key=lambda n: (len(n.text), n.text, n.word_start, n.word_end)):
        if not covered(needle, frozenset(kept)):
            kept.append(needle)
    return kept


def _commonness(char: str) -> int:
    """How often `char` is met in English prose, as a rank: 0 for the rarest."""
    index = _COMMON.find(char)
    return len(_COMMON) - index if index >= 0 else 0


def _places(text: str) -> list[int]:
    """Where a needle may open its search: on a character the next one of its word follows,
    which turns most places holding the first down at once; else on any but white space."""
    inside = [at for at in range(len(text) - 1) if " " not in text[at : at + 2]]
    return inside or [at for at, char in enumerate(text) if char != " "]


def _anchors(needles: list[Needle]) -> dict[Needle, int]:
    """Each needle's place to open on: the rarest character each offers, then, commonest
    first, those the needles can do without (every place holding one is a stop)."""
    offered = {needle: {needle.text[at] for at in _places(needle.text)} for needle in needles}
    chosen = {min(chars, key=lambda c: (_commonness(c), c)) for chars in offered.values()}
    for char in sorted(chosen, key=lambda c: (_commonness(c), c), reverse=True):
        if all(chars & (chosen - {char}) for chars in offered.values()):
            chosen.discard(char)
    return {
        needle: min(
            (at for at in _places(needle.text) if needle.text[at] in chosen),
            key=lambda at: (_commonness(needle.text[at]), at),
        )
        for needle in needles
    }


def _behind(text: str, word_start: bool) -> str:
    """A look-behind that `text` ends here, its " " one white space (`\\s`), and that no word
    character precedes it if `word_start`. Each gap of `text` may be a longer run of white
    space: a further branch then reads two white spaces and only the text after the gap, so
    a longer run passes whatever precedes it."""
    written = _escaped(text, r"\s")
    exact = f"(?<={written})" + (rf"(?<!\w{written})" if word_start else "")
    gaps = [at for at in range(1, len(text)) if text[at] == " " and text[at - 1] != " "]
    if not gaps:
        return exact
    longer = ("(?<=" + _escaped(" " + text[at:], r"\s") + ")" for at in gaps)
    return f"(?:{'|'.join((exact, *longer))})"


def _escaped(text: str, space: str) -> str:
    """`text` as a regex of itself, its " " written `space`."""
    return re.escape(text).replace(r"\ ", space)


def named_sets() -> dict[str, Triggers]:
    """Every named trigger set of the extraction modules, by name (imports them all)."""
    import importlib
    import pkgutil
    from pathlib import Path

    found: dict[str, Triggers] = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        for value in vars(importlib.import_module(f"{__package__}.{module.name}")).values():
            if isinstance(value, Triggers) and value.name is not None:
                found[value.name] = value
    return dict(sorted(found.items()))


def render_table() -> str:
    """The text of `trigger_table.py`: each named set's searches as the derivation gives them
    (`TABLE` the scan `starts` reads, `ANCHORED` the one `may_match` reads)."""
    lines = [
        '"""The trigger searches of `triggers.Triggers`, derived from the grammar\'s patterns.',
        "",
        "Written by `make triggers` (`triggers.write_table`); do not edit. Run it after changing a",
        "pattern a named trigger set reads (tests/extract/test_triggers.py fails until then).",
        '"""',
        "",
        "TABLE: dict[str, str | None] = {",
    ]
    for name, triggers in named_sets().items():
        lines.append(f'    "{name}": {_literal(triggers.derived_source())},')
    lines += ["}", "", "ANCHORED: dict[str, str | None] = {"]
    for name, triggers in named_sets().items():
        lines.append(f'    "{name}": {_literal(triggers.anchored_source())},')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _literal(source: str | None) -> str:
    """`repr`, in the double quotes `ruff format` writes when the text holds none."""
    written = repr(source)
    if written.startswith("'") and '"' not in written:
        return f'"{written[1:-1]}"'
    return written


def write_table() -> None:
    """Rewrite `trigger_table.py` from the patterns (`make triggers`)."""
    from pathlib import Path

    Path(__file__).with_name("trigger_table.py").write_text(render_table(), encoding="utf-8")
