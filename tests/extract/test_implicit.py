"""PRs named only by subject: who, which PR was open then, and when to refuse to guess."""

from datetime import date

import pytest

from bot.domain.config import Person
from bot.domain.models import Findings, PullRequest
from bot.domain.people import Roster
from bot.extract.implicit import NAMED, PullIndex, Ranked, choose, terms
from bot.extract.references import find_references
from bot.parse.minutes import parse_minutes
from bot.render.annotations import findings_annotations

SVSM = "coconut-svsm/svsm"
ROSTER = Roster(
    [
        Person(name="Jörg Rödel", github="joergroedel", aliases=["Joerg Roedel", "Jörg"]),
        Person(name="Richard Relph", github="RARelph", aliases=["Richard"]),
        Person(name="Stefano Garzarella", github="stefano-garzarella", aliases=["Stefano"]),
        Person(name="Vijay Dhanraj", github="vijaydhanraj", aliases=["Vijay"]),
    ]
)
FILLER = [
    ("joergroedel", "Add support for user-mode tasks", "user-tasks"),
    ("joergroedel", "Fix build with newer toolchain", "fix-build"),
    ("stefano-garzarella", "Update TPM reference implementation", "tpm-update"),
    ("stefano-garzarella", "docs: fix typos", "typos"),
    ("vijaydhanraj", "Add initial device model", "userdm"),
    ("someone", "kernel: add memory allocator tests", "alloc-tests"),
    ("someone", "Add attestation driver and proxy", "attest"),
    ("someone", "cpu: fix interrupt state tracking", "irq"),
    ("RARelph", "docs: clarify the core protocol version", "docs-protocol"),
]
# The rest of a project's PR list: what makes a word like "fix" common and "reboot" rare.
AREAS = ["kernel", "cpu", "mm", "docs", "tests", "ci", "igvm", "platform", "stage2", "scripts"]
CHANGES = ["fix", "add", "update", "remove", "refactor", "clean up", "document", "rework"]
THINGS = ["page tables", "logging", "the build", "panic handling", "percpu data", "config parsing"]
BACKGROUND = [
    ("someone", f"{area}: {change} {thing}", None)
    for area in AREAS
    for change, thing in zip(CHANGES, THINGS[AREAS.index(area) % 3 :], strict=False)
]


def pr(number, author, title, branch=None, created="2025-09-01", merged=None, closed=None):
    return PullRequest(
        repository=SVSM,
        number=number,
        title=title,
        author=author,
        state="closed" if merged or closed else "open",
        created_at=f"{created}T10:00:00Z",
        merged_at=f"{merged}T10:00:00Z" if merged else None,
        closed_at=f"{closed or merged}T10:00:00Z" if closed or merged else None,
        head_ref=branch,
    )


def pulls(*extra):
    listed = [*BACKGROUND, *FILLER]
    return [*(pr(400 + i, author, title, branch) for i, (author, title, branch) in enumerate(listed)), *extra]


REBOOT = pr(808, "RARelph", "SVSM Reset/Reboot guest", "reboot")

SEED = """\
# SVSM Development Call (September 17th, 2025)

### Reboot Code Pull Request

* Richard Relph announced he has posted his reboot code for review.
* He asked for gentle feedback.
"""


def resolve(text, pull_list, roster=ROSTER, when="2025-09-17"):
    minutes = text if text.startswith("#") else f"# Call ({when})\n\n### Topic\n\n{text}"
    meeting = parse_minutes(minutes, f"Meetings/devel-call-{when}.md")
    found, _, warnings = find_references(meeting, roster, [SVSM], pull_list)
    return found, warnings


def unsure(text, pull_list, roster=ROSTER, when="2025-09-17"):
    """The candidates: PRs named by subject that the bot will not comment on."""
    minutes = text if text.startswith("#") else f"# Call ({when})\n\n### Topic\n\n{text}"
    meeting = parse_minutes(minutes, f"Meetings/devel-call-{when}.md")
    return find_references(meeting, roster, [SVSM], pull_list)[1]


def implicit(found):
    return [(r.number, r.line) for r in found if r.implicit]


