"""Which pull request a sentence means when it names one only by its subject.

"Richard's reboot PR" is resolved by ranking the PRs that were open at the meeting date
against the words of the sentence and its topic. A wrong PR pings the wrong author, so
`choose` answers only when one candidate is clearly ahead; otherwise the caller gets the
close candidates to report instead.

Pure and fast: a PR list is indexed once per run (`PullIndex.of`), and ranking a sentence
scores only the candidates that share a word with it.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from bot.domain.models import PullRequest
from bot.parse.text import fold_variants
from bot.parse.words import SUBJECT_STOP_WORDS, stem

_WORD = re.compile(r"\d+(?:[._]\d+)+|[A-Za-z]+|\d+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_VOWELS = frozenset("aeiou")

# Ranking weights: title and branch name say what a PR is; its body says much else too.
_TITLE_WEIGHT = 1.0
_BODY_WEIGHT = 0.3
_BODY_CHARS = 2000
_PREFIX_MATCH = 0.6  # "alloc" ~ "allocator"
_ABBREVIATION_MATCH = 0.5  # "blk" ~ "block", "cfg" ~ "config"
_VERSION_BOOST = 1.5  # "1.86" names one toolchain bump more surely than any word names anything
# A PR opened longer than this before the call is only a candidate when named by subject.
RECENT_DAYS = 365


_STOP_STEMS = frozenset(stem(word) for word in SUBJECT_STOP_WORDS)


def terms(text: str) -> list[str]:
    """Stemmed content words of `text`; CamelCase and snake_case names split into parts."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word[0].isdigit():
            if "." in word or "_" in word:
                parts = re.split(r"[._]", word)
                while parts and parts[-1] == "0" and len(parts) > 2:
                    parts.pop()  # "1.86.0" is the 1.86 that the minutes write
                found.append(".".join(parts))
            continue
        found += _word_terms(word)
    return found


@lru_cache(maxsize=16384)
def _word_terms(word: str) -> tuple[str, ...]:
    """The stems of one word of letters: once per distinct word of a PR list, not per use."""
    pieces = _CAMEL.findall(word)
    # "VirtioBlkDriver" is three words; "vTPM" and "VirtIO" are one.
    split = len(pieces) > 1 and all(any(c.islower() for c in p) and len(p) > 1 for p in pieces)
    found = []
    for candidate in pieces if split else [word]:
        lowered = candidate.lower()
        stemmed = stem(lowered)
        if len(lowered) > 1 and lowered not in SUBJECT_STOP_WORDS and stemmed not in _STOP_STEMS:
            found.append(stemmed)
    return tuple(found)


_LETTERS = re.compile(r"[A-Za-z]{2,}")


# Marks a query word that must meet a PR word exactly: a joined pair would otherwise meet
# its own first half as a prefix ("systemcall" ~ "system") and count it twice.
EXACT_ONLY = "="


def query_terms(text: str) -> list[str]:
    """`terms` of a sentence, plus adjacent words joined: "user space" also meets "userspace"."""
    words = list(_LETTERS.finditer(text))
    joined = [
        EXACT_ONLY + stem(f"{a.group(0)}{b.group(0)}".lower())
        for a, b in itertools.pairwise(words)
        if text[a.end() : b.start()] in (" ", "-")
        and a.group(0).lower() not in SUBJECT_STOP_WORDS
        and b.group(0).lower() not in SUBJECT_STOP_WORDS
    ]
    return terms(text) + joined


def _match(query: str, term: str) -> float:
    """How well a query word names a PR word: same stem, a prefix, or an abbreviation."""
    if query == term:
        return 1.0
    short, long = (query, term) if len(query) <= len(term) else (term, query)
    if short[0] != long[0] or short[:1].isdigit():
        return 0.0
    if len(short) >= 4 and long.startswith(short):
        return _PREFIX_MATCH
    if _abbreviation(short) and _subsequence(short, long):
        return _ABBREVIATION_MATCH
    return 0.0


def _abbreviation(word: str) -> bool:
    """Short enough and without a vowel: "blk" or "cfg" may stand for a longer word."""
    return 3 <= len(word) <= 4 and not _VOWELS & set(word)


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


@dataclass(frozen=True)
class PullTerms:
    """A PR's words by field: title and head branch weigh more than the body."""

    main: frozenset[str]
    body: frozenset[str]
    all: frozenset[str]


def pull_terms(pull: PullRequest) -> PullTerms:
    main = frozenset(terms(f"{pull.title} {(pull.head_ref or '').replace('-', ' ').replace('/', ' ')}"))
    body = frozenset(terms(pull.body[:_BODY_CHARS])) - main
    return PullTerms(main=main, body=body, all=main | body)


def _utc_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


_NEIGHBOURS = 5


