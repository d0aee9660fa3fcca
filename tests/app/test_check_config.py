from pathlib import Path

import pytest

from bot.app.cli import main
from bot.domain.config import parse_config
from bot.domain.config_check import series_warning

SHIPPED = Path(__file__).parents[2] / "config" / "minutes-bot.yml"


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("people:\n  - {name: Ann, github: ann_smith}\n", ": people[0].github: ", "not a valid GitHub login"),
        (
            "people:\n  - {name: Ann, github: ann--smith}\n",
            ": people[0].github: ",
            "not a valid GitHub login",
        ),
        ("people:\n  - {name: Ann, github: '@ann'}\n", ": people[0].github: ", "not a valid GitHub login"),
        (
            "people:\n  - {name: Ann One, github: ann}\n  - {name: Ann Two, github: ANN}\n",
            ": people[1].github: ",
            "ANN is already people[0]",
        ),
        (
            "people:\n  - {name: Ann One, github: a1, aliases: [Ann]}\n"
            "  - {name: Ann Two, github: a2, aliases: [ann]}\n",
            ": people[1]: ",
            "'ann' also belongs to people[0] (Ann One)",
        ),
        (
            "people:\n  - {name: Jörg One, github: j1, aliases: [Jörg]}\n"
            "  - {name: Joerg Two, github: j2, aliases: [Joerg]}\n",
            ": people[1]: ",
            "also belongs to people[0] (Jörg One)",
        ),
        ("series:\n  - {name: Dev, folder: Notes}\n", ": series[0].folder: ", "unknown key"),
        ("reminders: {enabled: perhaps}\n", ": reminders.enabled: ", "valid boolean"),
        ("people:\n  - {name: Ann, github: ann, aliases: Annie}\n", ": people[0].aliases: ", "valid list"),
        ("writes: {max_writes: 0}\n", ": writes.max_writes: ", "greater than or equal to 1"),
        ("people:\n  - {name: Ann, github: ann\n", ":3: ", "invalid YAML"),
        ("people: []\npull_requests: {}\npeople: []\n", ":3: ", "invalid YAML: duplicate key 'people'"),
    ],
)
def test_check_config_names_file_key_and_problem_in_one_line(tmp_path: Path, capsys, text, where, problem):
    path = tmp_path / "minutes-bot.yml"
    path.write_text(text, encoding="utf-8")

    assert main(["check-config", "--config", str(path)]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    error = captured.err.rstrip("\n")
    assert "\n" not in error and "Traceback" not in error
    assert error.startswith(f"minutes-bot: {path}{where}")
    assert problem in error


def test_people_sharing_only_a_first_name_are_allowed(tmp_path: Path, capsys):
    # "Tom" then resolves to nobody, which is safe; only an explicit shared alias is an error.
    path = tmp_path / "c.yml"
    path.write_text(
        "people:\n  - {name: Tom One, github: t1}\n  - {name: Tom Two, github: t2}\n", encoding="utf-8"
    )
    assert main(["check-config", "--config", str(path)]) == 0
    assert "ok (2 people, 1 series)" in capsys.readouterr().out


def test_missing_file_is_one_line_exit_2(tmp_path: Path, capsys):
    assert main(["check-config", "--config", str(tmp_path / "nope.yml")]) == 2
    assert capsys.readouterr().err.strip() == f"minutes-bot: {tmp_path / 'nope.yml'}: config file not found"


def test_shipped_coconut_svsm_config_passes(capsys):
    assert main(["check-config", "--config", str(SHIPPED)]) == 0
    assert "ok (27 people, 1 series)" in capsys.readouterr().out


def test_commented_second_series_example_is_valid_when_uncommented(tmp_path: Path, capsys):
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  # - name:"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("  #"))
    uncommented = [line.replace("  # ", "  ", 1) for line in lines[start:end]]
    text = "\n".join([*lines[:start], *uncommented, *lines[end:]]) + "\n"
    path = tmp_path / "two-series.yml"
    path.write_text(text, encoding="utf-8")
    assert main(["check-config", "--config", str(path)]) == 0, capsys.readouterr().err
    assert "ok (27 people, 2 series)" in capsys.readouterr().out


ONE_PERSON = "people:\n  - {name: Ann Example, github: ann-example}\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", ": the config is empty: add people:"),
        ("# only comments\n", ": the config is empty: add people:"),
        ("people: []\n", ": people: the roster is empty, so nobody named in the minutes would be assigned"),
        (
            "series:\n  - {name: Dev, directory: Notes}\n",
            ": people: the roster is empty, so nobody named in the minutes would be assigned",
        ),
    ],
)
def test_an_empty_or_people_less_config_is_an_error(tmp_path: Path, capsys, text: str, problem: str):
    path = tmp_path / "minutes-bot.yml"
    path.write_text(text, encoding="utf-8")

    assert main(["check-config", "--config", str(path), "--minutes-dir", str(tmp_path)]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"minutes-bot: {path}{problem}")
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "where", "suggestion"),
    [
        ("peeple: []\n", "peeple", "people"),
        ("People: []\n", "People", "people"),
        (ONE_PERSON + "series:\n  - {name: Dev, directroy: Notes}\n", "series[0].directroy", "directory"),
        (ONE_PERSON + "writes: {max-writes: 3}\n", "writes.max-writes", "max_writes"),
        (ONE_PERSON + "series:\n  - labels: {followup: todo}\n", "series[0].labels.followup", "follow_up"),
        (
            ONE_PERSON + "carry_over: {close_on_evidense: true}\n",
            "carry_over.close_on_evidense",
            "close_on_evidence",
        ),
    ],
)
def test_an_unknown_key_suggests_the_closest_known_one(tmp_path: Path, capsys, text, where, suggestion):
    path = tmp_path / "minutes-bot.yml"
    path.write_text(text, encoding="utf-8")

    assert main(["check-config", "--config", str(path)]) == 2

    error = capsys.readouterr().err
    assert error == f"minutes-bot: {path}: {where}: unknown key (did you mean {suggestion!r}?)\n"


