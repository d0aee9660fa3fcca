"""Escaping: minutes text made inert before it reaches a GitHub body or the workflow log.

Minutes come from people and from fork pull requests, and the bot writes with a token. So
every piece of minutes text and every path that reaches a body goes through `neutralise`,
and every line printed to the log goes through `log_safe`. Pure functions, no I/O.
"""

from __future__ import annotations

import re

# The hosts a link in quoted text may point to: the pull requests and minutes the bot quotes.
LINK_HOSTS = frozenset({"github.com"})

_ZWJ = "\u200d"  # zero-width joiner: invisible, but GitHub no longer sees a mention or reference
_ZWSP = "\u200b"  # zero-width space: breaks a scheme or "www." so no autolink is made
# C0/C1 controls and the bidirectional overrides that can make a line read differently.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# https://github.github.com/gfm/#autolinks-extension-: "www.", "http://", "https://"; GitHub
# also links other schemes in some places, so every "scheme://" is defused unless its host is listed.
_URL = re.compile(
    r"(?i)\b(?P<scheme>[a-z][a-z0-9+.-]*)(?P<sep>://)(?P<authority>[^\s/?#\\]*)|\b(?P<www>www)\."
)
# https://spec.commonmark.org/0.31.2/#backslash-escapes: any ASCII punctuation may be escaped;
# these are the ones that start emphasis, code, links, tables, strikethrough, headings.
_MARKDOWN = str.maketrans(
    {
        "&": "&amp;",  # no entity from the minutes decodes to "<" or "@" in the rendered text
        "<": "&lt;",  # no HTML, no comment, no marker
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",  # no code span (inside one, escapes would not work)
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",  # no link, no image, no link reference
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
        "#": "\\#",
    }
)
# https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
# and https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams:
# "@login", "#123", "owner/repo#123" and "GH-123" are what GitHub links and notifies.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_NUMBER = re.compile(r"(?<=\\#)(?=\d)")
_GH_AUTOLINK = re.compile(r"(?i)\b(GH-)(?=\d)")

# https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions: the runner
# reads a line whose trimmed start is "::" as a command, and the legacy "##[command]" anywhere.
_COMMAND = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
_LEGACY_COMMAND = re.compile(r"#(?=#\[)")


def _defuse_url(match: re.Match[str]) -> str:
    if match.group("www"):
        return f"www{_ZWSP}."
    # A listed host exactly: "github.com@evil.example" or "github.com.evil.example" is not it.
    if match.group("scheme").lower() in ("http", "https") and match.group("authority").lower() in LINK_HOSTS:
        return match.group(0)
    return f"{match.group('scheme')}{_ZWSP}{match.group('sep')}{match.group('authority')}"


def neutralise(text: str) -> str:
    """Text from the minutes (or a path, a name, a GitHub message) as one inert line of Markdown.

    It renders as the same words, but: no HTML and so no hidden comment or marker; no
    emphasis, code span, table cell, heading or link; no @mention, #123, owner/repo#123 or
    GH-123 reference; no autolink except to LINK_HOSTS; entities show as typed. Whitespace
    and line breaks fold to single spaces, so nothing can start a block of its own.
    """
    text = " ".join(_INVISIBLE.sub(" ", text).split())
    text = _URL.sub(_defuse_url, text)
    text = text.translate(_MARKDOWN)
    text = _MENTION.sub("@" + _ZWJ, text)
    text = _NUMBER.sub(_ZWJ, text)
    return _GH_AUTOLINK.sub(r"\1" + _ZWJ, text)


def json_log_safe(text: str) -> str:
    """JSON for the log: "##[" can only be inside a string there, where "\\u005b" is the same "["
    to any JSON reader; and no JSON line starts with "::"."""
    return text.replace("##[", "##\\u005b")


def log_safe(text: str) -> str:
    """Text for the workflow log that cannot start a workflow command (`::stop-commands::`,
    `::add-mask::`, `##[error]`): a zero-width space splits the "::" or "##[" and reads the same."""
    text = _COMMAND.sub(r"\1:" + _ZWSP, text)
    return _LEGACY_COMMAND.sub("#" + _ZWSP, text)
