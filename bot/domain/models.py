"""Values that cross module boundaries: the parsed meeting and its findings.

The findings models (`Findings`, `ExtractOutput`; DESIGN.md calls them the digest) are the
`extract --format json` contract of DESIGN.md; field names and meanings there are relied on
by other tools, so change them only by adding fields.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Link(BaseModel):
    """A Markdown or bare link inside a statement, kept because link text can hide a PR URL."""

    model_config = ConfigDict(frozen=True)

    text: str
    href: str


class Statement(BaseModel):
    """One list item, paragraph line, heading or table cell of the minutes.

    `line` is the 1-based source line where it starts, as the labels and permalinks count.
    """

    model_config = ConfigDict(frozen=True)

    line: int
    end_line: int
    kind: Literal["item", "paragraph", "heading", "cell"]
    text: str = Field(description="plain text: inline Markdown removed, link text kept")
    raw: str = Field(description="the source lines of the statement, as written")
    depth: int = Field(0, description="list nesting: 0 outside lists, 1 top-level item")
    parent_line: int | None = Field(None, description="line of the enclosing list item")
    headings: tuple[str, ...] = Field((), description="heading path, outermost first")
    section_date: date | None = Field(
        None, description="date of the enclosing dated heading, for multi-meeting files"
    )
    links: tuple[Link, ...] = ()
    checkbox: Literal["open", "done"] | None = None
    quoted: bool = Field(False, description="inside a blockquote")

    @property
    def topic(self) -> str | None:
        return self.headings[-1] if self.headings else None


class Meeting(BaseModel):
    """A minutes file, parsed: what the extractors read instead of raw Markdown."""

    file: str
    title: str | None
    date: date | None
    statements: list[Statement]
    line_count: int
    warnings: list[str] = []
    # The series' next call when the file does not state it (bot/domain/cadence.py), set by
    # the command that knows the series; what "before the next meeting" is due on.
    next_call: date | None = None


class FollowUp(BaseModel):
    id: str
    line: int
    owners: list[str] = Field(description="GitHub logins the bot is sure of")
    owner_names: list[str] = Field(description="display names of the resolved owners")
    unresolved_names: list[str] = Field(description="people named but not in the roster")
    due: date | None
    text: str
    topic: str | None
    confidence: float
    also_stated_at: list[int] = Field(
        default_factory=list, description="other lines stating the same task, restated here in an action list"
    )


class Reference(BaseModel):
    line: int
    repository: str
    number: int
    kind: Literal["pull", "issue", "unknown"]
    implicit: bool
    people: list[str] = Field(description="logins involved: author and people named with it")
    evidence: str
    discussed: bool = Field(
        True,
        description="false when every mention is an agenda item marked not discussed, skipped, deferred … "
        "or a line that only lists links: listed, never commented on",
    )


class Alternative(BaseModel):
    """Another pull request that fits a sentence about as well as the candidate does."""

    repository: str
    number: int
    author: str | None = None


class Candidate(Reference):
    """A pull request named by subject that the bot is not sure of: shown to a human, never commented on."""

    alternatives: list[Alternative] = Field([], description="other PRs that fit about as well")
    why: str = Field("", description="what kept the bot from being sure")


class Done(BaseModel):
    """A statement of the minutes that reports something finished, as carry-over reads it."""

    line: int
    text: str


class Findings(BaseModel):
    file: str
    title: str | None
    date: date | None
    follow_ups: list[FollowUp] = []
    references: list[Reference] = Field(
        [], description="what the bot is sure of; the only ones it may comment on"
    )
    candidates: list[Candidate] = Field([], description="PRs named by subject it is not sure of: for a human")
    warnings: list[str] = []
    done: list[Done] = Field([], description="statements that report something finished, for carry-over")


class ExtractOutput(BaseModel):
    meetings: list[Findings]


class PullRequest(BaseModel):
    """The fields of GitHub's "list pull requests" items that reference resolution reads."""

    model_config = ConfigDict(frozen=True)

    repository: str
    number: int
    title: str
    author: str | None
    author_name: str | None = None
    state: str
    created_at: datetime | None
    closed_at: datetime | None = None
    merged_at: datetime | None = None
    head_ref: str | None = None
    body: str = ""
    html_url: str | None = None
