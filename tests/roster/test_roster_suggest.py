"""`minutes-bot roster suggest`: every evidence source, the ambiguity rules, and read-only-ness."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.domain.config import Config, Person, parse_config
from bot.domain.models import PullRequest
from bot.parse.minutes import parse_minutes
from bot.parse.names import resemblance
from bot.roster.names import collect_names
from bot.roster.suggest import suggest_roster

GIT = shutil.which("git")


def _minutes(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _pulls(path: Path, authors: list[tuple[str | None, str | None]], repository: str = "acme/widget") -> Path:
    items = [
        {
            "number": number,
            "title": f"change {number}",
            "state": "closed",
            "user": {"login": login} if login else None,
            "author_name": name,
            "created_at": "2025-01-01T00:00:00Z",
            "base": {"repo": {"full_name": repository}},
        }
        for number, (login, name) in enumerate(authors, start=1)
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["roster", "suggest", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _live(out: str) -> dict[str, Person]:
    """The uncommented part of the output, read as the config reads it: name → person."""
    return {p.name: p for p in parse_config(out, "stdout").people}


def _commented(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if line.lstrip().startswith("#"))


ATTENDEES = """\
# Weekly call (March 5, 2025)

## Attendees

Jane Doe, Bob Stone, Kim Park

## Notes

* Jane Doe proposed to move the release.
* Bob will review the patch.
"""


def test_pull_request_authors_become_live_entries_with_evidence(tmp_path, capsys):
    _minutes(tmp_path / "m", "call.md", ATTENDEES)
    pulls = _pulls(
        tmp_path / "pulls.json",
        [("janedoe", "Jane Doe")] + [("x9q", "Bob Stone")] * 4 + [("kp7", "Kim Park")],
    )
    code, out, err = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls))
    assert (code, err) == (0, "")
    live = _live(out)
    assert live["Jane Doe"].github == "janedoe"  # one PR, but the login is the name
    assert live["Bob Stone"].github == "x9q"  # login unlike the name, but four PRs agree
    assert "Bob" in live["Bob Stone"].aliases
    assert "Kim Park" not in live  # one PR and a login unlike the name: too little for a ping
    assert '# - {name: "Kim Park", github: kp7' in out
    assert "1 of 1 observations of `janedoe` carry this name" in out
    assert "confidence" in out


def test_a_name_that_is_not_the_logins_own_is_never_suggested(tmp_path, capsys):
    """A login that carried colleagues' commits (author_name of a PR) is not theirs."""
    _minutes(tmp_path / "m", "call.md", ATTENDEES)
    pulls = _pulls(
        tmp_path / "pulls.json",
        [("maint", "Jane Doe")] * 3 + [("maint", "Someone Else")] * 5 + [("acme", "Bob Stone")] * 9,
    )
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls))
    assert code == 0
    assert _live(out) == {}  # `acme` owns the repository: an organisation, never a person
    assert "`acme`" not in out and "github: acme" not in out


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_git_clone_noreply_emails_and_merge_subjects(tmp_path, capsys):
    repo = tmp_path / "clone"
    repo.mkdir()

    def git(*args: str, name: str = "Ana Silva", email: str = "ana@example.org") -> None:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)

    git("init", "-q", "-b", "main")
    git("commit", "-q", "--allow-empty", "-m", "one", email="1234+asilva@users.noreply.github.com")
    git("checkout", "-q", "-b", "feature")
    git("commit", "-q", "--allow-empty", "-m", "two", name="Bo Kim", email="bo@example.org")
    git("checkout", "-q", "main")
    git(
        "merge",
        "-q",
        "--no-ff",
        "feature",
        "-m",
        "Merge pull request #5 from bkim/feature",
        name="Ana Silva",
        email="ana@example.org",
    )
    _minutes(
        tmp_path / "m",
        "call.md",
        "# Call\n\n## Attendees\n\nAna Silva, Bo Kim\n\n## Notes\n\n* Ana Silva agreed to tag.\n",
    )
    before = subprocess.run(
        ["git", "-C", str(repo), "log", "--all", "--format=%H"], capture_output=True, text=True
    )
    code, out, err = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--git", str(repo))
    assert (code, err) == (0, "")
    live = _live(out)
    assert live["Ana Silva"].github == "asilva"  # from the noreply e-mail
    assert live["Bo Kim"].github == "bkim"  # merge subject + the author of the merged commit
    assert "git-noreply" in out and "git-merge" in out
    after = subprocess.run(
        ["git", "-C", str(repo), "log", "--all", "--format=%H"], capture_output=True, text=True
    )
    assert before.stdout == after.stdout


