from pathlib import Path

import pytest

from bot.cli import main

SHIPPED = Path(__file__).parent.parent / "config" / "minutes-bot.yml"


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
