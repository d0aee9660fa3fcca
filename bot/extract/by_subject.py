"""References by subject: the PRs a meeting names without their numbers ("Richard's reboot PR").

Resolved against the PRs of the people named that were open at the meeting
(`bot.extract.implicit`), sentence by sentence then heading by heading; only a sure match
becomes a reference, the others are candidates for a human.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date

from bot.domain.models import Alternative, Candidate, Meeting, PullRequest, Statement
from bot.domain.people import Roster
from bot.extract.explicit import _Collector, _people, sentence_at
from bot.extract.implicit import (
    NAMED,
    RECENT_DAYS,
    PullIndex,
    Ranked,
    choose,
    terms,
)
from bot.extract.pr_talk import (
    _CODE_FOR_REVIEW,
    _FUTURE_PR,
    _NOUN,
    _heading_talk,
    _named,
    _Owner,
    _owner,
    _pr_talk,
    _quote,
    _rank,
    _refers_back,
    _Section,
    _sections,
    _weighted_terms,
)
from bot.parse.text import fold_variants


class _Implicit:
    """Resolves the PRs a meeting names by subject, sentence by sentence, then heading by heading."""

    def __init__(
        self,
        meeting: Meeting,
        roster: Roster,
        index: PullIndex,
        collector: _Collector,
        skipped: Container[int],
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
