"""A follow-up body read back as it was written, and as people edit it afterwards."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.issue_body import Owner, parse_due, parse_owner_logins, parse_quote
from bot.domain.markers import Marker, item_key, key_path, neutralise
from bot.domain.state import Issue
from bot.plan.remind import issue_owners
from bot.render.items import follow_up_body, permalink

PATH = "Meetings/devel-call-2025-09-17.md"
BOT = "minutes-bot[bot]"


def _written(owners=(), due=None, quote="Grace will bisect the boot failure.", path=PATH):
    return follow_up_body(
        owners=list(owners),
        unresolved=[],
        due=due,
        quote=quote,
        series="Dev Call",
        meeting_date=date(2025, 9, 17),
        path=path,
        line=12,
        link=permalink("acme/governance", "c0ffee", path, 12),
        marker=Marker(kind="follow-up", key=item_key(path, "follow-up", quote)),
    )


def _issue(body: str) -> Issue:
    return Issue(
        repository="acme/governance",
        number=4,
        title="Bisect the boot failure (Grace)",
        body=body,
        state="open",
        author=BOT,
        marker=Marker(kind="follow-up", key=item_key(PATH, "x")),
        created_at="2025-09-18T10:00:00Z",
        updated_at="2025-09-18T10:00:00Z",
    )


@pytest.mark.parametrize("due", [date(2025, 10, 1), date(2024, 2, 29), None])
@pytest.mark.parametrize(
    "owners",
    [
        [],
        [Owner(name="Grace Hopper", login="grace", assigned=True)],
        [Owner(name="Grace Hopper", login="grace", assigned=False)],
        [
            Owner(name="Grace Hopper", login="grace", assigned=True),
            Owner(name="Linus", login="l-t", assigned=False),
            Owner(name="Ken", login="ken99", assigned=False),
        ],
    ],
)
def test_due_and_owner_logins_read_back_as_written(due, owners):
    body = _written(owners=owners, due=due)
    assert parse_due(body) == due
    # assigned owners are notified by the assignment; only the others are @-mentioned
    assert parse_owner_logins(body) == tuple(o.login for o in owners if not o.assigned)


@pytest.mark.parametrize(
    "quote",
    ["Grace will bisect the boot failure.", "Due: 2025-12-24 is when Ken sends the @team patch #12"],
)
def test_quote_reads_back_as_written_and_its_due_text_is_not_the_date(quote):
    body = _written(due=date(2025, 10, 1), quote=quote)
    assert parse_quote(body) == neutralise(quote)  # as quoted: inert, the same words
    assert parse_due(body) == date(2025, 10, 1)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda body: body.replace("Due: 2025-10-01", "Due: 2025-11-15"), date(2025, 11, 15)),
        (lambda body: body.replace("Due: 2025-10-01", "**Due:** 2025-11-15"), date(2025, 11, 15)),
        (
            lambda body: body.replace("Due: 2025-10-01", "- due: 2025-11-15 (moved at the call)"),
            date(2025, 11, 15),
        ),
        (
            lambda body: body.replace("Due: 2025-10-01\n", "Due: 2025-10-01\nDue: 2025-11-15\n"),
            date(2025, 11, 15),
        ),
        (lambda body: body.replace("Due: 2025-10-01", "Due: 2025-02-30"), None),
        (lambda body: body.replace("Due: 2025-10-01\n", ""), None),
    ],
)
def test_a_human_edited_due_line_is_the_date(edit, expected):
    body = edit(_written(due=date(2025, 10, 1)))
    assert parse_due(body) == expected


def test_owner_line_edited_by_a_person_still_names_its_logins():
    body = _written(owners=[Owner(name="Grace Hopper", login="grace", assigned=False)])
    edited = body.replace(
        "Owner: Grace Hopper (@grace)", "**Owners:** Grace Hopper (@grace), @ken99, not `@code`"
    )
    assert issue_owners(_issue(edited)) == ("grace", "ken99")


@pytest.mark.parametrize("path", [PATH, "Meetings/#42 retro 2025-09-17.md", "notes/a#b/c#d.md"])
def test_a_key_gives_back_the_minutes_path_it_was_made_from(path):
    assert key_path(item_key(path, "follow-up", "anything")) == path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Due: 2025-10-01", date(2025, 10, 1)),
        ("**Due:** 2025-10-01", date(2025, 10, 1)),
        ("- due: 2025-10-01\nDue: 2025-11-02", date(2025, 11, 2)),
        ("Due: 2025-02-30", None),
        ("Overdue: 2025-10-01", None),
        ("Due: 2025-10-01\n\n> Due: 2025-12-24 is what the minutes said", date(2025, 10, 1)),
        ("", None),
    ],
)
def test_due_line(text, expected):
    assert parse_due(text) == expected