def _opening_days(pulls: Sequence[PullRequest]) -> dict[tuple[str, int], date]:
    """The day each PR was opened, with `created_at` kept between its neighbours' dates.

    Numbers are handed out in order, so PR N was opened after the PRs just below it and
    before those just above. The median day of the few below and of the few above bound
    it; medians, because the neighbours' own dates may be off too. A correct list is
    already ordered, so this changes nothing there.
    """
    by_repository: dict[str, list[PullRequest]] = {}
    for pull in pulls:
        if pull.created_at is not None:
            by_repository.setdefault(pull.repository.lower(), []).append(pull)
    opened: dict[tuple[str, int], date] = {}
    for repository, members in by_repository.items():
        members.sort(key=lambda p: p.number)
        days = [_utc_day(p.created_at) for p in members if p.created_at is not None]
        for i, pull in enumerate(members):
            day = days[i]
            below = days[max(0, i - _NEIGHBOURS) : i]
            above = days[i + 1 : i + 1 + _NEIGHBOURS]
            if below:
                day = max(day, statistics.median_low(below))
            if above:
                day = min(day, statistics.median_high(above))
            opened[(repository, pull.number)] = day
    return opened


class PullIndex:
    """The PR list prepared for ranking: term rarity, authors, and when each PR was open.

    GitHub numbers PRs in the order they are opened, but exported lists sometimes carry a
    commit date as `created_at` (a v3 PR opened in March shows November; another shows a
    date a year after its neighbours). See `_opening_days`.

    Build it with `PullIndex.of(pulls)`: the same list (the one `extract` loaded, or the
    live one in `process`) is indexed once for all the meetings of a run.
    """

    _last: tuple[tuple[PullRequest, ...], PullIndex] | None = None

    @classmethod
    def of(cls, pulls: Sequence[PullRequest]) -> PullIndex:
        last = cls._last
        if (
            last is not None
            and len(last[0]) == len(pulls)
            and all(a is b for a, b in zip(last[0], pulls, strict=True))
        ):
            return last[1]
        index = cls(pulls)
        cls._last = (tuple(pulls), index)
        return index

    def __init__(self, pulls: Iterable[PullRequest]) -> None:
        self.pulls = list(pulls)
        self._terms = {id(pull): pull_terms(pull) for pull in self.pulls}
        frequency: Counter[str] = Counter()
        self._postings: dict[str, set[int]] = {}  # term -> ids of the PRs that use it
        for key, fields in self._terms.items():
            frequency.update(fields.all)
            for term in fields.all:
                self._postings.setdefault(term, set()).add(key)
        # Rarity on a 0..1 scale (1: a word of one PR), so that the thresholds below mean the
        # same for a young project's 30 PRs as for 1,000.
        scale = math.log(len(self.pulls) + 1) + 0.1
        self._idf = {
            term: (math.log((len(self.pulls) + 1) / n) + 0.1) / scale for term, n in frequency.items()
        }
        # Where to look for the PR words a query word may name (`_candidates`): the words in
        # sorted order (those it is a prefix of sit together), the short words without a vowel
        # (the abbreviations), and each word's place in the list, which `_expand` keeps.
        self._order = {term: i for i, term in enumerate(frequency)}
        self._sorted = sorted(frequency)
        self._by_initial: dict[str, list[str]] = {}
        self._abbreviations: dict[str, list[str]] = {}
        for term in frequency:
            self._by_initial.setdefault(term[0], []).append(term)
            if _abbreviation(term):
                self._abbreviations.setdefault(term[0], []).append(term)
        self._expansions: dict[str, dict[str, float]] = {}
        self._by_author: dict[str, list[PullRequest]] = {}
        self._first_names: dict[str, set[str]] = {}
        for pull in self.pulls:
            if pull.author:
                self._by_author.setdefault(pull.author.lower(), []).append(pull)
                for name in (pull.author_name or "").split()[:1]:
                    for key in fold_variants(name):
                        self._first_names.setdefault(key, set()).add(pull.author.lower())
        self._known = {(p.repository.lower(), p.number): p for p in self.pulls}
        opened = _opening_days(self.pulls)
        self._window: dict[int, tuple[date, date]] = {}
        for pull in self.pulls:
            key = (pull.repository.lower(), pull.number)
            if key in opened:
                ended = pull.merged_at or pull.closed_at
                self._window[id(pull)] = (opened[key], _utc_day(ended) if ended else date.max)
        # The dated PRs with their windows, in list order: one pass per meeting day reads them.
        self._dated = [(pull, *self._window[id(pull)]) for pull in self.pulls if id(pull) in self._window]
        self._open_on_day: dict[date, list[PullRequest]] = {}

    def authors_called(self, first_name: str) -> set[str]:
        """Logins of the PR authors whose display name starts with `first_name`, folded as
        the roster folds names ("Joerg" is "Jörg")."""
        return {login for key in fold_variants(first_name) for login in self._first_names.get(key, ())}

    def get(self, repository: str, number: int) -> PullRequest | None:
        return self._known.get((repository.lower(), number))

    def opened(self, pull: PullRequest) -> date | None:
        """The day the PR was opened, as far as the list tells (see `_opening_days`)."""
        window = self._window.get(id(pull))
        return window[0] if window else None

    def open_on(self, pull: PullRequest, day: date) -> bool:
        """Opened on or before `day` and not closed or merged before it."""
        window = self._window.get(id(pull))
        return window is not None and window[0] <= day <= window[1]

    def open_pulls(self, day: date, authors: Iterable[str] | None = None) -> list[PullRequest]:
        """PRs open on `day`, of the given logins only when `authors` is given."""
        if authors is None:
            if day not in self._open_on_day:
                self._open_on_day[day] = [
                    pull for pull, opened, ended in self._dated if opened <= day <= ended
                ]
            return self._open_on_day[day]
        pool = [
            p for login in dict.fromkeys(a.lower() for a in authors) for p in self._by_author.get(login, [])
        ]
        return [p for p in pool if self.open_on(p, day)]

    def _expand(self, word: str) -> dict[str, float]:
        """The PR words `word` may name, with match strength times rarity; computed once."""
        found = self._expansions.get(word)
        if found is None and word.startswith(EXACT_ONLY):
            term = word[len(EXACT_ONLY) :]
            found = {term: self._idf[term]} if term in self._idf else {}
            self._expansions[word] = found
        if found is None:
            found = {}
            for term in self._candidates(word):
                strength = _match(word, term)
                if strength:
                    found[term] = strength * self._idf[term] * (_VERSION_BOOST if "." in term else 1.0)
            self._expansions[word] = found
        return found

    def _candidates(self, word: str) -> list[str]:
        """The PR words `_match` may score for `word`, in list order: the words it is a
        prefix of, the words that are a prefix of it (itself among both), and abbreviations
        either way. A superset, as `_match` decides; without it each new word is matched against
        every PR word of its initial (tests/extract/test_implicit_candidates.py)."""
        if _abbreviation(word):
            return self._by_initial.get(word[0], [])  # "blk" may abbreviate any word in "b"
        found = set(self._abbreviations.get(word[0], ()))
        found.update(word[:size] for size in range(1, len(word) + 1) if word[:size] in self._order)
        if len(word) >= 4:
            for term in itertools.islice(self._sorted, bisect_left(self._sorted, word), None):
                if not term.startswith(word):
                    break
                found.add(term)
        return sorted(found, key=self._order.__getitem__)

    def score(self, query: dict[str, float], pull: PullRequest) -> tuple[float, frozenset[str]]:
        """Evidence that `query` (stemmed word -> weight) names `pull`, and the PR words it met."""
        fields = self._terms.get(id(pull)) or pull_terms(pull)
        total = 0.0
        met: set[str] = set()
        for word, weight in query.items():
            expansion = self._expand(word)
            best, best_term = 0.0, ""
            for term in fields.all & expansion.keys():
                strength = expansion[term] * (_TITLE_WEIGHT if term in fields.main else _BODY_WEIGHT)
                if strength > best:
                    best, best_term = strength, term
            if best:
                total += weight * best
                met.add(best_term)
        return total, frozenset(met)

    def _exact(self, query: dict[str, float], met: frozenset[str]) -> bool:
        return any(term in query or EXACT_ONLY + term in query for term in met)

    def rank(self, query: dict[str, float], candidates: Sequence[PullRequest]) -> list[Ranked]:
        """Candidates that share a word with the query, best first."""
        touched: set[int] = set()
        for word in query:
            for term in self._expand(word):
                touched |= self._postings.get(term, set())
        ranked = []
        for pull in candidates:
            if id(pull) not in touched and id(pull) in self._terms:
                continue
            value, met = self.score(query, pull)
            if value > 0:
                ranked.append(Ranked(pull, value, met, exact=self._exact(query, met)))
        ranked.sort(key=lambda r: (-r.score, r.pull.number))
        return ranked