def test_posted_code_for_review_resolves_to_the_authors_open_pr_at_the_heading():
    found, warnings = resolve(SEED, pulls(REBOOT))
    assert implicit(found) == [(808, 3)]  # "### Reboot Code Pull Request" is the first mention
    assert found[0].people == ["RARelph"]
    assert found[0].kind == "pull"
    assert "posted his reboot code for review" in found[0].evidence
    assert warnings == []


def test_without_a_heading_about_it_the_reference_is_the_sentence_line():
    found, _ = resolve("* Richard Relph announced he has posted his reboot code for review.\n", pulls(REBOOT))
    assert implicit(found) == [(808, 5)]


def test_possessive_owner_and_subject():
    found, _ = resolve("* The TSC discussed Richard's reboot PR at length.\n", pulls(REBOOT))
    assert implicit(found) == [(808, 5)]


def test_opened_prs_with_the_owner_as_subject():
    tpm = pr(830, "stefano-garzarella", "libtcgtpm: bump TPM reference implementation to 1.83", "tpm-183")
    text = "* Stefano Garzarella opened a couple of PRs to update the TPM code to 1.83.\n"
    found, _ = resolve(text, pulls(tpm))
    assert implicit(found) == [(830, 5)]


@pytest.mark.parametrize(
    ("change", "resolved"),
    [
        ({"merged": "2025-09-10"}, False),  # merged before the meeting: not a candidate
        ({"closed": "2025-09-16"}, False),
        ({"merged": "2025-09-17"}, True),  # the meeting day itself still counts
        ({"created": "2025-09-17"}, True),
        ({"created": "2025-09-20"}, False),  # opened after the meeting
    ],
)
def test_only_prs_open_at_the_meeting_date_are_candidates(change, resolved):
    reboot = pr(808, "RARelph", "SVSM Reset/Reboot guest", "reboot", **change)
    found, _ = resolve(SEED, pulls(reboot))
    assert implicit(found) == ([(808, 3)] if resolved else [])


def test_two_similar_prs_resolve_to_none_and_become_one_candidate_with_both():
    other = pr(812, "RARelph", "Reboot: reset guest state", "reboot-v2")
    text = "* The TSC discussed Richard's reboot PR.\n"
    found, _ = resolve(text, pulls(REBOOT, other))
    assert implicit(found) == []
    [candidate] = unsure(text, pulls(REBOOT, other))
    assert candidate.line == 5
    assert {candidate.number, *(a.number for a in candidate.alternatives)} == {808, 812}


@pytest.mark.parametrize(
    "line",
    [
        "* Dionna clarified her work in relation to Geoffrey's attestation PR.",
        "* Geoffrey Ndu opened a PR for vTPM service attestation.",
    ],
)
def test_owner_not_in_the_roster_resolves_nothing_and_warns(line):
    attest = pr(541, "hpe-security-lab", "vTPM service attestation", "vtpm-attest")
    found, warnings = resolve(line + "\n", pulls(attest))
    assert implicit(found) == []
    assert len(warnings) == 1
    assert "Geoffrey" in warnings[0] and "not in the roster" in warnings[0]


def test_a_possessive_that_owns_something_else_is_not_the_owner():
    found, _ = resolve("* Richard addressed Jörg's feedback on the reboot PR.\n", pulls(REBOOT))
    assert implicit(found) == [(808, 5)]
    assert found[0].people == ["RARelph", "joergroedel"]


def test_a_capitalised_word_before_a_possessive_is_not_an_owner():
    found, warnings = resolve("* Last week's reboot PR from Richard got reviews.\n", pulls(REBOOT))
    assert implicit(found) == [(808, 5)]
    assert warnings == []


def test_a_far_better_match_by_someone_not_named_is_only_a_candidate():
    launch = pr(
        392,
        "stefano-garzarella",
        "Add test to check the pre-calculated launch measurement",
        "launch-measurement",
    )
    text = "* Jörg asked about the launch measurement test PR.\n"
    found, _ = resolve(text, pulls(launch))
    assert implicit(found) == []  # its author is not named: no comment tagging Stefano
    [candidate] = unsure(text, pulls(launch))
    assert (candidate.number, candidate.line) == (392, 5)
    assert candidate.people == ["stefano-garzarella", "joergroedel"]
    assert "not named" in candidate.why


