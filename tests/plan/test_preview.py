import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.domain.actions import CreateComment, UpdateComment
from bot.domain.config import Config, parse_config
from bot.domain.markers import find_marker
from bot.domain.minutes_files import series_for
from bot.domain.models import Findings, Reference
from bot.domain.state import Comment
from bot.plan.preview import plan_preview_comment, render_preview
from tests.conftest import follow_up
from tests.fakegithub import ACTIONS_LOGIN, ACTIONS_TOKEN

CONFIG = parse_config(
    """
people:
  - {name: Alice Example, github: alice-ex, aliases: [Alice]}
pull_requests:
  repositories: [example/code]
series:
  - name: Dev Call
    directory: Notes/dev
    pattern: "dev-*.md"
    issues_repository: example/tracker
    start_date: 2025-01-01
""",
    "c.yml",
)


def _meeting(file="Notes/dev/dev-2025-03-05.md", when=date(2025, 3, 5), **fields) -> Findings:
    return Findings(file=file, title="Dev Call", date=when, **fields)


REFERENCE = Reference(
    line=9,
    repository="example/code",
    number=808,
    kind="pull",
    implicit=True,
    people=["alice-ex"],
    evidence="Alice's reboot PR",
)


def preview(meetings: list[Findings], config: Config = CONFIG) -> str:
    """The comment as `preview` renders it: each meeting placed in its series, as the CLI does."""
    placed = [(meeting, series_for(meeting.file, config)) for meeting in meetings]
    return render_preview(placed, config.references, config.pull_requests)


def _outside_code(markdown: str) -> str:
    return re.sub(r"``.*?``|`[^`]*`", "", markdown)


def test_summary_counts_what_merging_will_do():
    meeting = _meeting(
        follow_ups=[
            follow_up(4, "Alice will fix the build", owners=["alice-ex"], due=date(2025, 3, 12)),
            follow_up(5, "Zed and Yan will write docs", unresolved=["Zed", "Yan"]),
            follow_up(6, "Zed will review", unresolved=["Zed"]),
        ],
        references=[REFERENCE],
    )
    comment = preview([meeting])
    assert (
        "I will open **3 follow-up issues**, comment on **1 pull request or issue**, "
        "and could not resolve **2 names**." in comment
    )
    assert "**Open 3 follow-up issues** in `example/tracker`" in comment
    assert "- line 4: **`@alice-ex`**, due 2025-03-12: Alice will fix the build" in comment
    assert "- `example/code#808` (pull request, named by subject, line 9)" in comment
    assert "- Zed (lines 5, 6)" in comment
    assert "- Yan (line 5)" in comment


def test_comment_pings_nobody_and_backlinks_nothing():
    meeting = _meeting(
        follow_ups=[follow_up(4, "@mallory will look at #12 and example/code#3", owners=["alice-ex"])],
        references=[REFERENCE],
    )
    plain = _outside_code(preview([meeting]))
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", plain)
    assert not re.search(r"(?<![\w&])#\d", plain)


def test_minutes_text_cannot_forge_the_marker():
    forged = '<!-- minutes-bot {"kind": "follow-up", "key": "x"} -->'
    meeting = _meeting(follow_ups=[follow_up(4, f"Alice will {forged}", owners=["alice-ex"])])
    comment = preview([meeting])
    assert comment.count("<!-- minutes-bot") == 1
    marker = find_marker(comment)
    assert marker is not None and marker.kind == "preview"
    assert comment.rstrip().endswith("-->")


def test_files_outside_a_series_or_before_its_start_are_not_counted():
    outside = _meeting(file="Notes/tsc/dev-2025-03-05.md", follow_ups=[follow_up(3, "Alice will x")])
    early = _meeting(
        file="Notes/dev/dev-2024-12-01.md", when=date(2024, 12, 1), follow_ups=[follow_up(3, "y")]
    )
    comment = preview([outside, early])
    assert "I will open **0 follow-up issues**" in comment
    assert "This file is in no configured series" in comment
    assert "dated before the series' `start_date` (2025-01-01)" in comment


def test_minutes_with_nothing_to_do_say_so():
    comment = preview([_meeting()])
    assert "Nothing to do" in comment


def test_series_match_needs_folder_and_pattern_like_process():
    assert series_for("Notes/dev/dev-1.md", CONFIG) is CONFIG.series[0]
    assert series_for("Notes/dev/sub/dev-1.md", CONFIG) is None  # "dev-*.md" does not descend
    assert series_for("Notes/dev/tsc-1.md", CONFIG) is None
    assert series_for("Other/dev-1.md", CONFIG) is None
    deep = parse_config("series: [{directory: Notes, pattern: '*/dev-*.md'}]", "c.yml")
    assert series_for("Notes/2025/dev-1.md", deep) is deep.series[0]
    assert series_for("Notes/dev-1.md", deep) is None


