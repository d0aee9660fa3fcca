"""The reference the parse shortcuts are compared with: markdown-it-py's full parse.

`bot/parse/markdown.py` skips parsing work that cannot change its tokens; its tests read
both token streams the same way and compare them, field by field.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.parse.markdown import inline_content

# The minutes parser's preset and rules, with none of its shortcuts.
FULL = MarkdownIt("commonmark", {"html": True}).enable("table")


def read_tokens(tokens: list[Token]) -> list[dict]:
    """Every field of every token, and for an inline token what its children read as."""
    return [
        {
            **token.as_dict(children=False),
            "children": inline_content(token) if token.type == "inline" else None,
        }
        for token in tokens
    ]