def test_a_weak_match_is_not_a_resolution():
    found, warnings = resolve("* Richard mentioned the PR needs a rebase.\n", pulls(REBOOT))
    assert implicit(found) == []
    assert warnings == []


@pytest.mark.parametrize(
    "line",
    [
        "* Richard will post his reboot patches next week.",  # not written yet
        "* The TSC reviewed open PRs about reboot and Richard agreed.",  # which ones?
        "* Richard asked who may change pull request labels for reboot work.",  # a practice, not a PR
        "* Richard said the reboot design needs more thought.",  # not about code under review
        "* Richard reviewed the TCG's reboot patch.",  # an organisation's, not a project PR
    ],
)
def test_sentences_that_do_not_name_one_open_pr(line):
    found, _ = resolve(line + "\n", pulls(REBOOT))
    assert implicit(found) == []


def test_the_pr_under_a_heading_that_names_one_is_that_one():
    text = "# Call (2025-09-17)\n\n### PR 450\n\n* Richard asked about the reboot PR.\n"
    found, _ = resolve(text, pulls(REBOOT))
    assert [(r.number, r.implicit) for r in found] == [(450, False)]


def test_heading_about_a_pr_resolves_through_the_people_below_it():
    text = (
        "# Call (2025-09-17)\n\n### Device Model PR\n\n"
        "* Jörg provided feedback, suggesting a prefix for user components.\n"
        "* Vijay acknowledged the feedback.\n"
    )
    found, _ = resolve(text, pulls())
    assert implicit(found) == [(404 + len(BACKGROUND), 3)]
    assert found[0].people == ["vijaydhanraj"]


def test_without_a_pull_request_list_nothing_is_resolved_by_subject():
    found, warnings = resolve(SEED, [])
    assert found == []
    assert warnings == []


def test_created_at_out_of_line_with_the_neighbours_is_corrected():
    # Exported lists sometimes carry a commit date: #15 claims November but sits among March PRs.
    neighbours = [pr(n, "someone", f"Filler {n}", created="2025-03-10") for n in range(10, 21) if n != 15]
    early = pr(15, "RARelph", "SVSM Reset/Reboot guest", "reboot", created="2024-11-01")
    index = PullIndex([*neighbours, early])
    assert index.opened(early) == date(2025, 3, 10)
    found, _ = resolve(SEED.replace("September 17th, 2025", "December 11th, 2024"), [*neighbours, early])
    assert implicit(found) == []


def test_terms_split_names_and_keep_versions():
    assert terms("VirtioBlkDriver for vTPM") == ["virtio", "blk", "driver", "vtpm"]
    assert terms("Bump rust to 1.86.0 on rust-version-1_86") == ["bump", "rust", "1.86", "rust", "1.86"]
    assert terms("Merging the drivers") == ["driver"]


def test_choose_needs_evidence_and_a_clear_lead():
    a, b = (pr(n, "x", "t") for n in (1, 2))
    assert choose([Ranked(a, 9.0, frozenset()), Ranked(b, 2.0, frozenset())], NAMED).pull == a
    close = choose([Ranked(a, 9.0, frozenset()), Ranked(b, 8.0, frozenset())], NAMED)
    assert close.pull is None and [r.pull for r in close.contenders] == [a, b]
    assert choose([Ranked(a, NAMED.minimum / 2, frozenset())], NAMED).pull is None


# --- sure or only a candidate -------------------------------------------------------------------

CARLOS_ROSTER = Roster(
    [
        Person(name="Carlos Lopez", github="carlos-l", aliases=[]),
        Person(name="Carlos Bilbao", github="carlos-b", aliases=[]),
        Person(name="Stefano Garzarella", github="stefano-garzarella", aliases=["Stefano"]),
    ]
)
SERIAL = pr(930, "carlos-l", "serial: fix console output on early boot", "serial-early")
OLD_PATCH = pr(
    132, "carlos-b", "github/workflows: add CI test for documentation", "ci-docs", created="2023-10-16"
)