def test_full_name_at_handle_lines_are_stated_logins(tmp_path, capsys):
    _minutes(
        tmp_path / "m",
        "tsc.md",
        "# TSC Meeting 2025-10-15\n\n## Present\n\n"
        "* Antoine du Hamel @aduh95 (voting member)\n* Richard Lau @richardlau (voting member)\n\n"
        "## Agenda\n\n* Richard will check the CI machines.\n",
    )
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"))
    assert code == 0
    live = _live(out)
    assert live["Antoine du Hamel"].github == "aduh95"
    assert live["Richard Lau"].github == "richardlau"
    assert live["Richard Lau"].aliases == ["Richard"]
    assert "@" not in out  # pasted into an issue or a PR, the suggestion pings nobody
    assert f"the minutes state `aduh95` for Antoine du Hamel ({tmp_path / 'm' / 'tsc.md'}:5)" in out


HTML_TABLE = """\
# **2023-07-11**

## Attendance

<table>
  <tr>
   <td>
   </td>
   <td><strong>Name/Affiliation</strong>
   </td>
   <td><strong>GH ID</strong>
   </td>
  </tr>
  <tr>
   <td>x
   </td>
   <td>Aeva Black (Microsoft, <strong>TAC</strong>)
   </td>
   <td>AevaOnline
   </td>
  </tr>
  <tr>
   <td>x
   </td>
   <td>Jennifer Bly (LF)
   </td>
   <td>
   </td>
  </tr>
</table>
"""

MARKDOWN_TABLE = """\
# 2024-12-10

|  | Name/Affiliation | Pronouns | GH ID |
| ----- | :---- | :---: | :---- |
|  x | Zach Steindler (GitHub, **TAC Chair**) | he/him | steiza |
|  x | CRob (LF) | he/him | SecurityCrob |
"""


def test_gh_id_columns_of_html_and_markdown_tables(tmp_path, capsys):
    _minutes(tmp_path / "m", "2023-07-11.md", HTML_TABLE)
    _minutes(tmp_path / "m", "2024.md", MARKDOWN_TABLE)
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"))
    assert code == 0
    live = _live(out)
    assert live["Aeva Black"].github == "AevaOnline"
    assert live["Zach Steindler"].github == "steiza"
    assert live["CRob"].github == "SecurityCrob"  # one word, but the minutes pair it with a login
    assert "Jennifer Bly" not in live
    assert "#   Jennifer Bly" in out  # named, with an empty GH ID: listed for a human


def test_two_carloses_and_two_toms_never_get_a_first_name_guess(tmp_path, capsys):
    _minutes(
        tmp_path / "m",
        "call.md",
        "# Call\n\n## Attendees\n\nCarlos López, Carlos Bilbao, Tom Lendacky, Tom Dohrmann\n\n"
        "## Notes\n\n* Carlos will send the patch.\n* Tom asked about the timeline.\n"
        "* Tom Lendacky proposed a fix.\n",
    )
    pulls = _pulls(
        tmp_path / "pulls.json",
        [("clopez", "Carlos López")] * 3 + [("tlendacky", "Tom Lendacky")] * 2 + [("xyz", "Tom")] * 5,
    )
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls))
    assert code == 0
    live = _live(out)
    assert live["Carlos López"].github == "clopez"
    assert live["Tom Lendacky"].github == "tlendacky"
    assert set(live) == {"Carlos López", "Tom Lendacky"}
    for person in live.values():
        assert "Carlos" not in person.aliases and "Tom" not in person.aliases
    assert "#   Carlos: Carlos Bilbao, Carlos López" in out
    assert "#   Tom: Tom Dohrmann, Tom Lendacky" in out
    assert "xyz" not in out  # a PR author known by a first name is nobody's login


def test_accented_and_ascii_spellings_are_one_person(tmp_path, capsys):
    _minutes(
        tmp_path / "m",
        "call.md",
        "# Call\n\n## Attendees\n\nJoerg Roedel, Cláudio Carvalho\n\n## Notes\n\n"
        "* Jörg Rödel suggested a staged approach.\n* Jörg plans to post his work.\n"
        "* Claudio will test it.\n",
    )
    pulls = _pulls(
        tmp_path / "pulls.json", [("joergroedel", "Joerg Roedel"), ("cclaudio", "Claudio Carvalho")]
    )
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls))
    assert code == 0
    live = _live(out)
    assert set(live) == {"Jörg Rödel", "Cláudio Carvalho"}  # the accented spelling wins
    assert live["Jörg Rödel"].github == "joergroedel"
    assert live["Cláudio Carvalho"].github == "cclaudio"
    assert live["Jörg Rödel"].aliases == ["Jörg", "Joerg Roedel"]  # as the minutes write him


