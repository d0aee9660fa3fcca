"""GitHub's view of a body the bot writes, for the tests that feed it hostile minutes.

markdown-it-py with CommonMark plus GitHub's tables and strikethrough: the text a reader
sees, the links, the HTML; mentions and references are read from the text as GitHub does.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from bot.domain.markers import BODY_LIMIT, Marker, find_marker, render_marker
from bot.render.escape import LINK_HOSTS

MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9-]*)")
REFERENCE = re.compile(r"([\w.-]+/[\w.-]+)?(#|GH-)(\d+)", re.IGNORECASE)
AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp)://(?P<host>[^\s/?#\\]*)|\bwww\.|[\w.+-]@[A-Za-z0-9-]+\.[A-Za-z]")
BOT_HTML = {"<sub>", "</sub>"}
RECORD = re.compile(r"<!-- minutes-bot-record \{[^<>]*\} -->\n?")
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rendered(body: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """(text a reader sees, link targets, HTML inline tags, HTML blocks) of a body."""
    texts: list[str] = []
    links: list[str] = []
    inline_html: list[str] = []
    blocks: list[str] = []
    for token in MARKDOWN.parse(body):
        if token.type == "html_block":
            blocks.append(token.content)
        for child in token.children or []:
            if child.type == "text":
                texts.append(child.content)
            elif child.type in ("link_open", "image"):
                links.append(str(child.attrGet("href") or child.attrGet("src")))
            elif child.type == "html_inline":
                inline_html.append(child.content)
    return texts, links, inline_html, blocks


def assert_safe(body: str, marker: Marker, mentions: set[str] = frozenset(), refs: set[str] = frozenset()):
    """What GitHub would show: only the bot's own pings, links, HTML and exactly its marker."""
    texts, links, inline_html, blocks = rendered(body)
    text = "\n".join(texts)
    assert set(MENTION.findall(text)) <= set(mentions), text
    assert {"".join(m) for m in REFERENCE.findall(text)} <= set(refs), text
    for match in AUTOLINK.finditer(text):
        assert (match.group("host") or "").lower() in LINK_HOSTS, match.group(0)
    for link in links:
        assert urlsplit(link).scheme == "https" and urlsplit(link).hostname in LINK_HOSTS, link
    assert set(inline_html) <= BOT_HTML, inline_html
    assert blocks and blocks[-1].strip() == render_marker(marker), blocks
    assert all(RECORD.fullmatch(block) for block in blocks[:-1]), blocks
    assert body.count("<!-- minutes-bot {") == 1 and body.count("<!--") == len(blocks)
    assert find_marker(body) == marker
    assert len(body) <= BODY_LIMIT
