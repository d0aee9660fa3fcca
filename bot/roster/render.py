"""The suggestion as YAML a maintainer pastes into the config's `people:` list.

Only entries the bot is sure of are live YAML; everything else is a comment, so pasting the
whole output can never add a login nobody checked.
"""

from __future__ import annotations

import json

import yaml

from bot.roster.match import Entry, Suggestion

HEADER = """\
# Roster suggested by `minutes-bot roster suggest`. Nothing was written anywhere: review, then
# paste the `people:` entries into the config. Commented entries need a human decision.
# Logins in comments are in backquotes, so pasting this into an issue or PR pings nobody.
"""


def _scalar(value: str) -> str:
    """Plain when YAML reads it back as the same string, double-quoted otherwise."""
    try:
        plain = yaml.safe_load(value) == value and value.strip() == value and "#" not in value
    except yaml.YAMLError:
        plain = False
    return (
        value
        if plain and value.replace("-", "").replace("_", "").isalnum()
        else json.dumps(value, ensure_ascii=False)
    )


def _mapping(entry: Entry, login: str) -> str:
    aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in entry.aliases)
    return f"- {{name: {json.dumps(entry.name, ensure_ascii=False)}, github: {_scalar(login)}, aliases: [{aliases}]}}"


def _seen(entry: Entry) -> str:
    return f"named in {entry.files} minutes file{'s' if entry.files != 1 else ''}" if entry.files else ""


def render(suggestion: Suggestion) -> str:
    lines = [HEADER.rstrip("\n")]
    lines += [f"# Source: {source}" for source in suggestion.sources]
    order = {"existing": 0, "suggested": 1, "unsure": 2, "ambiguous": 3}
    live = sorted(
        (e for e in suggestion.entries if e.status in order),
        key=lambda e: (order[e.status], e.name.casefold()),
    )
    sure = any(e.status in ("existing", "suggested") for e in live)
    lines.append("people:" if sure else "people: []  # no login is sure enough yet")
    for entry in live:
        seen = _seen(entry)
        if entry.status == "existing":
            lines.append(f"  # kept as is from the config{'; ' + seen if seen else ''}")
            lines += [f"  # {note}" for note in entry.evidence]
            lines.append(f"  {_mapping(entry, entry.login or '')}")
        elif entry.status == "suggested":
            lines.append(f"  # confidence {entry.confidence:.2f}{'; ' + seen if seen else ''}")
            lines += [f"  #   {line}" for line in entry.evidence]
            lines.append(f"  {_mapping(entry, entry.login or '')}")
        elif entry.status == "unsure":
            lines.append(f"  # UNSURE, confidence {entry.confidence:.2f}{'; ' + seen if seen else ''}")
            lines += [f"  #   {line}" for line in entry.evidence]
            lines.append(f"  # {_mapping(entry, entry.login or '')}")
        else:
            lines.append(
                f"  # AMBIGUOUS: {entry.name} could be {', '.join(f'`{c}`' for c in entry.candidates)}"
                f"{'; ' + seen if seen else ''}"
            )
            lines += [f"  #   {line}" for line in entry.evidence]
            lines.append(f"  # {_mapping(entry, entry.candidates[0] if entry.candidates else 'LOGIN')}")
    unmatched = sorted(
        (e for e in suggestion.entries if e.status == "unmatched"),
        key=lambda e: (-e.files, e.name.casefold()),
    )
    if unmatched:
        lines.append("")
        lines.append("# Named in the minutes, no login found (never pinged until you add one):")
        lines += [f"#   {e.name}{' (' + _seen(e) + ')' if e.files else ''}" for e in unmatched]
    if suggestion.ambiguous_names:
        lines.append("")
        lines.append("# Written in the minutes but shared by several people, so never given as an alias:")
        for name, owners in sorted(suggestion.ambiguous_names.items()):
            lines.append(f"#   {name}: {', '.join(owners)}")
    return "\n".join(lines) + "\n"
