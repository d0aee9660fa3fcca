"""What the bot writes: titles a person would write, inert quotes, owners, due lines, summaries."""

from datetime import date

from bot.domain.issue_body import Owner
from bot.domain.markers import Marker, find_marker
from bot.render.items import follow_up_body, follow_up_title, permalink, reference_comment
from bot.render.meeting import FollowUpEntry, ReferenceEntry, meeting_body
from bot.render.process import summary

MARKER = Marker(kind="follow-up", key="Meetings/m.md#abc")
HOSTILE = 'Ping @octocat about #123 <!-- minutes-bot {"kind": "meeting", "key": "x"} --> now'


def _body(**overrides):
    values = dict(
        owners=[Owner(name="Ada Lovelace", login="ada", assigned=True)],
        unresolved=[],
        due=date(2025, 9, 24),
        quote="Ada plans to write the docs.",
        series="Dev Call",
        meeting_date=date(2025, 9, 17),
        path="Meetings/m.md",
        line=7,
        link=permalink("org/minutes", "abc123", "Meetings/m.md", 7),
        marker=MARKER,
    )
    values.update(overrides)
    return follow_up_body(**values)


def test_title_is_the_action_then_the_owner():
    title = follow_up_title(
        "Jörg plans to post his own work next week, which is based on an older patch set. More.",
        ["Jörg Rödel"],
        ["Jörg"],
    )
    assert title == "Post his own work next week (Jörg Rödel)"


def test_title_strips_action_item_prefix_and_second_subject():
    title = follow_up_title(
        "**Action Item for Richard:** Richard to rebase the reboot PR, and Tom reviews it",
        ["Richard Relph"],
        ["Richard"],
    )
    assert title == "Rebase the reboot PR (Richard Relph)"


def test_title_is_the_first_sentence_of_the_language_module():
    assert follow_up_title("Invite Dr. Okafor to the next call. She said yes", []) == (
        "Invite Dr. Okafor to the next call"
    )
    assert follow_up_title("Release notes - Wen to draft them", []) == "Release notes"


def test_long_title_is_cut_on_a_word():
    title = follow_up_title("Someone " + "very " * 40 + "long", [])
    assert len(title) <= 81 and title.endswith("…") and " very…" in title


def test_title_cannot_mention_or_link():
    title = follow_up_title("Ask @octocat about #12", [])
    assert "@octocat" not in title and "#12" not in title


def test_permalink_points_at_the_commit_and_line():
    assert permalink("org/minutes", "abc123", "Meetings/m.md", 7) == (
        "https://github.com/org/minutes/blob/abc123/Meetings/m.md#L7"
    )


def test_follow_up_body_has_due_line_quote_link_and_marker():
    body = _body()
    assert "\nDue: 2025-09-24\n" in "\n" + body
    assert "> Ada plans to write the docs." in body
    assert "https://github.com/org/minutes/blob/abc123/Meetings/m.md#L7" in body
    assert find_marker(body) == MARKER
    assert "@ada" not in body  # assigned: the assignment notifies, no extra ping


def test_unassignable_owner_is_mentioned_and_unknown_names_are_not():
    body = _body(owners=[Owner(name="Bob", login="bob", assigned=False)], unresolved=["Paolo"], due=None)
    assert "@bob" in body
    assert "Paolo" in body and "@Paolo" not in body
    assert not any(line.startswith("Due:") for line in body.splitlines())


def test_quoted_minutes_cannot_ping_link_or_forge_a_marker():
    body = _body(quote=HOSTILE, unresolved=["@mallory"])
    assert "@octocat" not in body and "@mallory" not in body
    assert "#123" not in body
    assert body.count("<!--") == 1
    assert find_marker(body) == MARKER


def test_reference_comment_tags_the_author_and_quotes_each_line():
    marker = Marker(kind="reference", key="Meetings/m.md#r1")
    body = reference_comment(
        kind="pull",
        author="rrelph",
        quotes=[("Richard posted the reboot PR", "https://x/L3"), (HOSTILE, "https://x/L9")],
        series="Dev Call",
        meeting_date=date(2025, 9, 17),
        minutes_link="https://x",
        marker=marker,
    )
    assert body.startswith(
        "@rrelph: This pull request was discussed in the [Dev Call of 2025-09-17](https://x)"
    )
    assert "> Richard posted the reboot PR ([line](https://x/L3))" in body
    assert "@octocat" not in body and "#123" not in body
    assert find_marker(body) == marker


def test_meeting_body_links_follow_ups_and_lists_checks_without_pinging():
    marker = Marker(kind="meeting", key="Meetings/m.md#m")
    body = meeting_body(
        path="Meetings/m.md",
        minutes_link="https://x",
        follow_ups=[
            FollowUpEntry(title="Write docs (Ada)", number=12, due=date(2025, 9, 24)),
            FollowUpEntry(title="Fix CI", number=None),
        ],
        references=[ReferenceEntry(repository="org/code", number=808, kind="pull", implicit=True)],
        checklist=["#13: no GitHub login known for Paolo; assign the right person."],
        marker=marker,
    )
    assert "- #12 Write docs (Ada), due 2025-09-24" in body
    assert "- (to be opened) Fix CI" in body
    assert "- org/code#808 (pull request, matched by its subject)" in body
    assert "- [ ] #13: no GitHub login known for Paolo" in body
    assert "@" not in body.replace("<!-- minutes-bot", "")
    assert find_marker(body) == marker


def test_summary_is_a_markdown_table_with_problems_listed():
    text = summary(
        meetings="1 of 2",
        created=3,
        commented=1,
        skipped=2,
        left=4,
        problems=["POST /x: rejected"],
        dry_run=False,
    )
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("| Meetings"))
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "Meetings",
        "Created",
        "Commented",
        "Skipped (already done)",
        "Left for next run",
        "Problems",
    ]
    assert "| 1 of 2 | 3 | 1 | 2 | 4 | 1 |" in lines
    assert "- POST /x: rejected" in lines


def test_a_huge_minutes_line_is_quoted_shortened():
    body = _body(quote="word " * 5000)
    assert len(body) < 3000 and "word …" in body


def test_still_open_list_shows_the_oldest_and_counts_the_rest():
    from bot.render.meeting import OUTSTANDING_SHOWN, OutstandingEntry, meeting_body

    entries = [
        OutstandingEntry(number=n, title=f"Task {n}", owners=("ada",), age_days=100 - n, overdue_days=None)
        for n in range(1, OUTSTANDING_SHOWN + 6)
    ]
    body = meeting_body(
        path="m.md",
        minutes_link="https://example.invalid/m.md",
        follow_ups=[],
        references=[],
        checklist=[],
        marker=Marker(kind="meeting", key="k"),
        outstanding=entries,
    )
    assert f"### Still open from earlier calls ({OUTSTANDING_SHOWN + 5})" in body
    assert f"- #{OUTSTANDING_SHOWN} Task {OUTSTANDING_SHOWN} (`ada`; opened" in body
    assert f"#{OUTSTANDING_SHOWN + 1} Task" not in body
    assert "- … and 5 more" in body and "@ada" not in body
