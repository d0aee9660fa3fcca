"""The minutes' Markdown parser, and the text, links and line breaks of its inline tokens.

Three in four inline tokens of minutes are plain prose, so the parser does not run the
inline parse on a token whose content holds no character an inline rule starts on, and
`inline_content` reads such a token's content directly. That gives exactly what the full
parse gives, because of the rules the preset enables (commonmark, html on;
`test_markdown_fast.py` fails if that set of rules changes):

- The enabled inline rules start on: backslash (escape), backtick (backticks), `*` and `_`
  (emphasis), `[` (link), `!` followed by `[` (image), `<` (autolink, html_inline),
  `&` (entity) and newline (newline). Every other character ends up as text: the text rule
  takes runs of them, and a character no rule accepts is added to the text as it is.
  A `!` without a `[` is text; with one, `[` already makes the content special.
- So the children of a plain token are text and line breaks only, and the `newline` rule
  makes each break: it drops the spaces (not tabs) ending the line before it, and skips
  the spaces and tabs starting the line after it; hard and soft breaks read the same here.
- With no link, image, code or HTML among the children, the links are none.

Bold labels ("**Date**: ...") are the next most common: content whose only special
characters are two runs of `*` of one length is read without the parse too. Emphasis is
the only rule that can apply, and with two runs the first can only open and the second
only close; if they can (`scanDelims`'s flanking tests, redone here with markdown-it's own
character classes), they pair up entirely (equal lengths pass the rule of three), every
`*` becomes an em or strong tag, and the text is the content without the runs; if not, the
stars are text. Line breaks read as in a plain token: an opening run is never followed by
white space, nor a closing one preceded by it, so the spaces a break drops are the same.

Links come next: a `[label](url)` whose label holds no special character, bracket or line
break and does not start or end with white space, and whose destination holds nothing the
link rule would unescape, stop at or nest, is what the link rule makes of it (a `!` before
it would make an image, so that is parsed), its label tokenized as plain text, its href
markdown-it's `normalizeLink` and `validateLink` of the destination. Such links, with a
bold pair around or beside them (emphasis pairs across links: their labels are a scope of
their own), read as the content with each link replaced by its label. Labels neither start
nor end with white space, so line breaks drop the same spaces as in a plain token.

Other tokens with a special character are parsed as before (with `env`, so reference links
resolve) and text-joined, as markdown-it's own `inline` and `text_join` core rules do.

`parse` also spares markdown-it block rules that cannot match (`blocks.py`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink, validateLink
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core import StateCore, text_join
from markdown_it.token import Token

from bot.domain.models import Link
from bot.parse.blocks import BLOCK_NEEDS, leave_out, unused_rules, use_fast_blocks

# The first characters of the enabled inline rules, less the newline and the `!` (see above).
_SPECIAL = re.compile(r"[\\`*_\[<&]")


_SPECIAL_BUT_STAR = re.compile(r"[\\`_\[<&]")
_STAR_RUN = re.compile(r"\*+")
# An inline link whose label holds no special character, bracket or line break, and starts
# and ends with no white space; whose destination holds no space, control character,
# parenthesis, angle or square bracket, backslash or `&` (nothing to unescape); no title.
_LABEL_END = r"[^\s\[\]\\`*_<&]"
_LINK = re.compile(
    rf"\[(?P<label>{_LABEL_END}(?:[^\n\[\]\\`*_<&]*{_LABEL_END})?)\]\((?P<url>[^\x00-\x20\x7f()<>\[\]\\&]+)\)"
)


def is_plain(content: str) -> bool:
    """True when no inline rule but text and newline can apply to `content`."""
    return _SPECIAL.search(content) is None


def _outline(content: str) -> tuple[list[re.Match[str]], list[re.Match[str]]] | None:
    """The simple links and the runs of `*` (none, one, or two of one length) of a content read
    without the parse; a lone run has nothing to pair with, so it is text.

    None when anything else is special: another character an inline rule starts on, an
    image's `!`, or other runs of `*`.
    """
    links = list(_LINK.finditer(content)) if "[" in content else []
    runs: list[re.Match[str]] = []
    start = 0
    for link in links:
        if (
            _SPECIAL_BUT_STAR.search(content, start, link.start())
            or content[link.start() - 1 : link.start()] == "!"
        ):
            return None
        runs.extend(_STAR_RUN.finditer(content, start, link.start()))
        start = link.end()
    if _SPECIAL_BUT_STAR.search(content, start):
        return None
    runs.extend(_STAR_RUN.finditer(content, start))
    if len(runs) > 2 or (
        len(runs) == 2 and runs[0].end() - runs[0].start() != runs[1].end() - runs[1].start()
    ):
        return None
    return links, runs


def is_unparsed(content: str) -> bool:
    """True when `inline_content` can read `content` without the inline parse."""
    return is_plain(content) or _outline(content) is not None


def _flanking(content: str, run: re.Match[str]) -> tuple[bool, bool]:
    """Whether a run of `*` can open and close emphasis, as markdown-it's `scanDelims` decides."""
    last = content[run.start() - 1] if run.start() > 0 else " "
    after = content[run.end()] if run.end() < len(content) else " "
    return _flanks(last, after)


