"""References: the pull requests and issues a meeting mentions, written out or by subject.

Explicit mentions (URLs, `owner/repo#N`, `repo#N`, `#N`, `PR 855`, `PRs 920, 922, and 952`,
`Issue #34`, link text hiding the number) are read from the text and links of each
statement. A number without a repository points to the repository named in a heading
above it (`### nodejs/node`), else to the first configured repository; with neither it is
reported, never guessed. Mentions by subject ("Richard's reboot PR") are resolved by
`bot.extract.implicit` against the PRs of the people named that were open at the meeting.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from bot.extract.implicit import ANYONE, NAMED, STOP_WORDS, PullIndex, Ranked, choose, query_terms, terms
from bot.models import Meeting, PullRequest, Reference, Statement
from bot.people import Roster, handles

_NUM = r"[1-9]\d{0,6}"
_URL = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9][\w.-]*)/(?P<repo>[\w.-]+?)"
    rf"/(?P<kind>pull|pulls|issues)/(?P<number>{_NUM})(?!\d)",
    re.IGNORECASE,
)
_ANY_URL = re.compile(r"\b(?:https?://|www\.)\S+|\bgithub\.com/\S+", re.IGNORECASE)
# "an issue 2 weeks ago": a number that counts something is not an issue number.
_COUNTED = r"(?:weeks?|days?|months?|years?|hours?|minutes?|times|people|percent)\b"
# Ordered alternatives, scanned left to right: the longest form wins at each position.
_MENTION = re.compile(
    rf"""
    (?<![\w/.-])(?P<owner>[A-Za-z0-9][\w.-]*)/(?P<repo>[A-Za-z0-9_.-]+)\#(?P<full>{_NUM})(?!\w)
    | (?P<keyword>\bPRs?|\b[Pp]ull[ -][Rr]equests?|\b[Ii]ssues?)
      (?:\s*[:\#-]\s*|\s+|(?=\d))\#?(?P<first>{_NUM})(?!\s+{_COUNTED})
      (?P<more>(?:\s*,\s*(?:and\s+|or\s+|&\s*)?\#?{_NUM}(?!\w|\.\d)|\s+(?:and|or|&)\s+\#?{_NUM}(?!\w|\.\d))*)
      (?!\w|\.\d)
    | (?<![\w/.-])(?P<name>[A-Za-z][\w.-]*)\#(?P<short>{_NUM})(?!\w)
    | (?<![\w&\#/])\#(?P<bare>{_NUM})(?![\w-])
    """,
    re.VERBOSE,
)
# Cheap tests that let most statements skip the scans above: a GitHub URL has this part,
# and every `_MENTION` form has a "#" or the keyword "PR", "[Pp]ull request" or "[Ii]ssue".
_GITHUB = re.compile(r"github\.com/", re.IGNORECASE)


def _may_mention(text: str) -> bool:
    return "#" in text or "PR" in text or "ull" in text or "ssue" in text


_LIST_NUMBER = re.compile(rf"\#?({_NUM})")
# "#3" after these words numbers something other than a PR: "item #3", "meeting #12".
_NOT_A_PR_BEFORE = re.compile(
    r"\b(?:item|step|meeting|call|week|sprint|episode|no|number|option|point|slide|page|line|session|"
    r"part|phase|round|rank|release|day|agenda|topic|question|room|table|figure|chapter|section|"
    r"colou?r|vote|ranked|rule)\s*:?\s*$",
    re.IGNORECASE,
)
_REPOSITORY = re.compile(
    r"(?<![\w/.-])(?P<owner>[A-Za-z0-9][\w-]*)/(?P<repo>[A-Za-z0-9_.-]*[A-Za-z0-9_])(?![\w/])"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[*(\"'])")


Kind = Literal["pull", "issue", "unknown"]


@dataclass
class _Mention:
    """One explicit mention before its repository is settled."""

    statement: Statement
    start: int
    number: int
    kind: Kind
    repository: str | None = None  # owner/repo as written
    name: str | None = None  # repo of "repo#N"
    written: str = ""


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _link_spans(statement: Statement) -> list[tuple[int, int]]:
    """Where link texts sit in the plain text: a number there belongs to the link target."""
    spans: list[tuple[int, int]] = []
    position = 0
    for link in statement.links:
        if not link.text:
            continue
        start = statement.text.find(link.text, position)
        if start < 0:
            start = statement.text.find(link.text)
        if start >= 0:
            spans.append((start, start + len(link.text)))
            position = start + len(link.text)
    return spans


def scan_explicit(statement: Statement) -> list[_Mention]:
    """Explicit mentions in a statement's text and links, in order of appearance."""
    text = statement.text
    found: list[_Mention] = []
    if _GITHUB.search(text):
        for match in _URL.finditer(text):
            found.append(_url_mention(statement, match, match.start()))
    for link in statement.links:
        for match in _URL.finditer(link.href):
            start = text.find(link.text) if link.text else -1
            found.append(_url_mention(statement, match, max(start, 0)))
    if _may_mention(text):
        urls = [m.span() for m in _ANY_URL.finditer(text)]
        masked = _mask(text, [*urls, *_link_spans(statement)])
        for match in _MENTION.finditer(masked):
            found += _text_mentions(statement, match)
    found.sort(key=lambda m: m.start)
    return found


def _url_mention(statement: Statement, match: re.Match[str], start: int) -> _Mention:
    kind: Kind = "issue" if match.group("kind").lower() == "issues" else "pull"
    return _Mention(
        statement,
        start,
        int(match.group("number")),
        kind,
        repository=f"{match.group('owner')}/{match.group('repo')}",
        written=match.group(0),
    )


def _text_mentions(statement: Statement, match: re.Match[str]) -> list[_Mention]:
    start, written = match.start(), match.group(0)
    if match.group("full"):
        repository = f"{match.group('owner')}/{match.group('repo')}"
        return [_Mention(statement, start, int(match.group("full")), "unknown", repository, written=written)]
    if match.group("short"):
        return [
            _Mention(
                statement,
                start,
                int(match.group("short")),
                "unknown",
                name=match.group("name"),
                written=written,
            )
        ]
    if match.group("bare"):
        if _NOT_A_PR_BEFORE.search(statement.text[max(0, start - 20) : start]):
            return []
        return [_Mention(statement, start, int(match.group("bare")), "unknown", written=written)]
    keyword = match.group("keyword").lower()
    kind: Kind = "issue" if keyword.startswith("issue") else "pull"
    numbers = [int(match.group("first"))]
    numbers += [int(n) for n in _LIST_NUMBER.findall(match.group("more"))]
    return [_Mention(statement, start, number, kind, written=written) for number in numbers]


class _Repositories:
    """Every repository the file or the config names, spelt the way they spell it."""

    def __init__(self, configured: Sequence[str], meeting: Meeting, mentions: Sequence[_Mention]) -> None:
        self.default = configured[0] if configured else None
        spellings: dict[str, list[str]] = {}
        for name in configured:
            spellings.setdefault(name.lower(), []).append(name)
        for mention in mentions:
            if mention.repository:
                spellings.setdefault(mention.repository.lower(), []).append(mention.repository)
        owners = {name.split("/")[0].lower() for name in spellings}
        self.headings: dict[str, str] = {}
        for statement in meeting.statements:
            if statement.kind == "heading":
                found = _heading_repository(statement.text, owners)
                if found:
                    spellings.setdefault(found.lower(), []).append(found)
                    self.headings[statement.text] = found
        configured_lower = {name.lower() for name in configured}
        self._canonical = {
            key: (names[0] if key in configured_lower else _preferred(names))
            for key, names in spellings.items()
        }

    def canonical(self, repository: str) -> str:
        return self._canonical.get(repository.lower(), repository)

    def named(self, name: str) -> list[str]:
        """Known repositories called `name` (the part after the owner)."""
        return [r for key, r in self._canonical.items() if key.split("/", 1)[1] == name.lower()]

    def context(self, statement: Statement) -> str | None:
        """The repository a bare number in `statement` points to."""
        for heading in reversed(statement.headings):
            if heading in self.headings:
                return self.canonical(self.headings[heading])
        return self.canonical(self.default) if self.default else None


def _preferred(names: list[str]) -> str:
    """People who bother with capitals ("nodejs/TSC") write the real name; lower case is haste."""
    return next((name for name in names if name != name.lower()), names[0])


def _heading_repository(heading: str, owners: set[str]) -> str | None:
    """`### nodejs/node` or a heading naming a repository of an owner the file already links."""
    bare = heading.strip(" `*_:[]")
    match = _REPOSITORY.fullmatch(bare)
    if match:
        return match.group(0)
    names = [m.group(0) for m in _REPOSITORY.finditer(heading) if m.group("owner").lower() in owners]
    return names[0] if len(names) == 1 else None


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that contains `offset`: the evidence quoted for a reference."""
    starts, ends = _sentence_breaks(text)
    index = bisect_left(starts, offset)
    start = ends[index - 1] if index else 0
    return (text[start : starts[index]] if index < len(starts) else text[start:]).strip()


@lru_cache(maxsize=256)
def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where each sentence break of `text` starts and ends: found once for a line of many PRs."""
    breaks = list(_SENTENCE_BREAK.finditer(text))
    return [m.start() for m in breaks], [m.end() for m in breaks]


def _people(statement: Statement, roster: Roster) -> list[str]:
    return list(_people_of(statement.text, roster))


@lru_cache(maxsize=256)
def _people_of(text: str, roster: Roster) -> tuple[str, ...]:
    """Once per statement, not per reference in it: a line of many PRs stays linear."""
    named = [m.person.github for m in roster.mentions(text) if m.person]
    return tuple(dict.fromkeys([*named, *handles(text)]))


class _Collector:
    """References by (repository, number), each once, at its first line."""

    def __init__(self, index: PullIndex, repositories: _Repositories) -> None:
        self.index = index
        self.repositories = repositories
        self.found: dict[tuple[str, int], Reference] = {}

    def add(
        self,
        repository: str,
        number: int,
        kind: Kind,
        line: int,
        evidence: str,
        people: Sequence[str],
        implicit: bool,
    ) -> None:
        repository = self.repositories.canonical(repository)
        pull = self.index.get(repository, number)
        if pull is not None:
            kind = "pull"
        involved = [pull.author] if pull is not None and pull.author else []
        involved = list(dict.fromkeys([*involved, *people]))
        key = (repository.lower(), number)
        old = self.found.get(key)
        if old is None:
            self.found[key] = Reference(
                line=line,
                repository=repository,
                number=number,
                kind=kind,
                implicit=implicit,
                people=involved,
                evidence=evidence,
            )
            return
        first = line < old.line
        self.found[key] = old.model_copy(
            update={
                "line": min(line, old.line),
                "evidence": evidence if first else old.evidence,
                "implicit": old.implicit and implicit,
                "kind": old.kind if old.kind != "unknown" else kind,
                "people": list(dict.fromkeys([*old.people, *involved])),
            }
        )


def find_references(
    meeting: Meeting, roster: Roster, repositories: Sequence[str], pulls: Sequence[PullRequest]
) -> tuple[list[Reference], list[str]]:
    """Every PR or issue the meeting mentions, and warnings about the ones left unresolved."""
    index = PullIndex.of(pulls)
    mentions = [m for statement in meeting.statements for m in scan_explicit(statement)]
    if not repositories:
        # The PR list the user gave names the repository as surely as the config would.
        listed = {pull.repository for pull in index.pulls}
        repositories = sorted(listed) if len(listed) == 1 else []
    known = _Repositories(repositories, meeting, mentions)
    collector = _Collector(index, known)
    warnings: list[str] = []
    unplaced: list[_Mention] = []
    for mention in mentions:
        repository = _repository_of(mention, known)
        if repository is None:
            unplaced.append(mention)
            continue
        _add_explicit(collector, mention, repository, roster)
    for mention in unplaced:
        same = [key for key in collector.found if key[1] == mention.number]
        if mention.name is None and len(same) == 1:
            # "Issue 175" after a link to ossf/tac/issues/175: the same one, named again.
            _add_explicit(collector, mention, collector.found[same[0]].repository, roster)
            continue
        warnings.append(_unplaced_warning(mention, known))
    explicit_lines = {m.statement.line for m in mentions}
    if index.pulls:
        warnings += _Implicit(meeting, roster, index, collector).run(explicit_lines)
    references = sorted(collector.found.values(), key=lambda r: (r.line, r.repository.lower(), r.number))
    return references, warnings


def _repository_of(mention: _Mention, known: _Repositories) -> str | None:
    if mention.repository:
        return mention.repository
    if mention.name:
        named = known.named(mention.name)
        return named[0] if len(named) == 1 else None
    return known.context(mention.statement)


def _add_explicit(collector: _Collector, mention: _Mention, repository: str, roster: Roster) -> None:
    statement = mention.statement
    collector.add(
        repository,
        mention.number,
        mention.kind,
        statement.line,
        sentence_at(statement.text, mention.start),
        _people(statement, roster),
        implicit=False,
    )


def _unplaced_warning(mention: _Mention, known: _Repositories) -> str:
    where = f"line {mention.statement.line}: {mention.written.strip()!r}"
    if mention.name:
        choices = known.named(mention.name)
        if choices:
            return f"{where}: {mention.name} could be {' or '.join(choices)}; not resolved"
        return f"{where}: no known repository is called {mention.name!r}; not resolved"
    return f"{where}: no repository to resolve a bare number (set pull_requests.repositories); not resolved"


# --- references by subject ----------------------------------------------------------------

_PR_NOUN = r"(?:PRs?|pull[ -]requests?|patch(?:es)?|patch[ -]?sets?|patch series)"
_NOUN = re.compile(rf"\b(?P<noun>{_PR_NOUN})\b", re.IGNORECASE)
_PLURAL = re.compile(r"(?:PRs|requests|patches|sets)$", re.IGNORECASE)
# A PR noun that names a practice, not a PR: "pull request labels", "the PR process".
_MODIFIER_AFTER = re.compile(
    r"^\s+(?:labels?|process(?:es)?|reviews?|reviewers?|templates?|guidelines?|polic(?:y|ies)|workflows?|"
    r"queues?|backlogs?|permissions?|text|descriptions?|titles?|count|numbers?|rules?|approvals?|authors?)\b",
    re.IGNORECASE,
)
# ... or many of them, or PRs elsewhere or no longer open: "any PR", "downstream patches",
# "the recently merged attestation PR".
_NOT_ONE_OPEN_BEFORE = re.compile(
    r"\b(?:any|all|every|which|whose|other|several|many|more|older|stale|external|downstream|upstream|some|multiple|"
    r"open|merged|closed|landed|abandoned|kernel|linux|qemu|edk2|ovmf)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Code put up for review without the word PR: "posted his reboot code for review".
_CODE_FOR_REVIEW = re.compile(
    r"\b(?:posted|submitted|sent|pushed|opened|published)\b(?:\s+\S+){0,6}?\s+"
    r"(?:code|changes?|patch\w*|series|fix\w*|implementation|branch)\b"
    r"|\bfor review\b"
    r"|\b(?:upcoming|proposed|pending)\s+(?:[\w-]+\s+)?changes?\b"
    r"|\bproposed\s+(?:making|adding|removing|enabling|disabling|to\s+(?:make|add|remove|enable|disable))\b",
    re.IGNORECASE,
)
# A heading about a PR: "### Console PR", "### vTPM Merge Status".
_MERGE = re.compile(r"\bmerg(?:e|ed|ing)\b", re.IGNORECASE)
# "the PR" right after another PR was named refers back to that one.
_ANAPHORA = re.compile(rf"\b(?:the|this|that|these|those|its?)\s+{_PR_NOUN}\b", re.IGNORECASE)
# A PR that is still to be written: "Jörg plans to post his own work next week".
_FUTURE_PR = re.compile(
    r"\b(?:will|would|shall|plans?\s+to|planning\s+to|going\s+to|intends?\s+to|wants?\s+to|agreed\s+to|"
    r"offered\s+to)\s+(?:\w+\s+){0,3}?(?:post|submit|open|send|create|prepare|write|finali[sz]e|share)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:he|she|they|his|her|their)\b", re.IGNORECASE)
# The owner written out: "Geoffrey's PR", "Ann Lee posted a patch", "Ann said she opened two PRs".
# Name words are bounded and possessive ({1,40}+; giving back letters never helps, as the next
# character must be a space or an apostrophe): unbounded, each capital inside a long hyphenated
# run ("Ab-Ab-...") rescanned the rest of the run, which made the search quadratic.
_OWNER = re.compile(
    rf"\b(?P<possessive>[A-Z][\w-]{{1,40}}+(?:\s+[A-Z][\w-]{{1,40}}+)?)['’]s?\s+"
    # "Roy's feedback on the relocation PR": Roy owns the feedback, not the PR.
    rf"(?:(?!(?:on|of|for|to|about|with|in|from|by|and)\b)[\w-]+\s+){{0,4}}?{_PR_NOUN}\b"
    r"|(?:^|:\s+)(?P<subject>[A-Z][\w-]{1,40}+(?:\s+[A-Z][\w-]{1,40}+)?)\s+"
    r"(?:(?:said|announced|mentioned|noted|reported)\s+(?:that\s+)?(?:he|she|they)\s+)?(?:has\s+|had\s+)?"
    r"(?:posted|opened|submitted|sent|proposed|pushed)\b"
)


def _pr_talk(text: str) -> str | None:
    """What the sentence says about code under review: "one" PR, "some" PRs, "code", or None.

    Only a sentence about one PR may be matched against everyone's PRs; "some" PRs are
    resolved only when their owner is written out ("Stefano opened a couple of PRs").
    """
    found = None
    for match in _NOUN.finditer(text):
        if _MODIFIER_AFTER.match(text[match.end() :]) or _NOT_ONE_OPEN_BEFORE.search(text[: match.start()]):
            continue
        if not _PLURAL.search(match.group("noun")):
            return "one"
        found = "some"
    if found is None and _CODE_FOR_REVIEW.search(text):
        found = "code"
    return found


def _heading_talk(text: str) -> bool:
    return _pr_talk(text) is not None or bool(_MERGE.search(text))


@dataclass(frozen=True)
class _Owner:
    """Whose PR a sentence means: logins, and whether the sentence says so outright."""

    logins: frozenset[str]
    stated: bool = False


@dataclass(frozen=True)
class _Section:
    """The statements under one heading."""

    heading: Statement | None
    statements: tuple[Statement, ...]


def _sections(meeting: Meeting) -> dict[tuple[str, ...], _Section]:
    grouped: dict[tuple[str, ...], list[Statement]] = {}
    for statement in meeting.statements:
        grouped.setdefault(statement.headings, []).append(statement)
    return {
        headings: _Section(next((s for s in statements if s.kind == "heading"), None), tuple(statements))
        for headings, statements in grouped.items()
    }


def _weighted_terms(parts: Iterable[tuple[str, float]], roster: Roster) -> dict[str, float]:
    """Stemmed words -> weight, from texts of different weight; names are not subjects."""
    query: dict[str, float] = {}
    for text, weight in parts:
        spans = [(m.start, m.end) for m in roster.mentions(text)]
        for word in query_terms(_mask(text, spans)):
            query[word] = max(query.get(word, 0.0), weight)
    return query


def _logins(roster: Roster, statements: Iterable[Statement]) -> frozenset[str]:
    """Everyone the statements may name: ambiguous first names bring all their candidates."""
    found: set[str] = set()
    for statement in statements:
        for mention in roster.mentions(statement.text):
            found |= {person.github for person in mention.candidates}
        found |= set(handles(statement.text))
    return frozenset(found)


def _owner(statement: Statement, section: _Section, roster: Roster) -> _Owner | str:
    """Whose PR the sentence talks about, or the name of an owner who is not in the roster.

    An owner written out ("Richard's reboot PR") is the only candidate; else everyone the
    sentence names; a sentence that starts with a pronoun means the person named last
    before it under the same heading.
    """
    for match in _OWNER.finditer(statement.text):
        name = match.group("possessive") or match.group("subject")
        if name.split()[0].lower() in STOP_WORDS:
            continue  # "Last week's PR", "The patch": not a name
        found = roster.candidates(name) or [p for part in name.split() for p in roster.candidates(part)]
        if found:
            return _Owner(frozenset(person.github for person in found), stated=True)
        if name.isupper():
            return _Owner(frozenset(), stated=True)  # "the TCG's patch": an organisation's, not ours
        return name
    own = _logins(roster, [statement])
    if own or not _PRONOUN.match(statement.text):
        return _Owner(own)
    earlier = [s for s in section.statements if s.line < statement.line and s.kind != "heading"]
    for previous in reversed(earlier):
        found_logins = _logins(roster, [previous])
        if found_logins:
            return _Owner(found_logins)
    return _Owner(frozenset())


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _options(ranked: Sequence[Ranked]) -> str:
    return " or ".join(f"{r.pull.repository}#{r.pull.number}" for r in ranked)


def _rank(
    query: dict[str, float], owner: _Owner, index: PullIndex, day: date, anyone: bool
) -> tuple[PullRequest | None, tuple[Ranked, ...]]:
    """The PR the sentence means, else the close candidates (maybe none).

    The person named is often the reviewer ("Jörg asked about the launch measurement
    PR"), so for a sentence about one PR whose owner is not written out, every open PR is
    ranked too; when one of someone else's fits far better than any of theirs, it is
    taken only if it clears the much stricter thresholds for that pool. Ties in that
    pool stay silent: a list of strangers' PRs would not help the reader.
    """
    if not query:
        return None, ()
    named = index.rank(query, index.open_pulls(day, owner.logins))
    if anyone:
        everyone = index.rank(query, index.open_pulls(day))
        top = named[0].score if named else 0.0
        if (
            everyone
            and everyone[0].pull.author not in owner.logins
            and everyone[0].score >= NAMED.ratio * top
        ):
            fallback = choose(everyone, ANYONE)
            return fallback.pull, ()
    choice = choose(named, NAMED)
    return choice.pull, choice.contenders


def _refers_back(
    statement: Statement, section: _Section, explicit_lines: set[int], first_named: int | None
) -> bool:
    """Under a heading or item that names a PR, "the PR" is that PR, not a new one."""
    if statement.parent_line in explicit_lines:
        return True
    if section.heading is not None and section.heading.line in explicit_lines:
        return True
    earlier = first_named is not None and first_named < statement.line
    return earlier and bool(_ANAPHORA.search(statement.text))


class _Implicit:
    """Resolves the PRs a meeting names by subject, sentence by sentence, then heading by heading."""

    def __init__(self, meeting: Meeting, roster: Roster, index: PullIndex, collector: _Collector) -> None:
        self.meeting = meeting
        self.roster = roster
        self.index = index
        self.collector = collector
        self.sections = _sections(meeting)
        self.children: dict[int, list[Statement]] = {}
        for statement in meeting.statements:
            if statement.parent_line is not None and statement.kind == "item":
                self.children.setdefault(statement.parent_line, []).append(statement)
        self.warnings: list[str] = []
        self.resolved: set[tuple[str, ...]] = set()

    def run(self, explicit_lines: set[int]) -> list[str]:
        undated = False
        # The first line of each section that names a PR explicitly: once per section, not per line.
        first_named = {
            headings: min((s.line for s in section.statements if s.line in explicit_lines), default=None)
            for headings, section in self.sections.items()
        }
        for statement in self.meeting.statements:
            if statement.kind == "heading" or statement.quoted or statement.line in explicit_lines:
                continue
            talk = _pr_talk(statement.text)
            section = self.sections[statement.headings]
            if talk is None or _FUTURE_PR.search(statement.text):
                continue  # "will post the patches next week": nothing to find yet
            if _refers_back(statement, section, explicit_lines, first_named[statement.headings]):
                continue
            day = statement.section_date or self.meeting.date
            if day is None:
                undated = True
                continue
            self._sentence(statement, section, day, talk)
        for section in self.sections.values():
            heading = section.heading
            if heading is None or heading.headings in self.resolved or heading.line in explicit_lines:
                continue
            day = heading.section_date or self.meeting.date
            if day is not None and _heading_talk(heading.text):
                self._heading(heading, section, day)
        if undated:
            self.warnings.append(
                f"{self.meeting.file}: no meeting date, so PRs named only by subject are not resolved"
            )
        return self.warnings

    def _sentence(self, statement: Statement, section: _Section, day: date, talk: str) -> None:
        owner = _owner(statement, section, self.roster)
        if isinstance(owner, str):
            self.warnings.append(
                f"line {statement.line}: {_quote(statement.text)!r}: {owner} is not in the roster; "
                "the pull request is not resolved"
            )
            return
        if not owner.logins or (talk == "some" and not owner.stated):
            return  # "the TSC reviewed open PRs": which ones, and whose?
        parts = [(statement.text, 1.0)]
        if section.heading is not None and len(statement.headings) > 1:
            # A topic heading is context; a heading about a PR ("### Console PR") names it.
            parts.append((section.heading.text, 1.0 if _heading_talk(section.heading.text) else 0.7))
        parts += [(child.text, 0.5) for child in self.children.get(statement.line, [])]
        query = _weighted_terms(parts, self.roster)
        pull, contenders = _rank(query, owner, self.index, day, talk == "one" and not owner.stated)
        if pull is None:
            if contenders:
                self.warnings.append(
                    f"line {statement.line}: {_quote(statement.text)!r} could be {_options(contenders)}; "
                    "not resolved"
                )
            return
        line = statement.line
        heading = section.heading
        if heading is not None and _heading_talk(heading.text) and self._names(heading, pull):
            line = heading.line
        self._record(pull, line, statement)
        self.resolved.add(statement.headings)

    def _heading(self, heading: Statement, section: _Section, day: date) -> None:
        """A heading about a PR ("### Device Model PR"): the PR of someone named below it."""
        below = [s for s in section.statements if s.kind != "heading" and not s.quoted]
        authors = _logins(self.roster, below)
        candidates = [p for p in self.index.open_pulls(day, authors) if self._names(heading, p)]
        if not candidates:
            return
        query = _weighted_terms([(heading.text, 1.0), *((s.text, 0.5) for s in below)], self.roster)
        choice = choose(self.index.rank(query, candidates), NAMED)
        if choice.pull is not None:
            self._record(choice.pull, heading.line, heading)
        elif choice.contenders:
            self.warnings.append(
                f"line {heading.line}: {_quote(heading.text)!r} could be {_options(choice.contenders)}; "
                "not resolved"
            )

    def _names(self, heading: Statement, pull: PullRequest) -> bool:
        """Whether the heading's own words describe the PR."""
        return self.index.score(dict.fromkeys(terms(heading.text), 1.0), pull)[0] > 0

    def _record(self, pull: PullRequest, line: int, statement: Statement) -> None:
        match = _NOUN.search(statement.text) or _CODE_FOR_REVIEW.search(statement.text)
        self.collector.add(
            pull.repository,
            pull.number,
            "pull",
            line,
            sentence_at(statement.text, match.start() if match else 0),
            _people(statement, self.roster),
            implicit=True,
        )
