"""Hostile minutes through every body writer: nothing they hold can ping, link away, inject
HTML, forge or hide a marker, or make a body GitHub refuses.

Each body is rendered with markdown-it-py (CommonMark plus GitHub's tables and strikethrough)
and checked as GitHub would show it: the text a reader sees, the links, the HTML.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bot.domain.actions import CreateComment, CreateIssue
from bot.domain.config import parse_config
from bot.domain.issue_body import Owner
from bot.domain.markers import BODY_LIMIT, Marker, find_marker, fit_body, item_key, render_marker
from bot.domain.minutes_files import series_for
from bot.domain.models import Findings, FollowUp, Reference
from bot.domain.state import Issue, RepoState
from bot.plan.preview import render_preview
from bot.plan.remind import plan_reminders
from bot.render.escape import json_log_safe, log_safe, neutralise
from bot.render.items import (
    continuation_comment,
    done_comment,
    extend_reference_comment,
    follow_up_body,
    follow_up_title,
    permalink,
    reference_comment,
)
from bot.render.meeting import FollowUpEntry, OutstandingEntry, ReferenceEntry, meeting_body
from bot.render.process import summary
from bot.render.remind import render_summary
from tests.support.markdown import MENTION, assert_safe, rendered

# What an attacker writes into minutes (or a file name), one entry per trick.
HOSTILE = [
    "Ada will fix the `<!-- minutes-bot {` parser next week.",
    '<!-- minutes-bot {"kind": "meeting", "key": "N/c-2025-09-24.md#0123456789abcdef"} -->',
    "Ada will ask `@victim about it` and @victim2 about #12, GH-7, org/other#3 and other#4.",
    "&lt;!-- minutes-bot {} --&gt; &#64;victim &#x40;victim &#35;12 &commat;victim",
    "<img src=x onerror=alert(1)> <script>alert(1)</script> <a href='https://evil.example'>hi</a>",
    "[click](javascript:alert(1)) [hidden](https://evil.example/steal) ![p](https://evil.example/p.png)",
    "<https://evil.example/auto> https://evil.example/bare www.evil.example/x",
    "https://github.com@evil.example/ https://github.com.evil.example/ https://evil.example\\@github.com/",
    "write to a@evil.example or mailto:b@evil.example",
    "```\ncode\n``` --> --!> ]]> <!-- never closed",
    "[ref]: https://evil.example\n\n| a | b |\n|---|---|\n# heading @victim\n> quote",
    "::stop-commands::token and ##[error]forged",
    "\u202egnp.exe\u202c **bold** _it_ ~~gone~~ \\` `` ` <!---->",
]
BOT = "github-actions[bot]"
REPO = "org/meta"
PATH = "Notes/call-2025-09-17.md"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_follow_up_issue_body(hostile):
    marker = Marker(kind="follow-up", key=item_key(hostile, hostile))
    body = follow_up_body(
        owners=[
            Owner(name=hostile, login="ada", assigned=False),
            Owner(name="Bob", login="bob", assigned=True),
        ],
        unresolved=[hostile],
        due=date(2025, 9, 24),
        quote=hostile,
        series=hostile,
        meeting_date=date(2025, 9, 17),
        path=hostile,
        line=3,
        link=permalink("org/minutes", "c0ffee", hostile, 3),
        marker=marker,
    )
    assert_safe(body, marker, mentions={"ada"})


@pytest.mark.parametrize("hostile", HOSTILE)
def test_reference_comments_first_and_extended(hostile):
    marker = Marker(kind="reference", key="org/code#808", covers=("a",))
    link = permalink("org/minutes", "c0ffee", hostile, 4)
    body = reference_comment(
        kind="pull",
        author="carol",
        quotes=[(hostile, link), (hostile, link)],
        series=hostile,
        meeting_date=date(2025, 9, 17),
        minutes_link=link,
        marker=marker,
    )
    assert_safe(body, marker, mentions={"carol"})
    again = Marker(kind="reference", key="org/code#808", covers=("a", "b"))
    extended = extend_reference_comment(
        body, quotes=[(hostile, link)], series=hostile, meeting_date=None, minutes_link=link, marker=again
    )
    assert_safe(extended, again, mentions={"carol"})


@pytest.mark.parametrize("hostile", HOSTILE)
def test_meeting_issue_body(hostile):
    marker = Marker(kind="meeting", key=item_key(PATH, "meeting"))
    title = follow_up_title(hostile, [hostile])
    body = meeting_body(
        path=hostile,
        minutes_link=permalink("org/minutes", "c0ffee", hostile),
        follow_ups=[
            FollowUpEntry(title=title, number=12, due=None),
            FollowUpEntry(title=hostile, number=None),
        ],
        references=[ReferenceEntry(repository="org/code", number=808, kind="pull", implicit=True)],
        checklist=[neutralise(hostile)],  # the planner's checklist lines, as plan.py builds them
        marker=marker,
        outstanding=[
            OutstandingEntry(number=3, title=hostile, owners=("ada", hostile), age_days=9, overdue_days=2)
        ],
    )
    assert_safe(body, marker, refs={"#12", "#3", "org/code#808"})


@pytest.mark.parametrize("hostile", HOSTILE)
def test_continuation_and_done_comments(hostile):
    marker = Marker(kind="update", key="k")
    link = permalink("org/minutes", "c0ffee", hostile, 9)
    kwargs = {"series": hostile, "meeting_date": date(2025, 9, 17), "marker": marker}
    assert_safe(continuation_comment(quote=hostile, link=link, **kwargs), marker)
    assert_safe(done_comment(evidence=hostile, link=link, closing=True, **kwargs), marker)
    assert_safe(done_comment(evidence=hostile, link=None, closing=False, **kwargs), marker)


@pytest.mark.parametrize("digest", [False, True])
def test_reminders_and_their_summary(digest):
    config = parse_config(
        f"series: [{{name: Dev, directory: N}}]\nreminders: {{digest_issue: {str(digest).lower()}}}\n",
        "c.yml",
    )
    opened = datetime(2025, 9, 1, tzinfo=UTC)
    issues = [
        Issue(
            repository=REPO,
            number=number,
            title=hostile,
            body=f"> quote\n\nOwners: @ada\nDue: 2025-09-08\n\n{render_marker(Marker(kind='follow-up', key=key))}",
            state="open",
            author=BOT,
            created_at=opened,
            updated_at=opened,
            marker=Marker(kind="follow-up", key=key),
            due=date(2025, 9, 8),
            labels=("minutes-bot", "follow-up"),
        )
        for number, hostile in enumerate(HOSTILE, start=1)
        for key in [item_key(f"N/{hostile}.md", hostile)]
    ]
    plan = plan_reminders(
        RepoState(repository=REPO, bot_login=BOT, issues=issues),
        config.reminders,
        config.series,
        datetime(2025, 9, 22, tzinfo=UTC),
    )
    posted = [a for a in plan.actions if isinstance(a, CreateComment | CreateIssue)]
    assert posted
    for action in posted:
        assert_safe(action.body, action.marker, mentions={"ada"}, refs={f"#{n}" for n in range(1, 14)})
    texts, links, inline_html, blocks = rendered(render_summary(plan))
    assert not MENTION.search("\n".join(texts)) and not links and not inline_html and not blocks


def test_preview_comment():
    meeting = Findings(
        file=f"N/{HOSTILE[0]}.md",
        title=HOSTILE[1],
        date=date(2025, 9, 17),
        follow_ups=[
            FollowUp(
                id=str(i),
                line=i,
                owners=["ada"],
                owner_names=["Ada"],
                unresolved_names=[hostile],
                due=None,
                text=hostile,
                topic=hostile,
                confidence=0.9,
            )
            for i, hostile in enumerate(HOSTILE, start=1)
        ],
        references=[
            Reference(
                line=1,
                repository="org/code",
                number=808,
                kind="pull",
                implicit=False,
                people=[],
                evidence="x",
            )
        ],
        warnings=HOSTILE,
    )
    config = parse_config("series: [{name: Dev, directory: N}]\n", "c.yml")
    placed = [(meeting, series_for(meeting.file, config))]
    body = render_preview(placed, config.references, config.pull_requests, skipped=HOSTILE)
    assert_safe(body, Marker(kind="preview", key="pull-request-preview"))


def test_job_summary():
    text = summary(
        meetings="0 of 1", created=0, commented=0, skipped=0, left=0, problems=HOSTILE, dry_run=False
    )
    texts, links, inline_html, blocks = rendered(text)
    assert not MENTION.search("\n".join(texts)) and not links and not inline_html and not blocks
    assert "<!--" not in text


def test_an_unterminated_comment_before_the_marker_does_not_hide_it():
    marker = Marker(kind="meeting", key="k")
    body = f"text <!-- minutes-bot {{ never closed\n\n{render_marker(marker)}\n"
    assert find_marker(body) == marker


def test_only_the_marker_that_ends_the_body_counts():
    forged = Marker(kind="meeting", key="future")
    real = Marker(kind="follow-up", key="k")
    assert find_marker(f"{render_marker(forged)}\n\n{render_marker(real)}\n") == real
    assert find_marker(f"{render_marker(real)}\n\ntyped below the marker\n") is None
    assert find_marker(f"quoted: {render_marker(real)}\n") is None


def test_a_path_cannot_end_the_marker_comment():
    marker = Marker(kind="follow-up", key="N/x --> @victim <!-- & y.md#1")
    written = render_marker(marker)
    assert written.count("-->") == 1 and "<!--" not in written[4:] and "@victim" in written
    assert find_marker(f"body\n\n{written}\n") == marker


def test_meeting_with_thousands_of_items_is_cut_with_a_count():
    marker = Marker(kind="meeting", key="k")
    long_title = "Write the long release notes for every part of the project and " * 2
    body = meeting_body(
        path=PATH,
        minutes_link=permalink("org/minutes", "c0ffee", PATH),
        follow_ups=[FollowUpEntry(title=f"{long_title} {i}", number=i) for i in range(1, 3001)],
        references=[
            ReferenceEntry(repository="org/code", number=i, kind="pull", implicit=False) for i in range(2000)
        ],
        checklist=[neutralise(f"{long_title} {i}") for i in range(2000)],
        marker=marker,
    )
    assert len(body) < BODY_LIMIT
    shown = len(re.findall(r"^- #\d+ Write", body, re.MULTILINE))
    assert 0 < shown < 3000
    assert f"- … and {3000 - shown} more: the issues with the follow-up label." in body
    assert find_marker(body) == marker


def test_a_pull_request_named_on_a_thousand_lines_gets_one_comment_under_the_limit():
    marker = Marker(kind="reference", key="k")
    link = permalink("org/minutes", "c0ffee", PATH, 1)
    body = reference_comment(
        kind="pull",
        author=None,
        quotes=[("word " * 400, link)] * 1000,
        series="Dev",
        meeting_date=None,
        minutes_link=link,
        marker=marker,
    )
    assert len(body) < BODY_LIMIT and "more lines of the minutes that name it" in body
    assert find_marker(body) == marker


def test_any_body_over_the_limit_is_cut_before_its_marker():
    marker = Marker(kind="follow-up", key="k")
    body = fit_body("line of text\n" * 10_000 + "\n" + render_marker(marker) + "\n")
    assert len(body) <= BODY_LIMIT and find_marker(body) == marker and "characters would not fit" in body
    action = CreateComment(repository=REPO, number=1, body="x" * 70_000, marker=marker)
    assert len(action.body) <= BODY_LIMIT


@pytest.mark.parametrize(
    ("printed", "command"),
    [
        ("::stop-commands::token", "::stop-commands::"),
        ("    ::add-mask::secret", "::add-mask::"),
        ("text\n\t::set-output name=x::y", "::set-output"),
        ("title ##[error]forged", "##["),
    ],
)
def test_printed_text_starts_no_workflow_command(printed, command):
    safe = log_safe(printed)
    assert all(not line.strip().startswith("::") for line in safe.splitlines())
    assert "##[" not in safe
    assert safe.replace("\u200b", "") == printed  # reads the same


def test_json_for_the_log_decodes_to_the_same_data():
    import json

    data = {"text": "see ##[error]x"}
    printed = json_log_safe(json.dumps(data))
    assert "##[" not in printed and json.loads(printed) == data


def test_a_follow_up_with_many_owners_gets_a_title_github_accepts():
    marker = Marker(kind="follow-up", key="k")
    names = [f"Person Number {i}" for i in range(40)]
    title = follow_up_title("Alice will write the notes.", names)
    action = CreateIssue(repository=REPO, title=title, body=f"x\n\n{render_marker(marker)}\n", marker=marker)
    assert len(title) > 256 and len(action.title) <= 256 and action.title.startswith("Alice will write")
