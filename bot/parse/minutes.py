"""Minutes text to a `Meeting`: statements with exact source lines, topics and dates.

markdown-it-py does the Markdown, so nested lists, code blocks and tables are understood
rather than guessed by regular expressions; this module only walks its token stream.
Code is never mined: fenced and indented blocks produce no statements.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import PurePosixPath

import yaml
from markdown_it.token import Token

from bot.domain.errors import InputError
from bot.domain.models import Link, Meeting, Statement
from bot.parse.dates import find_date
from bot.parse.markdown import inline_content, parse

_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX])\]\s+")
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"[.!?:;)\]]\s*$")


def decode(data: bytes, file: str) -> str:
    """Minutes bytes to text with LF line ends; BOM and CRLF are common in exported notes."""
    if not data.strip():
        raise InputError(f"{file}: the minutes file is empty")
    if b"\x00" in data:
        raise InputError(f"{file}: not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file}: not valid UTF-8 (byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    """YAML front matter and the number of lines it spans (0 when absent)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                data = None
            return (data if isinstance(data, dict) else {}), end + 1
    return {}, 0


def _split_lines(text: str, breaks: list[int], first_line: int) -> list[tuple[int, str]]:
    """Paragraph text to (line, text) runs: one per source line, rejoining wrapped sentences.

    A paragraph often holds one item per line ("Jenn to ...\nBob to ..."), but prose
    paragraphs also wrap mid-sentence; a line that starts in lower case after a line that
    did not end a sentence continues it.
    """
    if not breaks:  # most are one line: the general loop below gives just this
        piece = text.strip()
        return [(first_line, piece)] if piece else []
    pieces: list[tuple[int, list[str]]] = []  # the lines of each run, joined once at the end
    bounds = [0, *[b + 1 for b in breaks], len(text) + 1]
    for index in range(len(bounds) - 1):
        piece = text[bounds[index] : bounds[index + 1] - 1].strip()
        line = first_line + index
        if not piece:
            continue
        if pieces and piece[0].islower() and not _SENTENCE_END.search(pieces[-1][1][-1]):
            pieces[-1][1].append(piece)
        else:
            pieces.append((line, [piece]))
    return [(line, " ".join(run)) for line, run in pieces]


_FIELDS_SET = frozenset(Statement.model_fields)
_new = object.__new__
_set = object.__setattr__


def _statement(values: dict[str, object]) -> Statement:
    """What `Statement.model_construct` builds from every field, at a fifth of its cost.

    The walker makes values of the right types, so validating the 15,000 statements of a
    corpus pass, or letting `model_construct` sort out defaults and aliases it does not
    need, would cost more than reading them. tests/parse/test_minutes.py checks the result is
    the same object `model_construct` makes.
    """
    statement = _new(Statement)
    _set(statement, "__dict__", values)
    _set(statement, "__pydantic_fields_set__", set(_FIELDS_SET))
    _set(statement, "__pydantic_extra__", None)
    _set(statement, "__pydantic_private__", None)
    return statement


