"""The deployment's YAML config, validated into pydantic models.

Every error names the file, the key path and the problem on one line, because the config
is edited by maintainers who should not have to read a traceback to fix a typo.
"""

from __future__ import annotations

import re
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.domain.config_hints import did_you_mean
from bot.domain.errors import InputError
from bot.parse.names import LOGIN
from bot.parse.text import fold_variants

_LOGIN = re.compile(rf"^{LOGIN}$")
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")


def _login(value: str) -> str:
    if not _LOGIN.match(value):
        raise ValueError(f"{value!r} is not a valid GitHub login")
    return value


def _repository(value: str) -> str:
    if not _REPO.match(value):
        raise ValueError(f"{value!r} is not an owner/name repository")
    return value


Login = Annotated[str, AfterValidator(_login)]
Repository = Annotated[str, AfterValidator(_repository)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    name: str = Field(min_length=1, description="full name as the minutes write it")
    github: Login = Field(description="GitHub login; the only login the bot will ping")
    aliases: list[str] = Field([], description="other spellings: first name, ASCII, nickname")


class PullRequests(_Strict):
    repositories: list[Repository] = Field(
        [], description="where PRs are discussed; the first is where bare #123 and PR 123 point"
    )


class Labels(_Strict):
    follow_up: str = Field("follow-up", description="label of the issues opened per follow-up")
    meeting: str = Field("meeting", description="label of the one issue opened per meeting")
    bot: str = Field("minutes-bot", description="label on everything the bot opens; how it finds its state")


class Series(_Strict):
    """One meeting series: a folder of minutes files and where their issues go."""

    name: str = Field("Meeting", description="shown in titles and comments")
    directory: str = Field("Meetings", description="folder of the minutes files, relative to the checkout")
    pattern: str = Field("*.md", description="glob of minutes file names inside the folder")
    issues_repository: Repository | None = Field(
        None, description="where follow-up issues are opened; default GITHUB_REPOSITORY"
    )
    labels: Labels = Field(Labels(), description="labels the bot puts on the issues of this series")
    start_date: date | None = Field(
        None, description="process files dated on or after this; default: only the newest file"
    )
    cadence: int | None = Field(
        None,
        ge=1,
        le=92,
        description="days between the series' calls (7: weekly, 14: every two weeks): the due date of "
        '"by the next meeting" when the minutes do not state it; default: read from the dates of the '
        "series' minutes files",
    )
    allow_large: list[str] = Field(
        [],
        description="minutes file names (globs) whose meetings may plan more than writes.max_per_meeting writes",
    )

    def finds(self, path: str) -> bool:
        """Whether this series' folder and pattern find the minutes `path` (relative to the
        checkout), as `Path.glob` does on a checkout: the one rule for a path not on disk, a
        pull request's file or the minutes path a follow-up's marker key starts with."""
        file = PurePosixPath(path.replace("\\", "/"))
        folder = PurePosixPath(self.directory.strip("/") or ".")
        if folder != PurePosixPath("."):
            if not file.is_relative_to(folder):
                return False
            file = file.relative_to(folder)
        return _glob_matches(file, self.pattern)


def _glob_matches(relative: PurePosixPath, pattern: str) -> bool:
    """Path.glob's rule on a path string: one pattern part per path part, `**` for any depth."""
    if "**" in pattern:
        return fnmatchcase(relative.as_posix(), pattern.replace("**/", "*").replace("**", "*"))
    parts = pattern.strip("/").split("/")
    return len(parts) == len(relative.parts) and all(
        fnmatchcase(part, glob) for part, glob in zip(relative.parts, parts, strict=True)
    )


class Writes(_Strict):
    max_writes: int = Field(30, ge=1, le=500, description="mutating requests per run at most")
    min_interval_seconds: float = Field(1.0, ge=0, description="pause between mutating requests")
    max_rate_limit_wait_seconds: int = Field(
        120, ge=0, description="longest wait for a rate-limit reset before leaving work for the next run"
    )
    retry_backoff_seconds: float = Field(
        2.0, ge=0, description="pause before retrying after a 5xx or lost answer; doubles each time"
    )
    max_file_bytes: int = Field(1_000_000, ge=1, description="minutes files larger than this are skipped")
    max_per_meeting: int = Field(
        25,
        ge=1,
        description="a meeting that plans more issues and comments than this is held whole (nothing written) "
        "until the limit is raised or the file is listed in its series' allow_large",
    )
    identity: str | None = Field(
        None,
        description="login the bot writes as, when GET /user cannot tell (a GitHub App: my-app[bot]); "
        "default: the token's user, or github-actions[bot]",
    )


class References(_Strict):
    """Which of the pull requests and issues a call discussed get a comment."""

    comment_on: Literal["pulls", "pulls-and-issues", "none"] = Field(
        "pulls",
        description="pulls: comment on pull requests only; pulls-and-issues: on issues too; none: never "
        "(the meeting issue lists every reference either way)",
    )


class Reminders(_Strict):
    enabled: bool = Field(True, description="post reminders on open follow-up issues at all")
    first_after_days: int = Field(7, ge=1, description="without a due date: remind this long after opening")
    interval_days: int = Field(7, ge=1, description="at most one reminder per issue in this many days")
    max_reminders: int = Field(
        3,
        ge=1,
        description="after this many with no activity, stop pinging and list it in the next meeting issue",
    )
    snooze_label: str = Field("snoozed", description="an issue with this label is never reminded")
    digest_issue: bool = Field(
        False, description="one weekly comment per owner on a pinned digest issue instead"
    )


class CarryOver(_Strict):
    """How a new meeting relates to the follow-ups of earlier ones."""

    continue_open_follow_ups: bool = Field(
        True,
        description="a commitment restating an open follow-up of the same owner is a comment on it, not a new issue",
    )
    close_on_evidence: bool = Field(
        False,
        description="close a follow-up when later minutes say it is done or a PR it names is merged (it is always commented)",
    )
    list_outstanding: bool = Field(
        True, description="each meeting issue lists the follow-ups still open from earlier calls"
    )
    pull_request_comments: Literal["per-meeting", "single"] = Field(
        "per-meeting",
        description="per-meeting: a new comment for each call that discusses a PR; single: one comment per PR, "
        "edited to add each call",
    )


class Config(_Strict):
    people: list[Person] = Field(
        [], description="the roster: the only source of logins besides @handles in the minutes"
    )
    pull_requests: PullRequests = Field(
        PullRequests(), description="how references to pull requests are resolved"
    )
    series: list[Series] = Field(
        default_factory=lambda: [Series()],
        description="the meeting series: each a folder of minutes and where their issues go",
    )
    references: References = Field(References(), description="what gets a 'discussed in' comment")
    writes: Writes = Field(Writes(), description="budget and pace of the writes to GitHub")
    reminders: Reminders = Field(Reminders(), description="reminders on follow-ups that are still open")
    carry_over: CarryOver = Field(CarryOver(), description="follow-ups carried from call to call")

    @model_validator(mode="after")
    def _unique_people(self) -> Config:
        logins: dict[str, int] = {}
        names: dict[str, tuple[int, str]] = {}
        for i, person in enumerate(self.people):
            key = person.github.lower()
            if key in logins:
                raise ValueError(f"people[{i}].github: {person.github} is already people[{logins[key]}]")
            logins[key] = i
            # Every spelling the roster will match (Jörg also matches Joerg), so no two people share one.
            for spelling in {v for n in (person.name, *person.aliases) for v in fold_variants(n)}:
                if spelling in names and names[spelling][0] != i:
                    other = names[spelling]
                    raise ValueError(
                        f"people[{i}]: name or alias {spelling!r} also belongs to "
                        f"people[{other[0]}] ({other[1]})"
                    )
                names[spelling] = (i, person.name)
        return self


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML keeps the last of two equal keys silently; a second `people:` would drop the first.

    Built on libyaml's parser when PyYAML has it (its wheels do): the pure-Python one takes
    longer to read a config than `extract` takes to read a minutes file.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def _location(error: dict) -> str:
    parts: list[str] = []
    for part in error["loc"]:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part}]"]
        else:
            parts.append(str(part))
    return ".".join(parts)


def parse_config(text: str, source: str) -> Config:
    """Validate config text; `source` names the file in error messages."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{source}{where}: invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{source}: the config must be a mapping of keys, not {type(data).__name__}")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = _location(error)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key" + did_you_mean(Config, error["loc"])
        prefix = f"{source}: {loc}: " if loc else f"{source}: "
        raise InputError(prefix + message) from None


def load_config(path: Path | None) -> Config:
    """Read the config file; without one the bot runs with no roster and defaults."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read config: {exc}") from None
    return parse_config(text, str(path))
