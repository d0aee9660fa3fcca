"""Observations that tie a GitHub login to a person's name, from PR lists, git and profiles.

Each source gives `Evidence` (one observation each) so matching can weigh them alike. The
names are noisy: a PR's `author_name` is the author of its commits, sometimes a colleague
whose patch the login carried, and a merge commit's author is the maintainer who merged.
Matching therefore counts observations and only trusts a name that dominates a login's
history.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InputError
from bot.domain.models import PullRequest
from bot.parse.names import LOGIN

EvidenceSource = Literal["minutes", "pulls", "git-noreply", "git-merge", "profile"]

# https://docs.github.com/en/account-and-profile/setting-up-and-managing-your-personal-account-on-github/managing-email-preferences/setting-your-commit-email-address
# "<id>+<login>@users.noreply.github.com" (accounts since 2017) or "<login>@users.noreply.github.com".
_NOREPLY = re.compile(
    rf"^(?:\d+\+)?(?P<login>{LOGIN})@users\.noreply\.github\.com$",
    re.IGNORECASE,
)
# The subject GitHub writes for a merge commit made with the web UI.
_MERGE = re.compile(rf"^Merge pull request #(?P<number>\d+) from (?P<login>{LOGIN})/")
_FIELD, _RECORD = "\x1f", "\x1e"
GIT_FORMAT = f"%H{_FIELD}%P{_FIELD}%an{_FIELD}%ae{_FIELD}%s{_RECORD}"


class Evidence(BaseModel):
    """One observation: `login` was seen together with `name` (None: login seen, no name)."""

    model_config = ConfigDict(frozen=True)

    login: str
    name: str | None
    source: EvidenceSource
    where: str


class ProfileSource(Protocol):
    """What the GitHub adapter offers for roster suggestions: the profile name of a login.

    `GET /users/{login}` answers `name` (None when the user set none). Implementations
    must not write anything; `roster suggest` calls this once per candidate login.
    """

    def profile_name(self, login: str) -> str | None: ...


def _is_bot(name: str | None, login: str) -> bool:
    return login.lower().endswith("[bot]") or bool(name and name.lower().endswith("[bot]"))


def from_pulls(pulls: Iterable[PullRequest]) -> list[Evidence]:
    """One observation per PR: its author login and, when present, the `author_name` field.

    Logins that own one of the repositories (`coconut-svsm` in `coconut-svsm/svsm`) are
    organisations whose PRs were opened by automation or on someone's behalf: skipped.
    """
    pulls = list(pulls)
    owners = {p.repository.split("/")[0].lower() for p in pulls}
    found = []
    for pull in pulls:
        if not pull.author or pull.author.lower() in owners or _is_bot(pull.author_name, pull.author):
            continue
        found.append(
            Evidence(
                login=pull.author,
                name=pull.author_name or None,
                source="pulls",
                where=f"{pull.repository}#{pull.number}",
            )
        )
    return found


def parse_git_log(text: str, source: str) -> list[Evidence]:
    """Evidence from `git log --format=GIT_FORMAT` output: noreply e-mails and merge subjects.

    For "Merge pull request #N from <login>/<branch>" the name is the author of the merge's
    second parent (the PR's last commit), not of the merge itself (the maintainer).
    """
    commits: dict[str, tuple[list[str], str, str, str]] = {}
    for record in text.split(_RECORD):
        fields = record.strip("\n").split(_FIELD)
        if len(fields) != 5:
            continue
        sha, parents, name, email, subject = fields
        commits[sha] = (parents.split(), name, email, subject)
    found = []
    for sha, (parents, name, email, subject) in commits.items():
        noreply = _NOREPLY.match(email.strip())
        if noreply and not _is_bot(name, noreply.group("login")):
            found.append(
                Evidence(
                    login=noreply.group("login"),
                    name=name or None,
                    source="git-noreply",
                    where=f"{source}@{sha[:10]}",
                )
            )
        merge = _MERGE.match(subject)
        if merge and len(parents) == 2:
            head = commits.get(parents[1])
            head_name = head[1] if head else None
            found.append(
                Evidence(
                    login=merge.group("login"),
                    name=head_name or None,
                    source="git-merge",
                    where=f"{source}@{sha[:10]} (PR #{merge.group('number')})",
                )
            )
    return found


def from_git(directory: Path) -> list[Evidence]:
    """Read a local clone's whole history with `git log` (read-only) and parse it."""
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "log", "--all", f"--format={GIT_FORMAT}"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise InputError(f"{directory}: cannot read git history: the git command is not installed") from None
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["git log failed"])[-1]
        raise InputError(f"{directory}: cannot read git history: {reason}")
    return parse_git_log(result.stdout, directory.name or str(directory))


def from_profiles(logins: Iterable[str], profiles: ProfileSource) -> list[Evidence]:
    """The profile name of each login, once per login."""
    found = []
    for login in sorted(set(logins), key=str.lower):
        name = profiles.profile_name(login)
        if name and name.strip():
            found.append(
                Evidence(login=login, name=name.strip(), source="profile", where=f"GET /users/{login}")
            )
    return found
