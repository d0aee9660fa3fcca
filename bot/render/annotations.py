"""Workflow annotations: problems tied to a minutes line, shown on the file in GitHub Actions.

A name missing from the roster is cheapest to fix while the note-taker looks at the line,
so in Actions each problem is also printed as a workflow command
(`::warning file=…,line=…::…`) that GitHub pins to that line of the minutes file.
Pure formatting: the caller decides whether it runs in Actions and where to print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.models import Findings

# A warning string may name its line as "line 12: …" or "path:12: …" after the file prefix.
_LINE_PREFIX = re.compile(r"^(?:line\s+(?P<word>\d+)|(?P<colon>\d+))\s*:\s*", re.IGNORECASE)


class Annotation(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: Literal["notice", "warning", "error"] = "warning"
    file: str
    line: int | None = None
    title: str | None = None
    message: str


def in_actions(environ: Mapping[str, str]) -> bool:
    """GitHub sets GITHUB_ACTIONS=true in every step of a workflow run."""
    # https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables
    return environ.get("GITHUB_ACTIONS") == "true"


# https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
# and actions/toolkit packages/core/src/command.ts: the message escapes %, CR and LF;
# property values (file, line, title) also escape ":" and ",", which separate properties.
def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(annotation: Annotation) -> str:
    """One workflow command line, e.g. `::warning file=a.md,line=3,title=…::message`."""
    properties = [f"file={escape_property(annotation.file)}"]
    if annotation.line is not None:
        properties.append(f"line={annotation.line}")
    if annotation.title:
        properties.append(f"title={escape_property(annotation.title)}")
    return f"::{annotation.level} {','.join(properties)}::{escape_data(annotation.message)}"


def _warning(file: str, warning: str) -> Annotation:
    """A warning of the findings as an annotation, on its line when the text names one."""
    text = warning.removeprefix(f"{file}:").lstrip()
    line = None
    match = _LINE_PREFIX.match(text)
    if match:
        line = int(match.group("word") or match.group("colon"))
        text = text[match.end() :]
    return Annotation(file=file, line=line, title="minutes-bot", message=text)


def findings_annotations(meeting: Findings) -> list[Annotation]:
    """Every problem in one meeting's findings that a reader of the minutes file could fix there."""
    found: list[Annotation] = []
    for item in meeting.follow_ups:
        if item.unresolved_names:
            names = ", ".join(item.unresolved_names)
            found.append(
                Annotation(
                    file=meeting.file,
                    line=item.line,
                    title="Name not in the roster",
                    message=(
                        f"{names}: not in the roster, so not pinged. Add them to `people:` in the "
                        "config, or write their @handle in the minutes."
                    ),
                )
            )
        elif not item.owners:
            found.append(
                Annotation(
                    level="notice",
                    file=meeting.file,
                    line=item.line,
                    title="Follow-up without an owner",
                    message="No owner named: the follow-up issue will be opened unassigned.",
                )
            )
    for candidate in meeting.candidates:
        also = "".join(f" or {a.repository}#{a.number}" for a in candidate.alternatives)
        found.append(
            Annotation(
                level="notice",
                file=meeting.file,
                line=candidate.line,
                title="Pull request not sure",
                message=(
                    f"may mean {candidate.repository}#{candidate.number}{also} ({candidate.why}): "
                    "not commented on; write its number in the minutes to have it commented."
                ),
            )
        )
    found += [_warning(meeting.file, warning) for warning in meeting.warnings]
    return sorted(found, key=lambda a: a.line or 0)


def skipped_file_annotation(file: str, reason: str) -> Annotation:
    """A minutes file the bot could not read; `reason` may repeat the path as its prefix."""
    return Annotation(
        file=file, title="Minutes file skipped", message=reason.removeprefix(f"{file}:").strip()
    )


def format_all(annotations: Iterable[Annotation]) -> str:
    """Workflow command lines, one per annotation, newline-terminated (empty for none)."""
    return "".join(format_annotation(a) + "\n" for a in annotations)