def test_an_unknown_key_far_from_every_known_one_suggests_nothing(tmp_path: Path, capsys):
    path = tmp_path / "minutes-bot.yml"
    path.write_text(ONE_PERSON + "colour: blue\n", encoding="utf-8")
    assert main(["check-config", "--config", str(path)]) == 2
    assert capsys.readouterr().err == f"minutes-bot: {path}: colour: unknown key\n"


def _checkout(tmp_path: Path, files: list[str]) -> Path:
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# Call\n", encoding="utf-8")
    return tmp_path


SERIES = ONE_PERSON + "series:\n  - {name: Dev call, directory: Meetings, pattern: 'dev-call-*.md'}\n"


def test_a_series_whose_pattern_matches_no_file_is_a_warning(tmp_path: Path, capsys):
    root = _checkout(tmp_path / "gov", ["Meetings/devel-2025-09-17.md", "Meetings/devel-2025-09-24.md"])
    path = tmp_path / "minutes-bot.yml"
    path.write_text(SERIES, encoding="utf-8")

    assert main(["check-config", "--config", str(path), "--minutes-dir", str(root)]) == 0

    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok (1 people, 1 series)\n"
    assert captured.err == (
        f"minutes-bot: warning: {path}: series 'Dev call': no file in 'Meetings' matches pattern "
        "'dev-call-*.md', so nothing will be processed\n"
    )


def test_a_series_without_its_folder_is_a_warning(tmp_path: Path, capsys):
    path = tmp_path / "minutes-bot.yml"
    path.write_text(SERIES, encoding="utf-8")
    assert main(["check-config", "--config", str(path), "--minutes-dir", str(tmp_path)]) == 0
    assert "series 'Dev call': folder 'Meetings' not found" in capsys.readouterr().err


def test_a_series_with_matching_files_says_nothing_more(tmp_path: Path, capsys):
    root = _checkout(tmp_path / "gov", ["Meetings/dev-call-2025-09-17.md", "Meetings/notes.txt"])
    path = tmp_path / "minutes-bot.yml"
    path.write_text(SERIES, encoding="utf-8")
    assert main(["check-config", "--config", str(path), "--minutes-dir", str(root)]) == 0
    assert capsys.readouterr().err == ""


def test_the_series_warning_is_a_pure_decision_process_can_reuse():
    config = parse_config(SERIES, "c.yml")
    [series] = config.series
    assert series_warning(series, 3) is None
    assert series_warning(series, 0) == (
        "series 'Dev call': no file in 'Meetings' matches pattern 'dev-call-*.md', so nothing will be processed"
    )
    assert (
        series_warning(series, None)
        == "series 'Dev call': folder 'Meetings' not found, so nothing will be processed"
    )
