r"""Needles: strings one of which every match of a regular expression contains, read from
the parsed pattern (`re._parser`, the parser `re.compile` uses).

`needles` walks a pattern and returns such a set ("plans to", a " " standing for the
pattern's `\s+`), with whether a word boundary surely precedes or follows each string. The
strings are in the form `triggers.normal` gives a text: lower case, with the few letters a
case-insensitive ASCII letter matches spelt as that letter. `triggers.Triggers` builds its
searches from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre
from re import _parser

# The most spellings a needle may grow to ("[’']ll" is two); beyond it, a shorter one is kept.
_MAX_SPELLINGS = 32


@dataclass(frozen=True)
class Needle:
    """A string every match contains, and whether a word boundary surely lies on each side."""

    text: str
    word_start: bool = False
    word_end: bool = False


@dataclass(frozen=True)
class _Choice:
    """Needle sets of which any one will do (the needs of a concatenation's parts)."""

    options: tuple[_Need, ...]


@dataclass(frozen=True)
class _All:
    """Needs that must all be looked for (the branches of an alternation)."""

    parts: tuple[_Need, ...]


_Need = frozenset[Needle] | _Choice | _All


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every string the node matches, when few and known
    needs: _Need | None  # what every match contains; None: unknown


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_BEFORE = {sre.AT_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_STRING}
_AFTER = {sre.AT_BOUNDARY, sre.AT_END, sre.AT_END_STRING}
_SPACES = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)])]
Items = list[tuple[object, object]]


def _char(code: int) -> str | None:
    """A literal character usable in a needle: ASCII or a character without case."""
    char = chr(code)
    if char.isascii() or char.lower() == char.upper() == char:
        return char.lower()
    return None


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > _MAX_SPELLINGS:
        return None
    return frozenset(a + b for a in left for b in right)


def _boundary(items: Items, index: int, step: int) -> bool:
    """Whether a word boundary surely lies at `index`, looking back (-1) or ahead (1) from it:
    a `\\b`, `^` or `$`, or `\\s+` (no word character) next to it."""
    scan = reversed(items[:index]) if step < 0 else items[index:]
    for op, av in scan:
        if op is sre.AT and av in (_BEFORE if step < 0 else _AFTER):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # a look-around consumes nothing: look further
        return op in _REPEATS and av[0] >= 1 and list(av[2]) == _SPACES  # type: ignore[index]
    return False


class _Walk:
    """What one parsed pattern needs, as a tree of choices (`_Choice`) and musts (`_All`)."""

    def __init__(self, boundaries: bool) -> None:
        self.boundaries = boundaries

    def node(self, op: object, av: object) -> _Info:
        if op is sre.LITERAL:
            char = _char(av)  # type: ignore[arg-type]
            return _Info(frozenset({char}), None) if char is not None else _UNKNOWN
        if op is sre.IN and av == _SPACES[0][1]:
            return _Info(frozenset({" "}), None)  # white space: " " in a needle, `\\s+` in its search
        if op in _REPEATS and list(av[2]) == _SPACES:  # type: ignore[index]
            return _Info(frozenset({" "} if av[0] >= 1 else {"", " "}), None)  # type: ignore[index]
        if op is sre.IN:
            chars = [_char(code) for kind, code in av if kind is sre.LITERAL]  # type: ignore[union-attr]
            if len(chars) == len(av) and None not in chars:  # type: ignore[arg-type]
                return _Info(frozenset(chars), None)  # type: ignore[arg-type]
            return _UNKNOWN
        if op in _ZERO_WIDTH:
            return _EMPTY
        if op is sre.SUBPATTERN:
            return self.sequence(av[-1])  # type: ignore[index]
        if op is sre.ATOMIC_GROUP:
            return self.sequence(av)  # type: ignore[arg-type]
        if op is sre.BRANCH:
            return _branch([self.sequence(branch) for branch in av[1]])  # type: ignore[index]
        if op in _REPEATS:
            low, high, item = av  # type: ignore[misc]
            inner = self.sequence(item)
            if low == 0:  # may match nothing: needs nothing, but "s?" is "" or "s"
                optional = high == 1 and inner.exact is not None
                return _Info(inner.exact | {""} if optional else None, None)  # type: ignore[operator]
            return _Info(inner.exact if low == high == 1 else None, inner.needs)
        return _UNKNOWN

    def sequence(self, items: Iterable[tuple[object, object]]) -> _Info:
        """A concatenation: runs of known strings are needles, and so are the parts' own."""
        items = list(items)
        infos = [self.node(op, av) for op, av in items]
        options: list[_Need] = []
        exact: frozenset[str] | None = frozenset({""})
        run, run_start = frozenset({""}), 0

        def close(end: int) -> None:
            consuming = [i for i in range(run_start, end) if infos[i].exact != {""}]
            if consuming and min(map(len, run)) > 0:
                before = self.boundaries and _boundary(items, consuming[0], -1)
                after = self.boundaries and _boundary(items, consuming[-1] + 1, 1)
                options.append(frozenset(Needle(text, before, after) for text in run))

        for index, info in enumerate(infos):
            grown = _product(run, info.exact) if info.exact is not None else None
            exact = _product(exact, info.exact) if exact is not None and info.exact is not None else None
            if grown is not None:
                run = grown
                continue
            close(index)
            if info.needs is not None:
                options.append(info.needs)
            if info.exact is not None:
                run, run_start = info.exact, index  # too many spellings: a new run starts here
            else:
                run, run_start = frozenset({""}), index + 1
        close(len(items))
        return _Info(exact, _Choice(tuple(options)) if options else None)


