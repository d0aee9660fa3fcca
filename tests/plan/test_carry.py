from datetime import UTC, date, datetime

from bot.domain.models import Findings, FollowUp, PullRequest, Reference
from bot.extract.done import find_done, reports_done
from bot.parse.minutes import parse_minutes
from bot.plan.carry import OpenFollowUp, find_completions, match_continuations, outstanding
from tests.conftest import follow_up as make_follow_up

OPENED = datetime(2025, 9, 17, 12, tzinfo=UTC)


def issue(number: int, text: str, owners=("joergroedel",), pulls=(), due=None) -> OpenFollowUp:
    return OpenFollowUp(
        repository="o/gov",
        number=number,
        title=text[:40],
        text=text,
        owners=owners,
        meeting_date=date(2025, 9, 17),
        created_at=OPENED,
        due=due,
        pulls=pulls,
    )


def follow_up(text: str, owners=("joergroedel",), line=5) -> FollowUp:
    return make_follow_up(line, text, owners)


def keyed(*follow_ups: FollowUp) -> dict[str, FollowUp]:
    """The follow-ups by marker key, as the planner hands them over."""
    return {f"key-{item.line}": item for item in follow_ups}


PLANES = issue(11, "Jörg plans to post his own planes work based on the older patch set")
USERSPACE = issue(
    12, "Jörg offered to point Luigi to the next steps for user space support", ("joergroedel", "luigix25")
)


def test_restated_commitment_of_same_owner_continues_the_open_issue():
    found = match_continuations(
        keyed(follow_up("Jörg will post the planes patch set next week")), [PLANES, USERSPACE]
    )
    assert [(c.key, c.issue.number) for c in found] == [("key-5", 11)]


def test_same_subject_by_another_owner_is_a_new_follow_up():
    found = match_continuations(
        keyed(follow_up("Peter will post the planes patch set", owners=("peterfang",))), [PLANES]
    )
    assert found == []


def test_no_continuation_without_owner_or_when_two_issues_match_equally():
    twin = issue(13, "Jörg plans to post his own planes work based on the older patch set")
    assert match_continuations(keyed(follow_up("Post the planes patch set", owners=())), [PLANES]) == []
    assert match_continuations(keyed(follow_up("Jörg will post the planes patch set")), [PLANES, twin]) == []


def test_unrelated_commitment_of_same_owner_is_not_a_continuation():
    assert (
        match_continuations(keyed(follow_up("Jörg will review the CI cache configuration")), [PLANES]) == []
    )


def test_done_statements_leave_out_headings_and_quotes():
    minutes = (
        "# Call\n\n## The port has been merged\n\n> The cache was merged.\n\n* The fix has been merged.\n"
    )
    assert [(d.line, d.text) for d in find_done(parse_minutes(minutes, "m.md"))] == [
        (7, "The fix has been merged.")
    ]


def test_reports_done_reads_status_not_plans_or_questions():
    assert reports_done("The policy Pull Request (PR) has been merged.")
    assert reports_done("Jon Lange and Huibo Wang agreed this PR can be closed.")
    assert reports_done("Jörg has posted the planes patch set.")
    assert not reports_done("The PR will be merged if there are no major objections.")
    assert not reports_done("Question was raised whether the VSOCK PR can be merged?")
    assert not reports_done("The policies are expected to be merged early next week.")
    assert not reports_done("The patch has not been merged yet.")


def test_reports_done_reads_each_sentence_of_the_language_module():
    assert reports_done("Sample config is complete - Wen would like to add a second one if time allows")
    assert not reports_done("Dr. Okafor will check whether it is complete.")


MINUTES = """\
# Call (October 1st, 2025)

### Planes

* Jörg has posted the planes patch set based on the older work.

### PRs

* PR 855 can be closed.
* Luigi asked whether the allocator work is done?
"""


def findings_of(meeting, references=()):
    """The findings carry-over reads: the references given, the done statements extraction finds."""
    return Findings(
        file=meeting.file,
        title=meeting.title,
        date=meeting.date,
        references=list(references),
        done=find_done(meeting),
    )