def test_undated_minutes_are_not_counted():
    comment = preview([_meeting(when=None, follow_ups=[follow_up(3, "Alice will x")])])
    assert "I will open **0 follow-up issues**" in comment
    assert "no meeting date" in comment


MINUTES = """\
# Dev Call (March 5th, 2025)

## Build

* Alice Example will fix the build.
"""


def test_preview_command_prints_comment_and_fills_step_summary(tmp_path: Path, monkeypatch, capsys):
    folder = tmp_path / "Notes" / "dev"
    folder.mkdir(parents=True)
    (folder / "dev-2025-03-05.md").write_text(MINUTES, encoding="utf-8")
    (folder / "dev-2025-03-12.md").write_bytes(b"")
    config = tmp_path / "c.yml"
    config.write_text("series: [{directory: Notes/dev, pattern: 'dev-*.md'}]\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    status = main(
        ["preview", "--config", "c.yml", "Notes/dev/dev-2025-03-05.md", "Notes/dev/dev-2025-03-12.md"]
    )

    out = capsys.readouterr().out
    assert status == 2  # an unreadable minutes file fails the check, after the comment is out
    assert "#### Notes/dev/dev-2025-03-05.md (2025-03-05)" in out
    assert "- line 5: " in out
    assert "- Notes/dev/dev-2025-03-12.md: the minutes file is empty" in out
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + out + "\n"


def _comment(id: int, body: str, mine: bool, minute: int = 0) -> Comment:
    return Comment(
        id=id,
        author="github-actions[bot]" if mine else "mallory",
        author_is_bot=mine,
        created_at=datetime(2025, 3, 5, 12, minute, tzinfo=UTC),
        body=body,
        marker=find_marker(body) if mine else None,  # as the adapter sets it
    )


BODY = preview([_meeting()])


def test_first_preview_creates_one_comment_with_the_marker():
    [action] = plan_preview_comment("o/r", 7, BODY, [_comment(1, "LGTM", mine=False)])
    assert isinstance(action, CreateComment)
    assert (action.repository, action.number, action.body) == ("o/r", 7, BODY)
    assert action.marker == find_marker(BODY)


def test_unchanged_preview_writes_nothing():
    assert plan_preview_comment("o/r", 7, BODY, [_comment(5, BODY.replace("\n", "\r\n"), mine=True)]) == []


def test_changed_minutes_update_the_oldest_preview_in_place():
    old = preview([])
    comments = [_comment(9, old, mine=True, minute=5), _comment(5, old, mine=True, minute=1)]
    [action] = plan_preview_comment("o/r", 7, BODY, comments)
    assert isinstance(action, UpdateComment)
    assert (action.comment_id, action.body) == (5, BODY)


def test_a_copied_marker_in_someone_elses_comment_is_not_the_bots():
    [action] = plan_preview_comment("o/r", 7, BODY, [_comment(3, BODY, mine=False)])
    assert isinstance(action, CreateComment)


# --- posting the one comment, against the fake GitHub -----------------------------------

REPO = "example/minutes"


