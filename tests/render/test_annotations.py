from datetime import date
from pathlib import Path

from bot.app.cli import main
from bot.domain.models import Findings
from bot.render.annotations import (
    Annotation,
    escape_data,
    escape_property,
    findings_annotations,
    format_annotation,
    in_actions,
)
from tests.conftest import follow_up

MINUTES = """\
# Team Call (March 5th, 2025)

## Build

* Alice Example will fix the build by Friday.
* Zed Unknown will write the release notes.
"""

ROSTER = "people:\n  - {name: Alice Example, github: alice-ex, aliases: [Alice]}\n"


def _unescape(text: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_message_escapes_percent_and_line_breaks_but_keeps_colons():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"


def test_property_also_escapes_the_separators():
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_escaping_round_trips_what_the_runner_decodes():
    tricky = "x%0A: y,\nz%"
    assert _unescape(escape_property(tricky)) == tricky


def test_annotation_line_names_file_line_and_title():
    line = format_annotation(
        Annotation(file="Meetings/a,b.md", line=7, title="Name: unknown", message="Zed\nnot found")
    )
    assert line == "::warning file=Meetings/a%2Cb.md,line=7,title=Name%3A unknown::Zed%0Anot found"


def test_file_level_annotation_has_no_line_property():
    assert format_annotation(Annotation(file="m.md", message="skipped")) == "::warning file=m.md::skipped"


def test_unresolved_name_is_a_warning_on_the_follow_up_line():
    meeting = Findings(
        file="m.md",
        title=None,
        date=None,
        follow_ups=[
            follow_up(4, "someone will do it", ["alice"]),
            follow_up(9, "someone will do it", unresolved=["Zed Unknown", "Yan"]),
        ],
    )
    [annotation] = findings_annotations(meeting)
    assert (annotation.level, annotation.line) == ("warning", 9)
    assert annotation.message.startswith("Zed Unknown, Yan: not in the roster")


def test_follow_up_without_any_owner_is_a_notice():
    meeting = Findings(file="m.md", title=None, date=None, follow_ups=[follow_up(3, "someone will do it")])
    assert [(a.level, a.line) for a in findings_annotations(meeting)] == [("notice", 3)]


def test_warnings_keep_their_line_when_they_name_one():
    meeting = Findings(
        file="m.md",
        title=None,
        date=date(2025, 3, 5),
        warnings=["m.md: no meeting date", "line 12: PR 3 could be #4 or #5", "m.md:20: ambiguous"],
    )
    got = [(a.line, a.message) for a in findings_annotations(meeting)]
    assert got == [(None, "no meeting date"), (12, "PR 3 could be #4 or #5"), (20, "ambiguous")]


def test_in_actions_only_when_github_says_so():
    assert in_actions({"GITHUB_ACTIONS": "true"})
    assert not in_actions({"GITHUB_ACTIONS": "false"})
    assert not in_actions({})


def test_extract_in_actions_annotates_stderr_and_keeps_json_clean(tmp_path: Path, monkeypatch, capsys):
    minutes = tmp_path / "call.md"
    minutes.write_text(MINUTES, encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    config = tmp_path / "c.yml"
    config.write_text(ROSTER, encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    status = main(["extract", "--config", str(config), "--format", "json", str(minutes), str(empty)])

    out, err = capsys.readouterr()
    assert status == 2  # the empty file was skipped
    assert "::" not in out
    commands = [line for line in err.splitlines() if line.startswith("::")]
    assert f"::warning file={escape_property(str(empty))},title=Minutes file skipped::" in commands[0]
    on_minutes = [c for c in commands if f"file={escape_property(str(minutes))}," in c]
    # Line 6 names nobody in the roster; line 5's owner is known, so it has nothing to fix.
    assert any(",line=6," in c for c in on_minutes)
    assert not any(",line=5," in c for c in on_minutes)


def test_extract_outside_actions_prints_no_workflow_commands(tmp_path: Path, monkeypatch, capsys):
    minutes = tmp_path / "call.md"
    minutes.write_text(MINUTES, encoding="utf-8")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["extract", str(minutes)]) == 0
    out, err = capsys.readouterr()
    assert "::" not in out + err
