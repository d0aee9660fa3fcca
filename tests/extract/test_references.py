"""Explicit references: every written form of a PR or issue, and the look-alikes that are not."""

import pytest

from bot.domain.config import Person
from bot.domain.models import Alternative, Candidate, Findings, PullRequest
from bot.domain.people import Roster
from bot.extract.references import find_references
from bot.parse.minutes import parse_minutes
from bot.render.findings import render_meeting

ROSTER = Roster(
    [
        Person(name="Jörg Rödel", github="joergroedel", aliases=["Joerg Roedel", "Jörg"]),
        Person(name="Roy Hopkins", github="roy-hopkins", aliases=["Roy"]),
    ]
)
SVSM = "coconut-svsm/svsm"


def refs(text, repositories=(SVSM,), pulls=(), roster=ROSTER):
    meeting = parse_minutes(text, "Meetings/devel-call-2025-03-26.md")
    found, _, warnings = find_references(meeting, roster, list(repositories), list(pulls))
    return found, warnings


def keys(text, **kwargs):
    found, _ = refs(text, **kwargs)
    return [(r.repository, r.number) for r in found]


def pull(number, repository=SVSM, author="roy-hopkins"):
    return PullRequest(
        repository=repository,
        number=number,
        title=f"Change {number}",
        author=author,
        state="open",
        created_at="2025-01-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("* See https://github.com/coconut-svsm/svsm/pull/808 for it.", [(SVSM, 808)]),
        ("* Files at https://github.com/coconut-svsm/svsm/pull/808/files here.", [(SVSM, 808)]),
        ("* https://github.com/coconut-svsm/svsm/issues/34#issuecomment-123456 says no.", [(SVSM, 34)]),
        ("* Tracked in nodejs/node#123.", [("nodejs/node", 123)]),
        ("* Tracked in svsm#12.", [(SVSM, 12)]),
        ("* Merged #926 today.", [(SVSM, 926)]),
        ("* Discussion of PR 855.", [(SVSM, 855)]),
        ("* Discussion of PR #237.", [(SVSM, 237)]),
        ("* The TSC discussed PR775.", [(SVSM, 775)]),
        ("* Around `PR1051` it was resolved.", [(SVSM, 1051)]),
        ("* Removal of the stage (PR#171).", [(SVSM, 171)]),
        ("* PRs 920, 922, and 952 have been merged.", [(SVSM, 920), (SVSM, 922), (SVSM, 952)]),
        ("* Stale PRs: PR 719 and 721.", [(SVSM, 719), (SVSM, 721)]),
        ("* Same doc update submitted as PR #794, #795, #800.", [(SVSM, 794), (SVSM, 795), (SVSM, 800)]),
        ("* They plan to close Issue #34.", [(SVSM, 34)]),
        ("* It is tracked as issue 1081.", [(SVSM, 1081)]),
        ("* [Guest Reboot](https://github.com/coconut-svsm/svsm/pull/808) was posted.", [(SVSM, 808)]),
        ("* <https://github.com/nodejs/TSC/issues/1794>", [("nodejs/TSC", 1794)]),
    ],
)
def test_explicit_forms(line, expected):
    assert keys(line + "\n") == expected


@pytest.mark.parametrize(
    "line",
    [
        "* Use `#[derive(Debug)]` and `#![feature(asm)]` there.",
        "* The colours #fff and #a1b2c3 clash, and so does #000000.",
        "* Commit 3f2a1bc fixed it; see https://github.com/coconut-svsm/svsm/commit/3f2a1bc",
        "* Mail: https://lore.kernel.org/all/20240101#12 and https://lists.example.org/g/tac/topic/1#1110",
        "* C# is not a reference, nor is agenda item #3 or meeting #12.",
        "* Browse https://github.com/coconut-svsm/svsm/issues for more.",
        "* Three steps:\n\n1. build\n2. test",
        "* We saw this issue 2 weeks ago.",
    ],
)
def test_look_alikes_are_not_references(line):
    assert keys(line + "\n") == []


def test_heading_markers_are_not_references():
    assert keys("# 2024 review\n\n## 3 topics\n\n### Item #2\n") == []


def test_code_blocks_are_not_mined():
    assert keys("Intro\n\n```\nsee #12 and PR 13\n```\n") == []


def test_heading_mention_is_the_first_line_and_each_reference_appears_once():
    found, _ = refs("# Call\n\n### PR 528 status\n\n* Talked about PR 528 again.\n* And #528.\n")
    assert [(r.number, r.line, r.kind) for r in found] == [(528, 3, "pull")]


def test_link_text_number_belongs_to_the_link_target():
    found = keys("* Prototype [#44](https://github.com/WebAssembly/gc/issues/44) discussed.\n")
    assert found == [("WebAssembly/gc", 44)]