def test_existing_entries_are_kept_as_is_and_the_config_is_not_touched(tmp_path, capsys):
    config = tmp_path / "minutes-bot.yml"
    config.write_text(
        'people:\n  - {name: "Jane Doe", github: jd-official, aliases: ["JD"]}\n', encoding="utf-8"
    )
    _minutes(tmp_path / "m", "call.md", ATTENDEES)
    pulls = _pulls(tmp_path / "pulls.json", [("janedoe", "Jane Doe")] + [("x9q", "Bob Stone")] * 4)
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, out, err = _run(
        capsys, "--config", str(config), "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls)
    )
    assert (code, err) == (0, "")
    live = _live(out)
    assert live["Jane Doe"] == Person(name="Jane Doe", github="jd-official", aliases=["JD"])
    assert "# kept as is from the config" in out
    assert "note: the evidence points at `janedoe` instead" in out
    assert out.count('name: "Jane Doe"') == 1
    assert live["Bob Stone"].github == "x9q"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot


def test_conflicting_stated_handles_stay_commented(tmp_path, capsys):
    _minutes(tmp_path / "m", "a.md", "# A\n\n## Present\n\n* Evan Anderson @evakanderson\n")
    _minutes(tmp_path / "m", "b.md", "# B\n\n## Present\n\n* Evan Anderson @evankanderson\n")
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"))
    assert code == 0
    assert _live(out) == {}
    assert "AMBIGUOUS: Evan Anderson could be `evakanderson`, `evankanderson`" in out


def test_a_nickname_on_github_joins_the_name_in_the_minutes(tmp_path, capsys):
    _minutes(tmp_path / "m", "call.md", "# Call\n\n## Attendees\n\nHuibo Wang, Jane Doe\n")
    pulls = _pulls(tmp_path / "pulls.json", [("MelodyHuibo", "Melody Wang")] * 4)
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls))
    assert code == 0
    live = _live(out)
    assert live["Huibo Wang"].github == "MelodyHuibo"
    assert live["Huibo Wang"].aliases == ["Huibo", "Melody Wang"]


