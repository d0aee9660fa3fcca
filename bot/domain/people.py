"""Who is who: roster names, aliases, accents and @handles to GitHub logins.

A wrong login is a wrong ping, so this module only answers with a login when the roster
(or an explicit @handle) says so; a first name shared by two people resolves to nobody.

The types that stand for a person, each for one idea:
- `config.Person`: one entry of the config's `people:` (name, login, aliases), the only source of logins.
- `Roster` (here): the config's people indexed by every spelling, to look names up.
- `Mention` (here): a name found in a text, and the Person it means when the roster is sure.
- `extract.names.Who`: the same idea inside extraction, with the login only (its own index).
- `issue_body.Owner`: an owner as an issue body writes them, and whether they are assigned.
- `roster.grouping.NamedPerson` / `People`: the persons seen in the minutes, before any login
  is known (`roster suggest` groups spellings into them).
- `roster.match.Entry`: one person of the suggested `people:` list, with evidence and status.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from bot.domain.config import Person
from bot.parse.names import LOGIN, name_spellings
from bot.parse.text import fold_variants
from bot.parse.words import word_char

# "@" first, then the look back at the character before it (none at the start of the text):
# a pattern that opens with a literal is scanned for far faster than one that opens with a
# lookbehind, and it matches the same as "(?<![\w/@.])@...".
HANDLE = re.compile(rf"@(?<![\w/@.]@)(?P<login>{LOGIN})\b(?!/)")
# A roster login written without "@" ("scottmcm to fcp merge"); shorter ones may be words.
LOGIN_WORD = re.compile(r"(?<![\w@/.-])[A-Za-z0-9][A-Za-z0-9-]{4,38}(?![\w/-])")
# Between the texts of one scan: NUL is neither a word character nor white space nor "@", so
# every pattern here sees it as the start or end of a text; `decode` refuses files holding one.
SEPARATOR = "\x00"
# Names whose candidates a roster keeps: more than a run's files write, fewer than would weigh.
_ASKED = 8192


def alternation(spellings: Iterable[str], ignore_case: bool = True) -> str:
    """The spellings as one regex that matches like their alternation, longest first.

    Written as a trie ("Ada|Adam" as "Ada(?:m)?"), so each position of a text costs the length
    of a name rather than the number of names: flat from a 5-person roster to a 5,000-person
    one. Greedy optional branches try the longer spelling first, as the longest-first
    alternation did. Keys are lower case (the pattern ignores case) unless lowering a letter
    changes its length, which the regex engine does not do either; exact with `ignore_case` off.
    """
    return _render(_trie(spellings, ignore_case), re.escape)


def _trie(spellings: Iterable[str], ignore_case: bool) -> dict[str, dict]:
    trie: dict[str, dict] = {}
    for spelling in spellings:
        node = trie
        for char in spelling:
            lower = char.lower() if ignore_case else char
            node = node.setdefault(lower if len(lower) == 1 else char, {})
        node[""] = {}
    return trie


def _render(node: dict[str, dict], literal: Callable[[str], str]) -> str:
    branches = [literal(char) + _render(child, literal) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def lowered_class(char: str) -> str:
    """What `char` of a case-insensitive pattern matches, as a case-sensitive pattern for lower-cased text.

    The regex engine lets a letter match every character whose simple lower case falls in the
    letter's lower case or the few it folds with it ("s" with the long "ſ"): the text's
    `str.lower()` turns each character into one of that same group (tests check every code
    point), so that group matches it. Case-sensitive, the trie's branches are skipped by a
    comparison instead of entered one by one: the roster's scan costs about a third less.
    """
    group = case_group(char)
    chars = "".join(re.escape(chr(code)) for code in group)
    return chars if len(group) == 1 else f"[{chars}]"


# The lower-case letters the regex engine folds together although neither is the other's
# lower case: those whose upper cases are the same (CPython's `re` derives its own table so,
# from `str.upper`; a test derives it again over every code point and compares).
_FOLDED_TOGETHER = (
    "iı", "sſ", "µμ", "βϐ", "εϵ", "θϑ", "κϰ", "πϖ", "ρϱ", "ςσ", "φϕ", "вᲀ", "дᲁ", "оᲂ", "сᲃ",
    "тᲄᲅ", "ъᲆ", "ѣᲇ", "ᲈꙋ", "ṡẛ", "ﬅﬆ",
    "\u0345\u03b9\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3",  # look alike, or nothing alone
)  # fmt: skip
_FOLDS = {
    ord(letter): tuple(ord(other) for other in group if other != letter)
    for group in _FOLDED_TOGETHER
    for letter in group
}


@lru_cache(maxsize=4096)  # a roster's spellings use a few dozen letters, each many times
def case_group(char: str) -> tuple[int, ...]:
    """The simple lower cases a case-insensitive pattern lets `char` match: its own, and the
    few the regex engine folds with it; a character without case matches only itself.

    The simple lower case is `str.lower`'s, but for the one letter that lowers to two
    characters ("İ" to "i" and a dot above), whose simple lower case is the first of them.
    """
    lower = char.lower()
    if lower == char == char.upper():
        return (ord(char),)
    low = ord(lower[0])
    return (low, *_FOLDS.get(low, ()))


def capitals_pattern(spellings: set[str]) -> str | None:
    """The roster's pattern tried only where a text writes a capital, when that finds what it finds.

    Only a name written with a capital counts (`Roster._mention`), and a scan that opens on a
    set of characters skips to them instead of trying every position: capitals of the names'
    first letters and every non-ASCII character. The look-behind moves after that character,
    and a look-behind per first letter stands for the letter. Trying fewer places finds the
    same names only if no name can start inside another, after a separator ("Mike Scovetta"
    and "Scovetta"): else None, and the text is read everywhere.
    """
    trie = _trie(spellings, ignore_case=True)
    if not spellings or "" in trie or _may_nest(spellings):
        return None
    firsts = [char for char in trie if char]
    capitals = "".join(
        c for c in string.ascii_uppercase if any(re.fullmatch(re.escape(k), c, re.I) for k in firsts)
    )
    branches = "|".join(f"(?<={re.escape(k)}){_render(trie[k], re.escape)}" for k in sorted(firsts))
    return rf"{opening(capitals)}(?<![\w@][\s\S])(?i:(?:{branches}))(?![\w])"


def opening(capitals: str) -> str:
    """A class of the ASCII `capitals` and every character past ASCII, written as the ASCII
    characters it leaves out: `[A-Z\\x80-\\U0010ffff]` as `[^\\x00-@\\[-\\x7f]`.

    The same set, but the regex compiler builds a class from the codes it lists: a range to
    U+10FFFF costs a walk of the 65,536 codes of the BMP, 15-20 ms a roster, the most of a
    cold run's compiles; the negated class lists 128 codes at most.
    """
    codes = [code for code in range(128) if chr(code) not in capitals]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    written = "".join(_code(low) if low == high else f"{_code(low)}-{_code(high)}" for low, high in ranges)
    return f"[^{written}]"


def _code(code: int) -> str:
    """An ASCII character as a pattern writes it in a class: escaped, or by its code if unprintable."""
    return re.escape(chr(code)) if chr(code).isprintable() else f"\\x{code:02x}"


def _may_nest(spellings: set[str]) -> bool:
    """Whether a name may start inside a match of another: after a character of it that may
    match a separator, where the rest of it and a spelling agree letter for letter (in case
    groups) as far as both go. Walks the roster's spellings as a trie of case groups."""
    trie: dict[int, dict] = {}
    for spelling in spellings:
        node = trie
        for char in spelling:
            node = node.setdefault(_group_key(char), {})
        node[-1] = {}
    separators = {char for char in set().union(*spellings) if _may_separate(char)}
    for spelling in spellings:
        for at, char in enumerate(spelling[:-1]):
            if char in separators:
                node = trie
                for rest in spelling[at + 1 :]:
                    if -1 in node or (node := node.get(_group_key(rest))) is None:
                        break
                if node is not None:
                    return True
    return False