def test_repository_named_in_a_heading_owns_the_bare_numbers_below_it():
    text = "# TSC\n\n### nodejs/node\n\n* Fix it #123\n\n### nodejs/build\n\n* Access #45\n"
    assert keys(text, repositories=()) == [("nodejs/node", 123), ("nodejs/build", 45)]


def test_bare_number_without_any_repository_is_skipped_with_a_warning():
    found, warnings = refs("* Please look at #12.\n", repositories=())
    assert found == []
    assert len(warnings) == 1
    assert "line 1" in warnings[0] and "#12" in warnings[0]


def test_number_named_again_without_repository_is_the_linked_one():
    text = "* [TAC Issue 175](https://github.com/ossf/tac/issues/175)\n* Decide on Issue 175 today?\n"
    found, warnings = refs(text, repositories=())
    assert [(r.repository, r.number, r.line) for r in found] == [("ossf/tac", 175, 1)]
    assert warnings == []


def test_bare_numbers_use_the_first_configured_repository():
    assert keys("* See #7.\n", repositories=("acme/one", "acme/two")) == [("acme/one", 7)]


def test_short_form_resolves_through_the_configured_repositories():
    assert keys("* See two#7.\n", repositories=("acme/one", "acme/two")) == [("acme/two", 7)]


def test_short_form_of_an_unknown_repository_is_a_warning():
    found, warnings = refs("* See rust#85305.\n")
    assert found == []
    assert "rust" in warnings[0]


def test_repository_spelling_follows_the_config_then_the_capitalised_form():
    text = "* https://github.com/nodejs/TSC/issues/1 and https://github.com/nodejs/tsc/issues/2\n"
    assert keys(text, repositories=()) == [("nodejs/TSC", 1), ("nodejs/TSC", 2)]
    text = "* https://github.com/Coconut-SVSM/SVSM/pull/3\n"
    assert keys(text) == [(SVSM, 3)]


def test_kind_comes_from_the_form_or_the_pull_request_list():
    found, _ = refs("* Issue #3 and PR 4. Then #5. Then #6.\n", pulls=[pull(6)])
    assert {r.number: r.kind for r in found} == {3: "issue", 4: "pull", 5: "unknown", 6: "pull"}


def test_people_are_the_author_and_roster_people_named_with_it():
    found, _ = refs("* Jörg asked about PR #237 and @octocat agreed.\n", pulls=[pull(237)])
    assert found[0].people == ["roy-hopkins", "joergroedel", "octocat"]
    assert found[0].implicit is False


def test_bare_numbers_use_the_pull_request_list_repository_when_none_is_configured():
    assert keys("* See #7.\n", repositories=(), pulls=[pull(1)]) == [(SVSM, 7)]


def test_evidence_is_the_sentence_of_the_mention():
    found, _ = refs("* We met. Roy Hopkins' PR #237 documents it. Then lunch.\n")
    assert found[0].evidence == "Roy Hopkins' PR #237 documents it."


# --- explicit forms: number lists, RFCs, the repository linked last, table columns ----------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("* The crashes were traced as 1203, 1207, and 1219.", [(SVSM, 1203), (SVSM, 1207), (SVSM, 1219)]),
        ("* Open ones, see 310 and 312.", [(SVSM, 310), (SVSM, 312)]),
        ("* The votes were 12, 15 and 20.", []),
        ("* We looked at the years such as 2023, 2024 and 2025.", []),
        ("* Steps were numbered as 1, 2 and 3.", []),
        ("* Tracking Issue for RFC #2972 was mentioned.", []),
        ("* RFC #1201 and RFC 1202 describe the format.", []),
        ("* PEP #594 removes dead batteries.", []),
    ],
)
def test_number_lists_and_rfcs(line, expected):
    assert keys(f"# Call\n\n{line}\n") == expected


def test_a_bare_number_goes_to_the_repository_linked_just_before():
    text = (
        "# Call\n\n"
        "* The proposal is in https://github.com/ossf/tac/issues/9 now.\n"
        "* It was mentioned in issue #9 and again in #14.\n"
        "* Separately PR 855 landed.\n"
    )
    assert keys(text) == [("ossf/tac", 9), ("ossf/tac", 14), ("ossf/tac", 855)]
    assert keys("# Call\n\n* It was mentioned in issue #9.\n") == [(SVSM, 9)]


def test_a_heading_naming_a_repository_wins_over_the_last_link():
    text = (
        "# Call\n\n## coconut-svsm/svsm\n\n"
        "* See https://github.com/ossf/tac/issues/3 for context.\n"
        "* Merged #926.\n"
    )
    assert keys(text, repositories=(SVSM,)) == [("ossf/tac", 3), (SVSM, 926)]