class _Walker:
    """Turns the token stream into statements, tracking headings, lists and quotes."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.statements: list[Statement] = []
        self.headings: list[tuple[int, str, date | None]] = []
        # What every statement under the current headings shares, computed when they change.
        self.heading_path: tuple[str, ...] = ()
        self.section_date: date | None = None
        self.items: list[int] = []  # open list items: their first line
        self.item_has_text: list[bool] = []
        self.quote_depth = 0
        self.title: str | None = None

    def _raw(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])

    def _set_headings(self, headings: list[tuple[int, str, date | None]]) -> None:
        self.headings = headings
        self.heading_path = tuple(h for _, h, _ in headings)
        self.section_date = next((found for _, _, found in reversed(headings) if found), None)

    def add(self, kind: str, line: int, end_line: int, text: str, links: tuple[Link, ...] = ()) -> None:
        checkbox = None
        match = _CHECKBOX.match(text) if text[:1] == "[" else None  # a checkbox starts with one
        if match:
            checkbox = "open" if match.group("mark") == " " else "done"
            text = text[match.end() :]
        text = " ".join(text.split())
        if not text:
            return
        if end_line < line:
            end_line = line
        items = self.items
        # The enclosing list item: for an item, the one above it; for other text, its own.
        enclosing = len(items) - 1 if kind == "item" else len(items)
        self.statements.append(
            _statement(
                {
                    "line": line,
                    "end_line": end_line,
                    "kind": kind,
                    "text": text,
                    "raw": self.lines[line - 1] if line == end_line else self._raw(line, end_line),
                    "depth": len(items),
                    "parent_line": items[enclosing - 1] if enclosing > 0 else None,
                    "headings": self.heading_path,
                    "section_date": self.section_date,
                    "links": links,
                    "checkbox": checkbox,
                    "quoted": self.quote_depth > 0,
                }
            )
        )

    def walk(self, tokens: list[Token], offset: int) -> None:
        # Paragraphs, headings and cells are always an open token, an inline and a close token.
        following = iter(tokens)
        for token in following:
            kind = token.type
            if kind == "paragraph_open":
                self._paragraph(token, next(following), offset)
                next(following)
            elif kind == "list_item_open":
                self.items.append(token.map[0] + 1 + offset)
                self.item_has_text.append(False)
            elif kind == "list_item_close":
                self.items.pop()
                self.item_has_text.pop()
            elif kind == "td_open" or kind == "th_open":
                inline = next(following)
                text, links, _ = inline_content(inline)
                line = (inline.map or token.map or [0])[0] + 1 + offset
                self.add("cell", line, line, text, links)
                next(following)
            elif kind == "heading_open":
                self._heading(token, next(following), offset)
                next(following)
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind == "html_block":
                self._html(token, offset)

    def _heading(self, token: Token, inline: Token, offset: int) -> None:
        text, links, _ = inline_content(inline)
        level = int(token.tag[1])
        text = " ".join(text.split()).strip()
        if self.title is None and text:
            self.title = text
        self._set_headings([*(h for h in self.headings if h[0] < level), (level, text, find_date(text))])
        line = token.map[0] + 1 + offset
        self.add("heading", line, line, text, links)

    def _paragraph(self, token: Token, inline: Token, offset: int) -> None:
        text, links, breaks = inline_content(inline)
        if self.items and not self.item_has_text[-1]:
            # The first paragraph of a list item states the item: one statement for it all.
            self.item_has_text[-1] = True
            self.add("item", self.items[-1], token.map[1] + offset, text, links)
            return
        pieces = _split_lines(text, breaks, token.map[0] + 1 + offset)
        if len(pieces) == 1:
            line, piece = pieces[0]
            self.add("paragraph", line, line, piece, links)
            return
        for line, piece in pieces:
            mine = tuple(link for link in links if link.text and link.text in piece)
            self.add("paragraph", line, line, piece, mine)

    def _html(self, token: Token, offset: int) -> None:
        """HTML blocks (tables exported from documents): each line's text, tags removed."""
        first = token.map[0] + 1 + offset
        for number, source in enumerate(token.content.split("\n")):
            hrefs = tuple(Link(text="", href=html.unescape(h)) for h in re.findall(r'href="([^"]+)"', source))
            text = html.unescape(_TAG.sub(" ", source)).strip()
            kind = "cell" if "<td" in source.lower() or "<th" in source.lower() else "paragraph"
            if text:
                self.add(kind, first + number, first + number, text, hrefs)


def date_from_path(file: str) -> date | None:
    """The date a minutes path states: its file name's, else its folders' (the innermost)."""
    path = PurePosixPath(file)
    found = find_date(path.name)
    if found:
        return found
    for parent in reversed(path.parents):
        found = find_date(parent.name) or found
    return found


def parse_minutes(text: str, file: str) -> Meeting:
    """Parse decoded minutes text. `file` is the path shown in output and used for the date."""
    lines = text.split("\n")
    meta, skip = _front_matter(lines)
    body = "\n".join(lines[skip:])
    walker = _Walker(lines)
    walker.walk(parse(body), skip)
    title = str(meta.get("title")) if meta.get("title") else walker.title
    meeting_date = None
    warnings: list[str] = []
    if isinstance(meta.get("date"), date):
        meeting_date = meta["date"]
    elif meta.get("date"):
        meeting_date = find_date(str(meta["date"]))
    for heading in (title, walker.title):
        if meeting_date is None and heading:
            meeting_date = find_date(heading)
    if meeting_date is None:
        meeting_date = date_from_path(file)
    if meeting_date is None:
        warnings.append(
            f"{file}: no meeting date in the title or file name; relative due dates are left empty"
        )
    if not walker.statements:
        warnings.append(f"{file}: no Markdown text found")
    return Meeting(
        file=file,
        title=title,
        date=meeting_date,
        statements=walker.statements,
        line_count=len(lines),
        warnings=warnings,
    )


def read_minutes(data: bytes, file: str) -> Meeting:
    """Bytes of a minutes file to a Meeting; raises InputError for what is not minutes."""
    return parse_minutes(decode(data, file), file)
