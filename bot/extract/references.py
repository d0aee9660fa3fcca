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

from bot.extract.implicit import (
    ANYONE,
    NAMED,
    RECENT_DAYS,
    STOP_WORDS,
    PullIndex,
    Ranked,
    choose,
    query_terms,
    terms,
)
from bot.extract.triggers import Triggers
from bot.models import Alternative, Candidate, Meeting, PullRequest, Reference, Statement
from bot.people import Roster, handles
from bot.text import fold_variants

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
    # "identified as 1062, 1088, and 1100": a list of numbers, one reference each.
    | \b(?:as|see)\s+(?P<listed>\#?{_NUM}(?:\s*,\s*(?:and\s+|or\s+)?\#?{_NUM}|\s+(?:and|or)\s+\#?{_NUM})+)
      (?!\w|\.\d|\s+{_COUNTED})
    | (?<![\w/.-])(?P<name>[A-Za-z][\w.-]*)\#(?P<short>{_NUM})(?!\w)
    | (?<![\w&\#/])\#(?P<bare>{_NUM})(?![\w-])
    """,
    re.VERBOSE,
)
# Cheap tests that let most statements skip the scans above: a GitHub URL has this part,
# and every `_MENTION` form has a "#", the keyword "PR", "[Pp]ull request" or "[Ii]ssue", or
# a list of numbers.
_GITHUB = re.compile(r"github\.com/", re.IGNORECASE)


_NUMBER_LIST = re.compile(r"\d\s*,\s*(?:and\s+|or\s+)?\#?\d|\d\s+(?:and|or)\s+\#?\d")


def _may_mention(text: str) -> bool:
    return "#" in text or "PR" in text or "ull" in text or "ssue" in text or bool(_NUMBER_LIST.search(text))


_LIST_NUMBER = re.compile(rf"\#?({_NUM})")
# "#3" after these words numbers something other than a PR: "item #3", "meeting #12".
_NOT_A_PR_BEFORE = re.compile(
    r"\b(?:item|step|meeting|call|week|sprint|episode|no|number|option|point|slide|page|line|session|"
    r"part|phase|round|rank|release|day|agenda|topic|question|room|table|figure|chapter|section|"
    r"colou?r|vote|ranked|rule|rfc|rfcs|pep|peps|cve|proposal|adr)\s*:?\s*$",
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


# An agenda item the call did not get to: "not discussed", "skipped as we ran out of time",
# "deferred to next week", "no update". Only at the start of the item or of a part of it
# ("#12 (not discussed)", "#12 - skipped"), and followed by nothing or by its reason, so
# "Skipped tests are flaky" or "the deferred free path" is not one.
_SKIPPED = re.compile(
    r"(?:was\s+|were\s+|is\s+|item\s+)?(?:not\s+discussed|wasn['’]t\s+discussed|not\s+covered|"
    r"skipped|deferred|postponed|no\s+updates?|nothing\s+new|carried\s+over|next\s+time|"
    r"ran\s+out\s+of\s+time|out\s+of\s+time|no\s+time|tabled)"
    r"(?=\s*$|\s*[-–—,.;:)\]!(]|\s+(?:as|because|due|since|to|until|for|this|today|again|yet|from|at|in)\b)",
    re.IGNORECASE,
)
_PART_START = re.compile(r"(?:^|[(\[]|\s[-–—|]\s|[:;,.]\s)[\s*_~]*")
# What is left of a line of only links: separators, and the labels of a list of documents.
_LINK_LABEL = re.compile(
    r"\b(?:labels?|docs?|documents?|links?|slides?|notes|recording|video|minutes|agenda|see|ref|refs|and)\b",
    re.IGNORECASE,
)


# The words `_SKIPPED` cannot match without ("discussed", "skipped", "no", ...), read from
# the pattern: most statements hold none and need no scan of their parts.
_SKIPPED_WORDS = Triggers([_SKIPPED])


def _skipped_part(text: str) -> bool:
    """Whether the item, or a part of it set off by a bracket or a dash, says it was not discussed."""
    if not _SKIPPED_WORDS.may_match(text):
        return False
    return any(_SKIPPED.match(text, match.end()) for match in _PART_START.finditer(text))


def _only_skipped(text: str) -> bool:
    """The whole item is the mark itself ("not discussed", "Skipped:"): it labels its neighbours."""
    stripped = text.strip(" *_~.:!")
    found = _SKIPPED.match(stripped)
    return found is not None and len(stripped[found.end() :].split()) <= 8


def _links_only(statement: Statement) -> bool:
    """A line that only lists links (labels, documents) names things; it does not discuss them.

    A table cell is read with its row, which this does not see: it is never link-only.
    """
    if statement.kind == "cell" or (not statement.links and not _ANY_URL.search(statement.text)):
        return False
    rest = _mask(
        statement.text, [*(m.span() for m in _ANY_URL.finditer(statement.text)), *_link_spans(statement)]
    )
    rest = _LINK_LABEL.sub(" ", rest)
    return not re.search(r"[A-Za-z]{2,}", rest)


def not_discussed_lines(meeting: Meeting) -> set[int]:
    """Lines of agenda items the call did not discuss, so nothing on them gets a comment.

    An item is not discussed when it says so itself ("#12 Flaky CI (deferred)"), when a
    sub-item is only the mark ("* not discussed"), when an item that is only the mark
    heads a list ("* Skipped:" with the items under it), or when the first thing under a
    heading is the mark ("## Strategic Initiatives" then "* skipped, out of time"). A
    line that only lists links is not discussion, unless notes of the call sit under it.
    """
    statements = meeting.statements
    children: dict[int, list[Statement]] = {}
    for statement in statements:
        if statement.parent_line is not None:
            children.setdefault(statement.parent_line, []).append(statement)
    lines: set[int] = set()
    marked_headings: set[tuple[str, ...]] = set()
    first_under: dict[tuple[str, ...], Statement] = {}
    for statement in statements:
        if statement.kind != "heading" and statement.parent_line is None:
            first_under.setdefault(statement.headings, statement)
    for headings, first in first_under.items():
        # "* Not discussed:" with items under it labels those items, not the whole section.
        if _only_skipped(first.text) and first.line not in children:
            marked_headings.add(headings)
    for statement in statements:
        if statement.kind == "heading":
            if _skipped_part(statement.text) or statement.headings in marked_headings:
                marked_headings.add(statement.headings)
            continue
        marked = any(statement.headings[: i + 1] in marked_headings for i in range(len(statement.headings)))
        below = children.get(statement.line, [])
        if (
            marked
            or _skipped_part(statement.text)
            or any(_only_skipped(child.text) for child in below)
            or (_links_only(statement) and not below)
        ):
            lines.add(statement.line)
        if _only_skipped(statement.text):
            lines |= _descendants(statement.line, children)
    for statement in statements:
        if statement.kind == "heading" and statement.headings in marked_headings:
            lines.add(statement.line)
    return lines


def _descendants(line: int, children: dict[int, list[Statement]]) -> set[int]:
    found: set[int] = set()
    stack = [line]
    while stack:
        for child in children.get(stack.pop(), []):
            if child.line not in found:
                found.add(child.line)
                stack.append(child.line)
    return found


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
    if match.group("listed"):
        numbers = [int(n) for n in _LIST_NUMBER.findall(match.group("listed"))]
        if min(numbers) < 10 or all(1900 <= n <= 2100 for n in numbers):
            return []  # "as 1, 2 and 3": list items or steps, not issue numbers
        return [_Mention(statement, start, number, "unknown", written=written) for number in numbers]
    if match.group("bare"):
        if _NOT_A_PR_BEFORE.search(statement.text[max(0, start - 20) : start]):
            return []
        return [_Mention(statement, start, int(match.group("bare")), "unknown", written=written)]
    keyword = match.group("keyword").lower()
    kind: Kind = "issue" if keyword.startswith("issue") else "pull"
    numbers = [int(match.group("first"))]
    numbers += [int(n) for n in _LIST_NUMBER.findall(match.group("more"))]
    return [_Mention(statement, start, number, kind, written=written) for number in numbers]


# The header of a table column that holds issue or PR numbers: "Issue", "PR #", "#", "No.".
_NUMBER_COLUMN = re.compile(
    r"(?P<kind>issues?|prs?|pull\s+requests?|tickets?)?\s*(?:\#|no\.?|numbers?|ids?)?", re.IGNORECASE
)
_PLAIN_NUMBER = re.compile(rf"\s*({_NUM})\s*")


def _table_mentions(statements: Sequence[Statement]) -> list[_Mention]:
    """Plain numbers in a table column headed "Issue", "PR" or "#": one reference each.

    Cells come in reading order, one row per source line; a table is a run of cells and its
    first row is the header. A number written "#1088" is found by `scan_explicit` already.
    """
    found: list[_Mention] = []
    rows: list[list[Statement]] = []

    def flush() -> None:
        if len(rows) > 1:
            kinds: dict[int, Kind] = {}
            for column, cell in enumerate(rows[0]):
                header = _NUMBER_COLUMN.fullmatch(cell.text.strip(" *_`:"))
                if header and header.group(0).strip():
                    word = (header.group("kind") or "").lower()
                    kinds[column] = "issue" if word.startswith("issue") else "pull" if word else "unknown"
            for row in rows[1:]:
                for column, cell in enumerate(row):
                    number = _PLAIN_NUMBER.fullmatch(cell.text)
                    if column in kinds and number:
                        found.append(
                            _Mention(cell, 0, int(number.group(1)), kinds[column], written=cell.text)
                        )
        rows.clear()

    for statement in statements:
        if statement.kind != "cell":
            flush()
        elif rows and rows[-1][0].line == statement.line:
            rows[-1].append(statement)
        else:
            rows.append([statement])
    flush()
    return found


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

    def context(self, statement: Statement, last_linked: str | None = None) -> str | None:
        """The repository a bare number in `statement` points to.

        A heading naming a repository (`### nodejs/node`) first; then the repository the
        file linked most recently under the same heading ("see other/repo#9 … mentioned in
        issue #9"); then the first configured one.
        """
        for heading in reversed(statement.headings):
            if heading in self.headings:
                return self.canonical(self.headings[heading])
        if last_linked is not None:
            return self.canonical(last_linked)
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
        discussed: bool = True,
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
                discussed=discussed,
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
                "discussed": old.discussed or discussed,
            }
        )


def find_references(
    meeting: Meeting, roster: Roster, repositories: Sequence[str], pulls: Sequence[PullRequest]
) -> tuple[list[Reference], list[Candidate], list[str]]:
    """Every PR or issue the meeting mentions, the PRs named by subject it is not sure of
    (candidates, never commented on), and warnings about the ones left unresolved."""
    index = PullIndex.of(pulls)
    mentions = [m for statement in meeting.statements for m in scan_explicit(statement)]
    mentions += _table_mentions(meeting.statements)
    mentions.sort(key=lambda m: (m.statement.line, m.start))
    if not repositories:
        # The PR list the user gave names the repository as surely as the config would.
        listed = {pull.repository for pull in index.pulls}
        repositories = sorted(listed) if len(listed) == 1 else []
    known = _Repositories(repositories, meeting, mentions)
    collector = _Collector(index, known)
    skipped = not_discussed_lines(meeting)
    warnings: list[str] = []
    unplaced: list[_Mention] = []
    # The repository linked last in each section: "see other/repo#9 … mentioned in issue #9".
    last_linked: dict[tuple[str, ...], str] = {}
    for mention in mentions:
        repository = _repository_of(mention, known, last_linked.get(mention.statement.headings))
        if mention.repository:
            last_linked[mention.statement.headings] = mention.repository
        if repository is None:
            unplaced.append(mention)
            continue
        _add_explicit(collector, mention, repository, roster, skipped)
    for mention in unplaced:
        same = [key for key in collector.found if key[1] == mention.number]
        if mention.name is None and len(same) == 1:
            # "Issue 175" after a link to ossf/tac/issues/175: the same one, named again.
            _add_explicit(collector, mention, collector.found[same[0]].repository, roster, skipped)
            continue
        warnings.append(_unplaced_warning(mention, known))
    explicit_lines = {m.statement.line for m in mentions}
    candidates: list[Candidate] = []
    if index.pulls:
        implicit = _Implicit(meeting, roster, index, collector, skipped)
        warnings += implicit.run(explicit_lines)
        candidates = [c for key, c in implicit.candidates.items() if key not in collector.found]
    references = sorted(collector.found.values(), key=lambda r: (r.line, r.repository.lower(), r.number))
    candidates.sort(key=lambda c: (c.line, c.repository.lower(), c.number))
    return references, candidates, warnings


def _repository_of(mention: _Mention, known: _Repositories, last_linked: str | None) -> str | None:
    if mention.repository:
        return mention.repository
    if mention.name:
        named = known.named(mention.name)
        return named[0] if len(named) == 1 else None
    return known.context(mention.statement, last_linked)


def _add_explicit(
    collector: _Collector, mention: _Mention, repository: str, roster: Roster, skipped: set[int]
) -> None:
    statement = mention.statement
    collector.add(
        repository,
        mention.number,
        mention.kind,
        statement.line,
        sentence_at(statement.text, mention.start),
        _people(statement, roster),
        implicit=False,
        discussed=statement.line not in skipped,
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
    """Whose PR a sentence means: logins, and whether the sentence says so outright.

    `shared` holds the logins that came from a name several people answer to ("Carlos"):
    such a name may find candidates, never pick one of them.
    """

    logins: frozenset[str]
    stated: bool = False
    shared: frozenset[str] = frozenset()
    written: tuple[str, ...] = ()  # the names as the sentence wrote them


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
    return _named(roster, statements).logins


def _named(roster: Roster, statements: Iterable[Statement], stated: bool = False) -> _Owner:
    """The people the statements name, with the ones a shared first name brought in."""
    found: set[str] = set()
    shared: set[str] = set()
    written: list[str] = []
    for statement in statements:
        for mention in roster.mentions(statement.text):
            logins = {person.github for person in mention.candidates}
            found |= logins
            if len(logins) > 1:
                shared |= logins
            written.append(mention.written)
        found |= set(handles(statement.text))
    return _Owner(frozenset(found), stated, frozenset(shared), tuple(written))


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
            logins = frozenset(person.github for person in found)
            return _Owner(
                logins, stated=True, shared=logins if len(logins) > 1 else frozenset(), written=(name,)
            )
        if name.isupper():
            return _Owner(frozenset(), stated=True)  # "the TCG's patch": an organisation's, not ours
        return name
    own = _named(roster, [statement])
    if own.logins or not _PRONOUN.match(statement.text):
        return own
    earlier = [s for s in section.statements if s.line < statement.line and s.kind != "heading"]
    for previous in reversed(earlier):
        found = _named(roster, [previous])
        if found.logins:
            return found
    return _Owner(frozenset())


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rank(
    query: dict[str, float], owner: _Owner, index: PullIndex, day: date, anyone: bool
) -> tuple[PullRequest | None, tuple[Ranked, ...], bool]:
    """The PR the sentence means, else the close candidates (maybe none).

    The person named is often the reviewer ("Jörg asked about the launch measurement
    PR"), so for a sentence about one PR whose owner is not written out, every open PR is
    ranked too; when one of someone else's fits far better than any of theirs, it is
    taken only if it clears the much stricter thresholds for that pool, and even then
    only as a candidate (the third value is True): its author is not named. Ties in that
    pool stay silent: a list of strangers' PRs would not help the reader.
    """
    if not query:
        return None, (), False
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
            return fallback.pull, (), True
    choice = choose(named, NAMED)
    return choice.pull, choice.contenders, False


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

    def __init__(
        self, meeting: Meeting, roster: Roster, index: PullIndex, collector: _Collector, skipped: set[int]
    ) -> None:
        self.meeting = meeting
        self.skipped = skipped
        self.candidates: dict[tuple[str, int], Candidate] = {}
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
        pull, contenders, stranger = _rank(query, owner, self.index, day, talk == "one" and not owner.stated)
        if pull is None:
            if contenders:
                self._candidate(
                    contenders[0].pull, statement.line, statement, contenders[1:], "several PRs fit"
                )
            return
        line = statement.line
        heading = section.heading
        if heading is not None and _heading_talk(heading.text) and self._names(heading, pull):
            line = heading.line
        if stranger:
            doubt: str | None = "its author is not named in the sentence"
        elif not self._says(statement, pull):
            doubt = "only the topic heading or the items under it name its subject"
        else:
            doubt = self._doubt(pull, owner, day)
        if doubt:
            self._candidate(pull, line, statement, (), doubt)
        else:
            self._record(pull, line, statement)
        self.resolved.add(statement.headings)

    def _heading(self, heading: Statement, section: _Section, day: date) -> None:
        """A heading about a PR ("### Device Model PR"): the PR of someone named below it."""
        below = [s for s in section.statements if s.kind != "heading" and not s.quoted]
        named = _named(self.roster, below)
        candidates = [p for p in self.index.open_pulls(day, named.logins) if self._names(heading, p)]
        if not candidates:
            return
        query = _weighted_terms([(heading.text, 1.0), *((s.text, 0.5) for s in below)], self.roster)
        choice = choose(self.index.rank(query, candidates), NAMED)
        if choice.pull is not None:
            doubt = self._doubt(choice.pull, named, day)
            if doubt:
                self._candidate(choice.pull, heading.line, heading, (), doubt)
            else:
                self._record(choice.pull, heading.line, heading)
        elif choice.contenders:
            first, *others = choice.contenders
            self._candidate(first.pull, heading.line, heading, others, "several PRs fit")

    def _doubt(self, pull: PullRequest, owner: _Owner, day: date) -> str | None:
        """Why the best PR may still be the wrong one, or None when the bot is sure.

        Sure means: its author is named without doubt, and it was opened within
        `RECENT_DAYS` of the call (a PR open for years is rarely the one a call means by
        its subject, and a name seen once may be someone else's).
        """
        author = (pull.author or "").lower()
        if author in {login.lower() for login in owner.shared}:
            names = [n for n in owner.written if len(self.roster.candidates(n)) > 1] or ["the name"]
            return f"{' / '.join(dict.fromkeys(names))} may be any of several people in the roster"
        for name in owner.written:
            if " " not in name.strip() and not self._roster_spelling(name, author):
                sharing = self.index.authors_called(name)
                if author in sharing and len(sharing) > 1:
                    return f"{name} may be any of {len(sharing)} PR authors"
        opened = self.index.opened(pull)
        if opened is not None and (day - opened).days > RECENT_DAYS:
            return f"opened {opened.isoformat()}, {(day - opened).days} days before the call"
        return None

    def _roster_spelling(self, name: str, login: str) -> bool:
        """Whether the roster lists `name` as this person's own name or alias.

        A maintainer who wrote `aliases: [Jon]` said that "Jon" is Jon Lange in these
        minutes; a first name the roster merely derives from a full name says nothing
        about the other Jons among the PR authors.
        """
        person = self.roster.by_login(login)
        if person is None:
            return False
        keys = fold_variants(name)
        return any(keys & fold_variants(spelling) for spelling in (person.name, *person.aliases))

    def _says(self, statement: Statement, pull: PullRequest) -> bool:
        """Whether the sentence's own words name the PR's subject, not just its context."""
        ranked = self.index.rank(_weighted_terms([(statement.text, 1.0)], self.roster), [pull])
        return bool(ranked) and ranked[0].exact

    def _names(self, heading: Statement, pull: PullRequest) -> bool:
        """Whether the heading's own words describe the PR."""
        return self.index.score(dict.fromkeys(terms(heading.text), 1.0), pull)[0] > 0

    def _candidate(
        self, pull: PullRequest, line: int, statement: Statement, others: Sequence[Ranked], why: str
    ) -> None:
        """A PR the bot is not sure of: for the meeting issue's "Please check", never commented."""
        key = (pull.repository.lower(), pull.number)
        if key in self.candidates:
            return
        match = _NOUN.search(statement.text) or _CODE_FOR_REVIEW.search(statement.text)
        self.candidates[key] = Candidate(
            line=line,
            repository=self.collector.repositories.canonical(pull.repository),
            number=pull.number,
            kind="pull",
            implicit=True,
            people=list(
                dict.fromkeys([*([pull.author] if pull.author else []), *_people(statement, self.roster)])
            ),
            evidence=sentence_at(statement.text, match.start() if match else 0),
            discussed=statement.line not in self.skipped,
            alternatives=[
                Alternative(repository=r.pull.repository, number=r.pull.number, author=r.pull.author)
                for r in others
            ],
            why=why,
        )

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
            discussed=statement.line not in self.skipped,
        )