@dataclass(frozen=True)
class Ranked:
    pull: PullRequest
    score: float
    met: frozenset[str]
    exact: bool = True  # some word of the sentence is a word of the PR, not only a prefix of one


@dataclass(frozen=True)
class Thresholds:
    """When the best candidate is clearly the one: enough evidence, and well ahead."""

    minimum: float
    ratio: float
    margin: float


# Scores add up the rarity (0..1) of the PR words the sentence names. Candidates from the
# people the sentence names are few, so one fairly rare word will do ...
NAMED = Thresholds(minimum=0.57, ratio=1.6, margin=0.21)
# ... but among every PR open at the date, only the equivalent of two rare words will.
ANYONE = Thresholds(minimum=1.0, ratio=2.0, margin=0.57)


@dataclass(frozen=True)
class Choice:
    """The outcome of ranking: one PR, or the close candidates when none is clearly best."""

    pull: PullRequest | None
    contenders: tuple[Ranked, ...]


def choose(ranked: Sequence[Ranked], thresholds: Thresholds) -> Choice:
    """The clear winner of `ranked` (best first), else the candidates above the minimum.

    A best candidate met only through prefixes and abbreviations ("user" ~ "userdm") is too
    weak to name, or to list.
    """
    if not ranked or ranked[0].score < thresholds.minimum or not ranked[0].exact:
        return Choice(None, ())
    best = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if best.score >= thresholds.ratio * second and best.score - second >= thresholds.margin:
        return Choice(best.pull, (best,))
    close = tuple(r for r in ranked if r.score >= best.score / thresholds.ratio)
    return Choice(None, close)