def test_minutes_saying_done_complete_the_matching_issue_with_evidence():
    meeting = parse_minutes(MINUTES, "m.md")
    done = find_completions(findings_of(meeting), [PLANES, USERSPACE], [], OPENED)
    assert [(c.issue.number, c.line, c.source) for c in done] == [(11, 5, "minutes")]
    assert "has posted the planes patch set" in done[0].evidence


def test_pr_named_done_completes_the_follow_up_that_names_that_pr():
    meeting = parse_minutes(MINUTES, "m.md")
    ref = Reference(
        line=9, repository="o/svsm", number=855, kind="pull", implicit=False, people=[], evidence=""
    )
    tracked = issue(
        14, "Huibo to rework the SEV-SNP hypercall interface", ("MelodyHuibo",), pulls=(("o/svsm", 855),)
    )
    done = find_completions(findings_of(meeting, [ref]), [tracked], [], OPENED)
    assert [(c.issue.number, c.line) for c in done] == [(14, 9)]


def test_one_pr_shared_by_two_follow_ups_closes_neither():
    meeting = parse_minutes(MINUTES, "m.md")
    ref = Reference(
        line=9, repository="o/svsm", number=855, kind="pull", implicit=False, people=[], evidence=""
    )
    a = issue(14, "Huibo to rework the interface", ("MelodyHuibo",), pulls=(("o/svsm", 855),))
    b = issue(15, "Jon to review the interface", ("msft-jlange",), pulls=(("o/svsm", 855),))
    assert find_completions(findings_of(meeting, [ref]), [a, b], [], OPENED) == []


def test_merged_pull_request_completes_its_follow_up():
    meeting = parse_minutes("# Call\n\n* Nothing new.\n", "m.md")
    tracked = issue(
        16, "Richard to address review comments on the reboot PR", ("RARelph",), pulls=(("o/svsm", 808),)
    )
    merged = PullRequest(
        repository="o/svsm",
        number=808,
        title="Reboot",
        author="RARelph",
        state="closed",
        created_at=datetime(2025, 9, 15, tzinfo=UTC),
        merged_at=datetime(2025, 10, 20, tzinfo=UTC),
    )
    done = find_completions(findings_of(meeting), [tracked], [merged], datetime(2025, 10, 22, tzinfo=UTC))
    assert [(c.issue.number, c.source) for c in done] == [(16, "pull-merged")]
    assert "o/svsm#808 was merged on 2025-10-20" in done[0].evidence
    before = find_completions(findings_of(meeting), [tracked], [merged], datetime(2025, 10, 1, tzinfo=UTC))
    assert before == []


def test_outstanding_lists_older_open_follow_ups_oldest_first_with_overdue():
    later = issue(17, "Write docs", due=date(2025, 9, 24)).model_copy(
        update={"meeting_date": date(2025, 9, 24)}
    )
    items = outstanding([later, PLANES], date(2025, 10, 1))
    assert [(i.issue.number, i.age_days, i.overdue_days) for i in items] == [(11, 14, None), (17, 7, 7)]
    assert outstanding([PLANES], date(2025, 9, 17)) == []


def test_done_by_someone_else_does_not_complete_a_follow_up_matched_by_subject():
    from bot.domain.config import Person
    from bot.domain.people import Roster

    roster = Roster(
        [Person(name="Jörg Rödel", github="joergroedel"), Person(name="Peter Fang", github="peterfang")]
    )
    minutes = "# Call (October 1st, 2025)\n\n* Peter Fang has posted the planes patch set based on the older work.\n"
    meeting = parse_minutes(minutes, "m.md")
    assert find_completions(findings_of(meeting), [PLANES], [], OPENED, roster) == []
    own = parse_minutes(minutes.replace("Peter Fang", "Jörg Rödel"), "m.md")
    assert [c.issue.number for c in find_completions(findings_of(own), [PLANES], [], OPENED, roster)] == [11]