def test_a_first_name_shared_in_the_roster_never_picks_a_pr():
    text = "* Carlos said he prepared a small patch for the serial console.\n"
    found, _ = resolve(text, pulls(SERIAL, OLD_PATCH), roster=CARLOS_ROSTER)
    assert implicit(found) == []
    [candidate] = unsure(text, pulls(SERIAL, OLD_PATCH), roster=CARLOS_ROSTER)
    assert candidate.number == 930 and "Carlos" in candidate.why


def test_the_full_name_picks_the_pr():
    text = "* Carlos Lopez said he prepared a small patch for the serial console.\n"
    found, _ = resolve(text, pulls(SERIAL, OLD_PATCH), roster=CARLOS_ROSTER)
    assert implicit(found) == [(930, 5)]


def with_author_name(pull, name):
    return pull.model_copy(update={"author_name": name})


def test_a_first_name_shared_among_pr_authors_is_only_a_candidate():
    """The roster knows one Carlos by full name only; the PR list has two authors called Carlos."""
    roster = Roster([Person(name="Carlos Lopez", github="carlos-l", aliases=[])])
    listed = pulls(
        with_author_name(SERIAL, "Carlos Lopez"),
        with_author_name(pr(931, "carlos-b", "ci: cache the toolchain", "ci-cache"), "Carlos Bilbao"),
    )
    text = "* Carlos posted a patch for the serial console.\n"
    found, _ = resolve(text, listed, roster=roster)
    assert implicit(found) == []
    [candidate] = unsure(text, listed, roster=roster)
    assert candidate.number == 930 and "PR authors" in candidate.why


def test_a_first_name_the_roster_lists_as_an_alias_is_trusted():
    roster = Roster([Person(name="Carlos Lopez", github="carlos-l", aliases=["Carlos"])])
    listed = pulls(
        with_author_name(SERIAL, "Carlos Lopez"),
        with_author_name(pr(931, "carlos-b", "ci: cache the toolchain", "ci-cache"), "Carlos Bilbao"),
    )
    found, _ = resolve("* Carlos posted a patch for the serial console.\n", listed, roster=roster)
    assert implicit(found) == [(930, 5)]


def test_a_pr_opened_years_before_the_call_is_only_a_candidate():
    old = pr(131, "RARelph", "SVSM Reset/Reboot guest", "reboot", created="2023-06-01")
    text = "* Richard Relph announced he has posted his reboot code for review.\n"
    found, _ = resolve(text, pulls(old))
    assert implicit(found) == []
    [candidate] = unsure(text, pulls(old))
    assert candidate.number == 131 and "days before the call" in candidate.why


def test_a_pr_named_only_by_the_topic_heading_is_only_a_candidate():
    text = (
        "# Call (2025-09-17)\n\n### Reboot\n\n* Richard said the PR is open and Jörg agreed to look at it.\n"
    )
    found, _ = resolve(text, pulls(REBOOT))
    assert implicit(found) == []
    [candidate] = unsure(text, pulls(REBOOT))
    assert candidate.number == 808 and "heading" in candidate.why


def test_a_candidate_is_annotated_on_its_line():
    text = "* Carlos said he prepared a small patch for the serial console.\n"
    candidates = unsure(text, pulls(SERIAL, OLD_PATCH), roster=CARLOS_ROSTER)
    findings = Findings(file="m.md", title=None, date=None, candidates=candidates)
    [annotation] = findings_annotations(findings)
    assert annotation.line == 5 and "coconut-svsm/svsm#930" in annotation.message
    assert "not commented on" in annotation.message


def test_pr_authors_are_found_by_any_spelling_of_their_first_name():
    authored = pr(900, "hmueller", "Add a watchdog driver").model_copy(update={"author_name": "Hanna Müller"})
    index = PullIndex([authored])
    assert index.authors_called("Hanna") == {"hmueller"}
    assert index.authors_called("hanna") == {"hmueller"}
    other = pr(901, "jbauer", "Fix logging").model_copy(update={"author_name": "Jürgen Bauer"})
    assert PullIndex([other]).authors_called("Juergen") == {"jbauer"}
    assert PullIndex([other]).authors_called("Jurgen") == {"jbauer"}
