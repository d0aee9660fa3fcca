"""Links to the minutes render as links, whatever the file is called."""

from datetime import date

import pytest
from markdown_it import MarkdownIt

from bot.domain.issue_body import Owner
from bot.domain.markers import Marker
from bot.render.items import follow_up_body, permalink, reference_comment
from bot.render.meeting import meeting_body

NAMES = [
    "Meetings/2026-03-10 big table.md",
    "Meetings/notes #3?.md",
    "Meetings/réunion (été) 2026-03-10.md",
    "Meetings/a%20b[1].md",
]


def _hrefs(markdown: str) -> list[str]:
    """Every link target markdown-it-py finds in a body, as GitHub's renderer would see them."""
    found: list[str] = []
    for token in MarkdownIt("commonmark").parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


@pytest.mark.parametrize("path", NAMES)
def test_follow_up_body_links_the_minutes_line(path):
    link = permalink("org/minutes", "abc123", path, 10)
    body = follow_up_body(
        owners=[Owner(name="Ada Lovelace", login="ada", assigned=True)],
        unresolved=[],
        due=None,
        quote="Ada will check the table.",
        series="Dev Call",
        meeting_date=date(2026, 3, 10),
        path=path,
        line=10,
        link=link,
        marker=Marker(kind="follow-up", key="k"),
    )
    assert link in _hrefs(body)
    assert link.endswith("#L10") and " " not in link and "?" not in link


@pytest.mark.parametrize("path", NAMES)
def test_reference_comment_and_meeting_issue_link_the_file(path):
    line_link = permalink("org/minutes", "abc123", path, 4)
    file_link = permalink("org/minutes", "abc123", path)
    comment = reference_comment(
        kind="pull",
        author="ada",
        quotes=[("We discussed the table.", line_link)],
        series="Dev Call",
        meeting_date=date(2026, 3, 10),
        minutes_link=file_link,
        marker=Marker(kind="reference", key="r"),
    )
    assert {line_link, file_link} <= set(_hrefs(comment))
    body = meeting_body(
        path=path,
        minutes_link=file_link,
        follow_ups=[],
        references=[],
        checklist=[],
        marker=Marker(kind="meeting", key="m"),
    )
    assert file_link in _hrefs(body)


def test_each_segment_is_encoded_and_the_folders_kept():
    link = permalink("org/minutes", "abc", "Meetings/2026 #1/notes?.md", 3)
    assert link == "https://github.com/org/minutes/blob/abc/Meetings/2026%20%231/notes%3F.md#L3"
    assert permalink("org/minutes", "abc", "Meetings/été.md") == (
        "https://github.com/org/minutes/blob/abc/Meetings/%C3%A9t%C3%A9.md"
    )
