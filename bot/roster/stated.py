"""Logins the minutes state themselves: "Full Name @handle" lines and "GH ID" table columns.

These are the strongest evidence there is: the community wrote the pair down. Tables are
read from the raw text because the parser flattens them into one `cell` per line, which
loses the row a name and its login share (HTML tables exported from documents put every
cell on its own line).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from bot.domain.models import Meeting
from bot.parse.names import LOGIN
from bot.roster.evidence import Evidence
from bot.roster.names import NameSighting, clean_name

_NAME = r"[^\W\d_][^\s@()\[\],;:]*(?:\s+[^\W\d_][^\s@()\[\],;:]*){0,3}"
# "Antoine du Hamel @aduh95 (voting member)" or "Jane Doe (@jdoe)", starting the statement or
# one entry of a list ("…, Jane Doe @jdoe, …"); "@jdoe (Jane Doe)" anywhere.
_NAME_HANDLE = re.compile(rf"(?:^|[,;(]\s*)(?P<name>{_NAME})\s+\(?@(?P<login>{LOGIN})\b(?![/.\w])")
_HANDLE_NAME = re.compile(rf"(?<![\w/])@(?P<login>{LOGIN})\s+\((?P<name>{_NAME})\)")
_LOGIN_CELL = re.compile(rf"^@?(?:https?://github\.com/)?(?P<login>{LOGIN})/?$")
# "GH ID", "GitHub", "GitHub handle", "Handle", "Login"; not "GitHub issue".
_LOGIN_HEADER = re.compile(
    r"^\W*(?:(?:gh|github)(?:\s*(?:id|handle|login|user(?:name)?|account))?|handle|login|username)\W*$",
    re.IGNORECASE,
)
_NAME_HEADER = re.compile(r"\bname\b", re.IGNORECASE)
_MD = MarkdownIt("commonmark").enable("table")


def handle_lines(meeting: Meeting) -> list[tuple[NameSighting, Evidence]]:
    """ "Full Name @handle" pairs in any statement of the minutes."""
    found = []
    for statement in meeting.statements:
        for pattern in (_NAME_HANDLE, _HANDLE_NAME):
            for match in pattern.finditer(statement.text):
                name = clean_name(match.group("name"))
                if not name or " " not in name:
                    continue  # a single word before a handle is too often "cc @x" or "thanks @x"
                where = f"{meeting.file}:{statement.line}"
                found.append(
                    (
                        NameSighting(name=name, file=meeting.file, line=statement.line, source="handle"),
                        Evidence(login=match.group("login"), name=name, source="minutes", where=where),
                    )
                )
    return found


class _HtmlTables(HTMLParser):
    """Rows of cell texts, with the line of each row, for every HTML table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[int, list[str]]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._row_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row, self._row_line = [], self.getpos()[0]
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append((self._row_line, self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _markdown_tables(text: str) -> list[list[tuple[int, list[str]]]]:
    tables: list[list[tuple[int, list[str]]]] = []
    row: list[str] | None = None
    line = 0
    tokens = _MD.parse(text)
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row, line = [], (token.map or [0])[0] + 1
        elif token.type in ("th_open", "td_open") and row is not None:
            inline = tokens[index + 1]
            row.append(" ".join(re.sub(r"[*_`]", "", inline.content).split()))
        elif token.type == "tr_close" and row is not None and tables:
            tables[-1].append((line, row))
            row = None
    return tables


def table_pairs(text: str, file: str, line_offset: int = 0) -> list[tuple[NameSighting, Evidence | None]]:
    """Names from tables with a name column, each with the login of its "GH ID" column.

    A row whose login cell is empty still names a person: it is returned with no evidence,
    so the name shows up as one the maintainer must map by hand.
    """
    parser = _HtmlTables()
    parser.feed(text)
    parser.close()
    found: list[tuple[NameSighting, Evidence | None]] = []
    markdown = _markdown_tables(text) if re.search(r"^\s*\|?.*\|", text, re.MULTILINE) else []
    for table in [*parser.tables, *markdown]:
        name_col = login_col = None
        for line, cells in table:
            if name_col is None or login_col is None:
                names = [i for i, c in enumerate(cells) if _NAME_HEADER.search(c)]
                logins = [i for i, c in enumerate(cells) if _LOGIN_HEADER.search(c) and i not in names]
                if names and logins:
                    name_col, login_col = names[0], logins[0]
                continue
            if max(name_col, login_col) >= len(cells):
                continue
            name = clean_name(cells[name_col])
            if not name:
                continue
            where = f"{file}:{line + line_offset}"
            sighting = NameSighting(name=name, file=file, line=line + line_offset, source="table")
            login = _LOGIN_CELL.match(cells[login_col].strip())
            if login and not re.search(r"[A-Za-z]", login.group("login")):
                login = None  # a number in a login column is an issue or a count, not a person
            evidence = (
                Evidence(login=login.group("login"), name=name, source="minutes", where=where)
                if login
                else None
            )
            found.append((sighting, evidence))
    return found