@lru_cache(maxsize=4096)
def _flanks(last: str, after: str) -> tuple[bool, bool]:
    """`_flanking` of a run between `last` and `after`; a few pairs (a space and a letter) recur
    in nearly every bold label, and the Unicode punctuation test is slow."""
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    last_space = isWhiteSpace(ord(last))
    after_space = isWhiteSpace(ord(after))
    opens = not (after_space or (after_punct and not (last_space or last_punct)))
    closes = not (last_space or (last_punct and not (after_space or after_punct)))
    return opens, closes


# A destination `normalizeLink` returns unchanged and `validateLink` allows: a path, query
# or fragment of characters `mdurl.encode` keeps (and escapes it keeps), after an optional
# http(s) host of ASCII labels that mdurl's parse keeps whole (up to 63 characters a label,
# 255 in all) and punycode leaves as they are. mdurl parses it into parts that format back to
# it; no such URL starts with a scheme `validateLink` rejects. Without the host it must not
# start with `//`, which mdurl reads as a host.
_URL_KEPT = r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})"
_KEPT_URL = re.compile(
    rf"(?:https?://(?=[A-Za-z0-9.-]{{1,255}}(?:[/?#]|$))[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}})*|(?!//))"
    rf"(?:[/?#]{_URL_KEPT}*)?"
)


def _normalize_link(url: str) -> str:
    """markdown-it's `normalizeLink`, returning at once the destinations it keeps as they are.

    Nearly every destination in minutes is a plain web address or path, and the full
    normalization costs a tenth of the walk.
    """
    return url if _KEPT_URL.fullmatch(url) else normalizeLink(url)


def _href(url: str) -> str:
    """A link destination as markdown-it's link rule stores it (empty when not allowed)."""
    href = _normalize_link(url)
    return href if validateLink(href) else ""


def _outlined_content(content: str) -> tuple[str, tuple[Link, ...], list[int]]:
    """`inline_content` of an unparsed token: its links become their labels, emphasis goes."""
    outline = _outline(content) if "[" in content or "*" in content else None
    if outline is None:
        return _plain_content(content)
    links, runs = outline
    spans = [(link.start(), link.end(), link.group("label")) for link in links]
    if len(runs) == 2 and _flanking(content, runs[0])[0] and _flanking(content, runs[1])[1]:
        spans += [(run.start(), run.end(), "") for run in runs]
    parts: list[str] = []
    start = 0
    for begin, end, text in sorted(spans):
        parts += [content[start:begin], text]
        start = end
    text, _, breaks = _plain_content("".join([*parts, content[start:]]))
    return text, tuple(Link(text=link["label"], href=_href(link["url"])) for link in links), breaks


def inline(state: StateCore) -> None:
    """The core `inline` rule, parsing only the inline tokens `is_unparsed` cannot read.

    Those it can get `children = None`: `inline_content` reads their content instead.
    """
    parsed: list[Token] = []
    for token in state.tokens:
        if token.type != "inline":
            continue
        if is_unparsed(token.content):
            token.children = None
        else:
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
            parsed.append(token)
    text_join(StateCore("", state.md, state.env, parsed))


def markdown_parser() -> MarkdownIt:
    """The parser for minutes: CommonMark with HTML and tables, plain inline tokens unparsed.

    Its tokens are for `inline_content`, not for rendering (a plain token has no children).
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    use_fast_blocks(md)
    md.core.ruler.at("inline", inline)
    md.core.ruler.disable("text_join")  # done by `inline`, for the tokens it parses
    md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=2 ** len(BLOCK_NEEDS))
def _parser_without(rules: frozenset[str]) -> MarkdownIt:
    """The minutes parser without the block `rules` (lheading stubbed); built once per set."""
    md = markdown_parser()
    leave_out(md, rules)
    return md


def parse(text: str) -> list[Token]:
    """The tokens of `text`, parsed without the block rules that cannot match in it."""
    return _parser_without(unused_rules(text)).parse(text)


def _plain_content(content: str) -> tuple[str, tuple[Link, ...], list[int]]:
    """`inline_content` of a plain token, from its content as markdown-it's newline rule reads it."""
    if "\n" not in content:  # most are one line: its text as it is
        return content, (), []
    lines = content.split("\n")
    lines = [line.rstrip(" ") for line in lines[:-1]] + lines[-1:]
    lines = lines[:1] + [line.lstrip(" \t") for line in lines[1:]]
    breaks = [end - 1 for end in accumulate(len(line) + 1 for line in lines[:-1])]
    return " ".join(lines), (), breaks


def inline_content(token: Token) -> tuple[str, tuple[Link, ...], list[int]]:
    """Plain text of an inline token, its links, and the offsets where source lines break."""
    if token.children is None:
        content = token.content
        if "\n" in content or "[" in content or "*" in content:
            return _outlined_content(content)
        return content, (), []  # one plain line: what `_outlined_content` gives, with less to do
    parts: list[str] = []
    links: list[Link] = []
    breaks: list[int] = []
    href: str | None = None
    link_text: list[str] = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
            if href is not None:
                link_text.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            breaks.append(len(parts))  # an index into parts, made an offset at the end (linear)
            parts.append(" ")
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            link_text = []
        elif child.type == "link_close" and href is not None:
            links.append(Link(text="".join(link_text), href=href))
            href = None
        elif child.type == "image":
            continue
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
    offsets = list(accumulate(map(len, parts), initial=0))
    return "".join(parts), tuple(links), [offsets[index] for index in breaks]