@lru_cache(maxsize=4096)  # asked for every letter of every spelling: 5,000 people write ~300,000
def _group_key(char: str) -> int:
    """One code standing for `char`'s case group, the same for every letter of the group."""
    return min(case_group(char))


def _may_separate(char: str) -> bool:
    """Whether a case-insensitive match of `char` may be a character that ends a word (not "@")."""
    return any(not word_char(chr(code)) and code != ord("@") for code in case_group(char))


@dataclass(frozen=True)
class Mention:
    """A name found in text: where, as written, and whom it means (None: not sure).

    The roster's raw match; `extract/names.Who` is what the extractor settles on from it.
    """

    start: int
    end: int
    written: str
    person: Person | None
    candidates: tuple[Person, ...] = ()


class Roster:
    """The `people` of the config, indexed by every spelling of every name."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.people = list(people)
        self._by_key: dict[str, list[Person]] = {}
        self._keyed: set[tuple[str, str, str, tuple[str, ...]]] = set()  # (key, person) pairs seen
        self._by_login = {p.github.lower(): p for p in self.people}
        for person in self.people:
            for name in (person.name, *person.aliases):
                for key in fold_variants(name):
                    self._add(key, person)
        first_names: dict[str, list[Person]] = {}
        for person in self.people:
            first = person.name.split()[0]
            for key in fold_variants(first):
                first_names.setdefault(key, []).append(person)
        for key, persons in first_names.items():
            if key not in self._by_key:
                for person in persons:
                    self._add(key, person)
        spellings = {
            spelling
            for person in self.people
            for name in (person.name, person.name.split()[0], *person.aliases)
            for spelling in name_spellings(name)
        }
        self._spellings = spellings
        self._separable = not any(SEPARATOR in spelling for spelling in spellings)
        self._mentions: dict[str, tuple[Mention, ...]] = {}  # texts of the file read now (mentions_each)
        # Whom each name asked about may mean: a run asks for a file's few names many times, and
        # for the same names in file after file. The index above never changes, so neither do they.
        self._asked: dict[str, tuple[Person, ...]] = {}

    def _add(self, key: str, person: Person) -> None:
        # A set of plain values, not `person in bucket`: pydantic equality per member made a
        # 5,000-person roster cost 674,000 comparisons.
        entry = (key, person.name, person.github, tuple(person.aliases))
        if entry not in self._keyed:
            self._keyed.add(entry)
            self._by_key.setdefault(key, []).append(person)

    def candidates(self, name: str) -> list[Person]:
        """Everyone `name` may mean: one person when sure, several when ambiguous."""
        return list(self._candidates(name))

    def _candidates(self, name: str) -> tuple[Person, ...]:
        found = self._asked.get(name)
        if found is None:
            if len(self._asked) >= _ASKED:  # a bound for a long run of files with many names
                self._asked.clear()
            key = next((key for key in fold_variants(name) if key in self._by_key), None)
            found = self._asked[name] = tuple(self._by_key[key]) if key is not None else ()
        return found

    def lookup(self, name: str) -> Person | None:
        """The one person `name` means, or None when unknown or ambiguous."""
        found = self._candidates(name)
        return found[0] if len(found) == 1 else None

    def by_login(self, login: str) -> Person | None:
        return self._by_login.get(login.lower())

    def logins_among(self, words: Iterable[str]) -> set[str]:
        """The lower-case words that are a roster login: one set operation for a whole line."""
        return self._by_login.keys() & set(words)

    def mentions(self, text: str) -> list[Mention]:
        """Roster names in `text`, longest spelling first, in order of appearance."""
        if not self._spellings:
            return []
        if text not in self._mentions:
            self._mentions[text] = tuple(self._find_mentions(text))
        return list(self._mentions[text])

    def mentions_each(self, texts: Sequence[str]) -> list[tuple[Mention, ...]]:
        """`mentions` of each text, from one scan of them all, kept for later `mentions`.

        A file's statements are read again and again (attendance, owners, references): one
        scan of them joined by `SEPARATOR` finds what one scan per text would, at a fraction
        of the calls, as no spelling holds it and the look-arounds see it as a text's edge.
        The texts of the file read before are forgotten: what is kept is one file's, however
        many files a run reads, and no file is read faster for having been read before.
        """
        self._mentions.clear()
        joined = SEPARATOR.join(texts)
        if not self._spellings or not self._separable or joined.count(SEPARATOR) != max(len(texts) - 1, 0):
            return [tuple(self.mentions(text)) for text in texts]
        starts = [0, *accumulate(len(text) + 1 for text in texts)]
        found: list[list[Mention]] = [[] for _ in texts]
        index = 0
        for start, end in self._spans(joined):
            while start >= starts[index + 1]:
                index += 1
            if (mention := self._mention(joined, start, end, starts[index])) is not None:
                found[index].append(mention)
        each = [tuple(mentions) for mentions in found]
        self._mentions.update(zip(texts, each, strict=True))
        return each

    def _spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where the roster's pattern matches `text`, those with a capital first at least: at its
        capitals when that finds the same, else in lower case when that keeps every character
        one character long (it nearly always does), else as written."""
        if not self._spellings:
            return iter(())
        if self._capitals is not None:
            return (match.span() for match in self._capitals.finditer(text))
        lowered = text.lower()
        if len(lowered) == len(text):  # no character lowers to none: each one lowered to one
            return (match.span() for match in self._lowered.finditer(lowered))
        return (match.span() for match in self._pattern.finditer(text))

    # Made when the first text is read, not with the roster: a roster of thousands that reads
    # one file compiles only the pattern it reads with.
    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        """The roster's pattern as written: case-insensitive, for a text that lowering lengthens."""
        return re.compile(rf"(?<![\w@])(?:{alternation(self._spellings)})(?![\w])", re.IGNORECASE)

    @cached_property
    def _capitals(self) -> re.Pattern[str] | None:
        """The roster's pattern tried only at capitals, when that finds the same (`capitals_pattern`)."""
        capitals = capitals_pattern(self._spellings)
        return re.compile(capitals) if capitals else None

    @cached_property
    def _lowered(self) -> re.Pattern[str]:
        """The roster's pattern for the text in lower case, where it needs no case-insensitive match."""
        return re.compile(
            rf"(?<![\w@])(?:{_render(_trie(self._spellings, ignore_case=True), lowered_class)})(?![\w])"
        )

    def _find_mentions(self, text: str) -> list[Mention]:
        return [found for start, end in self._spans(text) if (found := self._mention(text, start, end))]

    def _mention(self, text: str, start: int, end: int, offset: int = 0) -> Mention | None:
        """The mention a match of the roster pattern stands for, `offset` before its text's start."""
        # Names are proper nouns: "peter" or "will" in lower case are words, not people.
        if not text[start : start + 1].isupper():
            return None
        written = text[start:end]
        candidates = self._candidates(written)
        return Mention(
            start - offset, end - offset, written, candidates[0] if len(candidates) == 1 else None, candidates
        )


def handles(text: str) -> list[str]:
    """@handles written in the text, in order, each once."""
    seen: dict[str, None] = {}
    for match in HANDLE.finditer(text):
        seen.setdefault(match.group("login"), None)
    return list(seen)
