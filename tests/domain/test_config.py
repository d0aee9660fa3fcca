from pathlib import Path

import pytest

from bot.app.cli import main
from bot.domain.config import load_config, parse_config
from bot.domain.errors import InputError

ROSTER = """
people:
  - {name: "Jörg Rödel", github: joergroedel, aliases: ["Joerg Roedel", "Jörg"]}
  - {name: "Richard Relph", github: RARelph, aliases: ["Richard"]}
pull_requests:
  repositories: [coconut-svsm/svsm]
"""


def test_roster_and_defaults_load():
    config = parse_config(ROSTER, "c.yml")
    assert [p.github for p in config.people] == ["joergroedel", "RARelph"]
    assert config.pull_requests.repositories == ["coconut-svsm/svsm"]
    assert config.series[0].labels.bot == "minutes-bot"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("people: [\n", "c.yml:2: invalid YAML"),
        ("peeple: []", "c.yml: peeple: unknown key"),
        ("people:\n  - {name: A, github: a, alias: [b]}", "c.yml: people[0].alias: unknown key"),
        (
            "people:\n  - {name: A, github: -bad-}",
            "c.yml: people[0].github: '-bad-' is not a valid GitHub login",
        ),
        ("writes: {max_writes: many}", "c.yml: writes.max_writes: Input should be a valid integer"),
        (
            "people:\n  - {name: A, github: a}\n  - {name: B, github: A}",
            "people[1].github: A is already people[0]",
        ),
        (
            "people:\n  - {name: Tom One, github: a, aliases: [Tom]}\n  - {name: Tom Two, github: b, aliases: [Tom]}",
            "people[1]: name or alias 'tom' also belongs to people[0] (Tom One)",
        ),
        ("- just a list", "c.yml: the config must be a mapping of keys, not list"),
    ],
)
def test_bad_config_names_file_key_and_problem(text, message):
    with pytest.raises(InputError) as error:
        parse_config(text, "c.yml")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_config_file_is_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="config file not found"):
        load_config(tmp_path / "absent.yml")


def test_check_config_exits_2_with_one_line(tmp_path: Path, capsys):
    path = tmp_path / "bad.yml"
    path.write_text("people:\n  - {name: A, github: 'no spaces'}\n", encoding="utf-8")
    assert main(["check-config", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert f"{path}: people[0].github" in err


def test_shipped_config_is_valid():
    config = load_config(Path(__file__).parents[2] / "config" / "minutes-bot.yml")
    assert len(config.people) == 27