def _branch(branches: list[_Info]) -> _Info:
    """An alternation: each branch brings its own needs; all of them are needed."""
    exact = None
    if all(b.exact is not None for b in branches):
        exact = frozenset().union(*(b.exact for b in branches))  # type: ignore[misc]
        exact = exact if len(exact) <= _MAX_SPELLINGS else None
    needs = None
    if all(b.needs is not None for b in branches):
        needs = _All(tuple(b.needs for b in branches))  # type: ignore[misc]
    return _Info(exact, needs)


def choose(need: _Need, free: frozenset[Needle] = frozenset()) -> frozenset[Needle]:
    """The needles to look for. Of the options of a part, one whose needles the search looks
    for anyway (`free`: "plans" when another rule needs it) costs nothing; otherwise the
    longest, which is rarer in text. A single letter ("I" of "I can") is a last resort."""
    if isinstance(need, frozenset):
        return need
    if isinstance(need, _All):
        return frozenset().union(*(choose(part, free) for part in need.parts))
    chosen = [choose(option, free) for option in need.options]
    return max(chosen, key=lambda c: _score(c, free))


def _score(needles: frozenset[Needle], free: frozenset[Needle]) -> tuple[bool, bool, int, int]:
    shortest = min(len(n.text) for n in needles)
    return all(covered(n, free) for n in needles), shortest > 1, shortest, -len(needles)


def covered(needle: Needle, free: frozenset[Needle]) -> bool:
    """Whether a text holding `needle` surely holds one of `free` too."""
    return any(
        (
            other.text == needle.text
            and (needle.word_start or not other.word_start)
            and (needle.word_end or not other.word_end)
        )
        or (not other.word_start and not other.word_end and other.text in needle.text)
        for other in free
    )


@lru_cache(maxsize=64)  # a pattern read by several `Triggers` is parsed once
def pattern_needs(pattern: re.Pattern[str]) -> _Need | None:
    # Under re.ASCII, "\\b" sits between "é" and "t": no boundary is carried over then.
    walk = _Walk(not pattern.flags & re.ASCII)
    return walk.sequence(_parser.parse(pattern.pattern, pattern.flags)).needs


def needles(pattern: re.Pattern[str]) -> frozenset[Needle] | None:
    """Strings one of which every match of `pattern` contains, in `normal` form; None if unknown."""
    need = pattern_needs(pattern)
    return None if need is None else choose(need)