class _Profiles:
    """A stand-in for the GitHub adapter: the profile names of a few logins."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.asked: list[str] = []

    def profile_name(self, login: str) -> str | None:
        self.asked.append(login)
        return self.names.get(login)


def test_profile_names_from_the_api_adapter_are_evidence(tmp_path):
    minutes = _minutes(tmp_path, "call.md", ATTENDEES)
    pulls = [
        PullRequest(
            repository="acme/widget", number=1, title="x", author="q7z", state="open", created_at=None
        ),
    ]
    profiles = _Profiles({"q7z": "Kim Park", "zz-top": "Bob Stone"})
    suggestion = suggest_roster(Config(), [minutes], pulls, profiles=profiles, contributors=["zz-top"])
    logins = {e.name: e.login for e in suggestion.entries if e.status == "suggested"}
    assert logins == {"Kim Park": "q7z", "Bob Stone": "zz-top"}
    assert sorted(profiles.asked) == ["q7z", "zz-top"]


def test_login_resemblance():
    assert resemblance("joergroedel", "Jörg Rödel") == "strong"
    assert resemblance("tlendacky", "Tom Lendacky") == "strong"
    assert resemblance("stefano-garzarella", "Stefano Garzarella") == "strong"
    assert resemblance("osteffenrh", "Oliver Steffen") in ("strong", "medium")
    assert resemblance("dcmiddle", "Dan Middleton") != "none"
    assert resemblance("Freax13", "Tom Dohrmann") == "none"


def test_bad_inputs_are_one_line_errors(tmp_path, capsys):
    _minutes(tmp_path / "m", "call.md", ATTENDEES)
    code, out, err = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--git", str(tmp_path / "m"))
    assert code == 2 and out == ""
    assert err.startswith(f"minutes-bot: {tmp_path / 'm'}: cannot read git history") and err.count("\n") == 1
    code, _, err = _run(capsys, "--minutes-dir", str(tmp_path / "nowhere"))
    assert code == 2 and "minutes directory not found" in err
    (tmp_path / "m" / "empty.md").write_bytes(b"")
    code, out, err = _run(capsys, "--minutes-dir", str(tmp_path / "m"))
    assert code == 2 and err == f"{tmp_path / 'm' / 'empty.md'}: the minutes file is empty\n"
    assert "Jane Doe" in out  # the other files still count


def test_company_seats_in_attendee_lists_are_not_people(tmp_path, capsys):
    _minutes(
        tmp_path / "m",
        "tac.md",
        "# TAC\n\n## Attendees\n\n* Intel - Dan Middleton (TAC chair) + / Simon Johnson\n"
        "* Arm - Nathaniel McCallum +\n* Henk Birkholz\n",
    )
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"))
    assert code == 0
    listed = {line.strip("# ").split(" (")[0] for line in out.splitlines() if line.startswith("#   ")}
    assert listed == {"Dan Middleton", "Simon Johnson", "Nathaniel McCallum", "Henk Birkholz"}


def test_handles_in_running_prose_and_issue_columns_are_not_logins(tmp_path, capsys):
    _minutes(
        tmp_path / "m",
        "call.md",
        "# Call\n\n## Notes\n\n* We asked Jane Doe @jdoe-bot to review the change.\n\n"
        "| Name | GitHub issue |\n|---|---|\n| Bob Stone | 1234 |\n| Kim Park | fix-ci |\n",
    )
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"))
    assert code == 0
    assert _live(out) == {}
    assert "jdoe-bot" not in out and "fix-ci" not in out


def test_a_login_the_config_gives_someone_else_is_not_suggested_again(tmp_path, capsys):
    config = tmp_path / "minutes-bot.yml"
    config.write_text('people:\n  - {name: "Robert Stone", github: x9q}\n', encoding="utf-8")
    _minutes(tmp_path / "m", "call.md", ATTENDEES)
    pulls = _pulls(tmp_path / "pulls.json", [("x9q", "Bob Stone")] * 4)
    code, out, _ = _run(
        capsys, "--config", str(config), "--minutes-dir", str(tmp_path / "m"), "--pulls", str(pulls)
    )
    assert code == 0
    assert _live(out) == {"Robert Stone": Person(name="Robert Stone", github="x9q")}
    assert "`x9q` already belongs to Robert Stone in the config" in out


def _names(text: str) -> dict[str, str]:
    meeting = parse_minutes(text, "call.md")
    return {s.name: s.source for s in collect_names([meeting])}


def test_names_stand_where_people_stand():
    names = _names(
        "# Call\n\n## Attendees\n\nAdam Dunlap, Vijay dhanraj, Joerg Roedel (Chair)\n\n## Notes\n\n"
        "* Goal: to prove the code correct.\n"
        "* Documentation is in Roy Hopkins' PR #237.\n"
        "* Aeva: let's focus on this.\n"
        "* KVM Forum will be held in Brno.\n"
        "* Secure Boot is enabled by default.\n"
        "* Adam confirmed the fix; Jane Smith volunteered to test it.\n"
    )
    assert names == {
        "Adam Dunlap": "attendees",
        "Vijay dhanraj": "attendees",
        "Joerg Roedel": "attendees",
        "Roy Hopkins": "prose",
        "Adam": "prose",
        "Jane Smith": "prose",
    }


def test_a_unique_first_name_is_only_ever_a_commented_guess(tmp_path, capsys):
    _minutes(tmp_path / "m", "a.md", "# A\n\n## Notes\n\n* Marco will review the patch.\n")
    _minutes(tmp_path / "m", "b.md", "# B\n\n## Notes\n\n* Marco said it is fine.\n* Giulia asked why.\n")
    one = _pulls(tmp_path / "one.json", [("mippolito", "Marco Ippolito")] * 3 + [("gb", "Giulia Bianchi")])
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(one))
    assert code == 0
    assert _live(out) == {}
    assert '# - {name: "Marco", github: mippolito' in out
    two = _pulls(tmp_path / "two.json", [("mippolito", "Marco Ippolito"), ("mrossi", "Marco Rossi")])
    code, out, _ = _run(capsys, "--minutes-dir", str(tmp_path / "m"), "--pulls", str(two))
    assert code == 0
    assert "mippolito" not in out and "mrossi" not in out
    assert "#   Marco (named in 2 minutes files)" in out


def test_organisation_words_are_not_taken_for_an_attendee() -> None:
    minutes = parse_minutes(
        "# Call 2025-03-04\n\n## Attendees\n\n* Google Cloud\n* Priya Raman\n* Tomas Berg\n", "m.md"
    )
    assert [s.name for s in collect_names([minutes])] == ["Priya Raman", "Tomas Berg"]