def test_a_table_column_of_issue_numbers_gives_one_reference_per_row():
    text = (
        "# Call\n\n"
        "| Issue | Topic | Votes |\n"
        "| --- | --- | --- |\n"
        "| 1062 | Page tables | 3 |\n"
        "| 1088 | Allocator | 12 |\n"
        "| #1100 | Paging crate | 1 |\n"
    )
    found, _ = refs(text)
    assert [(r.repository, r.number, r.kind) for r in found] == [
        (SVSM, 1062, "issue"),
        (SVSM, 1088, "issue"),
        (SVSM, 1100, "unknown"),
    ]


def test_a_number_in_a_column_not_about_issues_is_not_a_reference():
    text = "# Call\n\n| Topic | Votes |\n| --- | --- |\n| Paging | 12 |\n"
    assert keys(text) == []


# --- agenda items the call did not discuss ------------------------------------------------------


def discussed(text):
    found, _ = refs(text)
    return {r.number: r.discussed for r in found}


def test_agenda_items_marked_not_discussed_are_kept_but_not_discussed():
    text = (
        "# Call\n\n## Agenda\n\n"
        "* Release script PR #11\n"
        "  * Roy demoed it; everyone will try it.\n"
        "* Flaky test triage #12\n"
        "  * not discussed\n"
        "* Docs overhaul #13 (skipped)\n"
        "* Website #14 - deferred to the next meeting\n"
        "* Security policy #16\n"
        "  * No update this week.\n"
        "* Carried over: #17 needs an owner\n"
    )
    assert discussed(text) == {11: True, 12: False, 13: False, 14: False, 16: False, 17: False}


def test_a_list_under_a_not_discussed_item_or_heading_is_not_discussed():
    text = (
        "# Call\n\n"
        "* Not discussed:\n"
        "  * #21 Logging\n"
        "  * #22 Metrics\n"
        "\n## Strategic work\n\n"
        "* skipped as we ran out of time\n"
        "* #23 Roadmap\n"
        "\n## Next\n\n"
        "* #24 was reviewed by Roy.\n"
    )
    assert discussed(text) == {21: False, 22: False, 23: False, 24: True}


@pytest.mark.parametrize(
    "line",
    [
        "* Skipped tests in #31 are flaky, Roy will fix them.",
        "* The deferred free path in #31 leaks.",
        "* #31: next time we should ask earlier.",
    ],
)
def test_the_words_alone_do_not_make_an_item_undiscussed(line):
    assert discussed(f"# Call\n\n{line}\n") == {31: True}


def test_a_line_that_only_lists_links_is_not_discussion():
    text = (
        "# Call\n\n"
        "* Labels: [tsc-agenda](https://github.com/coconut-svsm/svsm/labels/x), "
        "[#41](https://github.com/coconut-svsm/svsm/pull/41)\n"
        "* https://github.com/coconut-svsm/svsm/pull/42\n"
        "* [#43](https://github.com/coconut-svsm/svsm/pull/43) was merged after review.\n"
    )
    assert discussed(text) == {41: False, 42: False, 43: True}


def test_a_reference_discussed_anywhere_in_the_file_is_discussed():
    text = "# Call\n\n* Docs #51 (skipped)\n\n## Later\n\n* Roy asked about #51 again.\n"
    assert discussed(text) == {51: True}


def test_the_text_findings_list_candidates_apart_from_references():
    candidate = Candidate(
        line=7,
        repository=SVSM,
        number=930,
        kind="pull",
        implicit=True,
        people=[],
        evidence="Carlos posted a patch",
        alternatives=[Alternative(repository=SVSM, number=931)],
        why="Carlos may be any of 2 PR authors",
    )
    text = render_meeting(Findings(file="m.md", title="Call", date=None, candidates=[candidate]))
    references, checks = text.split("## Please check", 1)
    assert "#930" not in references
    assert (
        "line 7: coconut-svsm/svsm#930 or coconut-svsm/svsm#931: Carlos may be any of 2 PR authors" in checks
    )


def test_a_link_only_agenda_item_with_notes_under_it_was_discussed():
    text = (
        "# Call\n\n"
        "* [#61](https://github.com/coconut-svsm/svsm/pull/61)\n"
        "  * Roy walked through the design and Jörg will review it.\n"
        "* [#62](https://github.com/coconut-svsm/svsm/pull/62)\n"
        "  * not discussed\n"
    )
    assert discussed(text) == {61: True, 62: False}


def test_a_linked_number_in_a_table_row_is_discussed_with_its_row():
    text = (
        "# Call\n\n| PR | Status |\n| --- | --- |\n"
        "| [#71](https://github.com/coconut-svsm/svsm/pull/71) | merged after review |\n"
    )
    assert discussed(text) == {71: True}


def test_a_link_under_another_heading_does_not_move_a_bare_number():
    text = (
        "# Call\n\n## Other projects\n\n"
        "* See https://github.com/ossf/tac/issues/9 for their plan.\n"
        "\n## Ours\n\n* It was mentioned in issue #9.\n"
    )
    assert keys(text) == [("ossf/tac", 9), (SVSM, 9)]