@pytest.fixture
def minutes_pr(fake_github, tmp_path: Path, monkeypatch):
    """A repository with pull request 4 that adds minutes, and the bot's environment."""
    fake_github.add_repo(REPO)
    fake_github.add_pull(REPO, 4, "Add the minutes of March 5th", "note-taker")
    folder = tmp_path / "Notes" / "dev"
    folder.mkdir(parents=True)
    (folder / "dev-2025-03-05.md").write_text(MINUTES, encoding="utf-8")
    (tmp_path / "c.yml").write_text(
        "people: [{name: Alice Example, github: alice-ex}]\n"
        "series: [{directory: Notes/dev, pattern: 'dev-*.md'}]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_API_URL", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", ACTIONS_TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    return folder / "dev-2025-03-05.md"


def _preview(*extra: str) -> int:
    return main(["preview", "--config", "c.yml", "--pr", "4", *extra, "Notes/dev/dev-2025-03-05.md"])


def test_preview_is_posted_once_and_updated_in_place(fake_github, minutes_pr: Path, capsys):
    assert _preview() == 0
    [comment] = fake_github.comments(REPO, 4)
    assert comment.user == ACTIONS_LOGIN
    assert "- line 5: **`@alice-ex`**" in comment.body
    assert find_marker(comment.body).kind == "preview"

    writes = len(fake_github.writes)
    assert _preview() == 0  # same minutes: nothing to write
    assert len(fake_github.writes) == writes

    minutes_pr.write_text(MINUTES + "* Zed Unknown will write the notes.\n", encoding="utf-8")
    assert _preview() == 0
    [updated] = fake_github.comments(REPO, 4)
    assert updated.id == comment.id
    assert "- line 6: " in updated.body
    assert [w.method for w in fake_github.writes[writes:]] == ["PATCH"]


def test_posting_resolves_references_with_the_live_pull_list(fake_github, minutes_pr: Path, tmp_path):
    fake_github.add_repo("example/code")
    fake_github.add_pull("example/code", 808, "Guest reboot", "alice-ex")
    config = tmp_path / "c.yml"
    config.write_text(config.read_text(encoding="utf-8") + "pull_requests: {repositories: [example/code]}\n")
    assert _preview() == 0
    assert any(r.path == "/repos/example/code/pulls" for r in fake_github.reads)

    listed = len(fake_github.reads)
    pulls = tmp_path / "pulls.json"
    pulls.write_text("[]", encoding="utf-8")
    assert _preview("--pulls", str(pulls)) == 0  # a given list is used instead
    assert not any(r.path == "/repos/example/code/pulls" for r in fake_github.reads[listed:])


def test_a_lost_answer_does_not_duplicate_the_preview(fake_github, minutes_pr: Path):
    fake_github.drop("POST", f"/repos/{REPO}/issues/4/comments")
    assert _preview() == 0
    assert len(fake_github.comments(REPO, 4)) == 1
    assert not fake_github.pending_faults


def test_someone_elses_copy_of_the_preview_is_not_updated(fake_github, minutes_pr: Path):
    copied = fake_github.add_comment(REPO, 4, preview([]), as_user="mallory")
    assert _preview() == 0
    mine = [c for c in fake_github.comments(REPO, 4) if c.user == ACTIONS_LOGIN]
    assert len(mine) == 1
    assert fake_github.comments(REPO, 4)[0].body == copied.body


def test_refused_comment_falls_back_to_the_job_summary(
    fake_github, minutes_pr: Path, tmp_path, monkeypatch, capsys
):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    fake_github.fail("POST", f"/repos/{REPO}/issues/4/comments", 403)
    assert _preview() == 0
    assert fake_github.comments(REPO, 4) == []
    assert "### minutes-bot preview" in summary.read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "forbidden (403)" in err and "the preview is in the job summary" in err


def test_refused_comment_without_a_summary_fails(fake_github, minutes_pr: Path, capsys):
    fake_github.fail("POST", f"/repos/{REPO}/issues/4/comments", 403)
    assert _preview() == 1
    assert "forbidden (403)" in capsys.readouterr().err


def test_pr_needs_a_repository(minutes_pr: Path, monkeypatch, capsys):
    monkeypatch.delenv("GITHUB_REPOSITORY")
    assert _preview() == 2
    assert "--pr needs --repository or GITHUB_REPOSITORY" in capsys.readouterr().err


def test_unknown_pull_request_is_one_line(fake_github, minutes_pr: Path, capsys):
    assert main(["preview", "--config", "c.yml", "--pr", "99", "Notes/dev/dev-2025-03-05.md"]) == 2
    assert capsys.readouterr().err.strip().endswith("/issues/99: pull request not found")


def test_installed_command_posts_through_the_api_url(fake_github_server, minutes_pr: Path, tmp_path):
    fake = fake_github_server.fake
    fake.add_repo(REPO)
    fake.add_pull(REPO, 4, "Add the minutes of March 5th", "note-taker")
    env = {
        "PATH": os.environ["PATH"],
        "GITHUB_API_URL": fake_github_server.url,
        "GITHUB_TOKEN": ACTIONS_TOKEN,
        "GITHUB_REPOSITORY": REPO,
    }
    command = [str(Path(sys.executable).parent / "minutes-bot"), "preview", "--config", "c.yml", "--pr", "4"]
    for _ in range(2):
        done = subprocess.run(
            [*command, "Notes/dev/dev-2025-03-05.md"], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    [comment] = fake.comments(REPO, 4)
    assert comment.body.rstrip().endswith("-->")


def test_the_preview_counts_only_the_comments_process_would_write():
    skipped = REFERENCE.model_copy(update={"number": 809, "discussed": False})
    issue = REFERENCE.model_copy(update={"number": 810, "kind": "issue"})
    elsewhere = REFERENCE.model_copy(update={"repository": "someone/else", "number": 811})
    comment = preview([_meeting(references=[REFERENCE, skipped, issue, elsewhere])])
    assert "comment on **1 pull request or issue**" in comment
    assert "808" in comment and not any(str(n) in comment for n in (809, 810, 811))
