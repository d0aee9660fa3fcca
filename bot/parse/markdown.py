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

`parse` also leaves out the block rules that cannot match anywhere in the document.
markdown-it tries each block rule at line starts, and as a terminator of paragraphs, lists
and quotes; these six return False without changing any state when the line lacks the mark
their match needs, so when the text has that mark nowhere, leaving the rule out changes
nothing. Code stays (without it, markdown-it reads indented lines differently in every
rule). lheading, tried at the start of every paragraph, looks down the following lines for
an underline, calling every paragraph terminator (silently, changing nothing) at each; when
no line of the text is a run of `-` or `=` (after spaces, tabs and quote marks, which is
where a line's content can start) it finds none, and all it does is fail and leave
`parentType` set to "paragraph" (unless the line is a code block), so a stub doing just
that replaces it. A parser per set of rules left out or replaced, at most 2**7, is built once.

Where a rule stays, it is called only at lines it can match. The tokenizer tries every
rule at each line start, and paragraphs, lists and quotes try their terminators at each
line, some 100,000 calls a corpus pass that nearly all fail. Each of fence, blockquote, hr,
list, reference, html_block and heading returns False, changing nothing, when the first
character of the line (after its indentation) is not one of its marks; hr also when the
rest of the line is not three or more of one of its marks with spaces and tabs; code when
the line is not indented four columns past the block; table when the next line does not
start with a delimiter row's `|`, `-` or `:`. So each chain of rules (the tokenizer's and
each block's terminators) is one rule that reads the line's first character once and
calls, in order, only the rules it allows, each of code, table and hr behind its own test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from markdown_it import MarkdownIt, rules_block
from markdown_it.common.normalize_url import normalizeLink, validateLink
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.parser_block import _rules as BLOCK_RULES
from markdown_it.ruler import Rule, Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore, text_join
from markdown_it.rules_core import block as core_block
from markdown_it.token import Token

from bot.domain.models import Link

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


# The first characters (after indentation) a line needs for each rule to match at it.
_FIRST_MARKS = {
    "fence": frozenset("`~"),
    "blockquote": frozenset(">"),
    "hr": frozenset("*-_"),
    "list": frozenset("*-+0123456789"),
    "reference": frozenset("["),
    "html_block": frozenset("<"),
    "heading": frozenset("#"),
}
_TABLE_MARKS = frozenset("|-:")  # the first character of a table's delimiter row


def _code(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """The code rule, not called at a line indented less than a code block is."""
    return state.sCount[line] - state.blkIndent >= 4 and rules_block.code(state, line, end, silent)


def _table(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """The table rule, not called when the next line cannot be a delimiter row."""
    pos = state.bMarks[line + 1] + state.tShift[line + 1]  # the last line has a sentinel after it
    return state.src[pos : pos + 1] in _TABLE_MARKS and rules_block.table(state, line, end, silent)


# A thematic break: three or more of one marker, only spaces and tabs between and after.
_HR_LINE = re.compile(r"(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}")


def _hr(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """The hr rule, not called at a line that is not a break (list items start with `-` too)."""
    pos = state.bMarks[line] + state.tShift[line]
    return _HR_LINE.fullmatch(state.src, pos, state.eMarks[line]) is not None and rules_block.hr(
        state, line, end, silent
    )


def _dispatching(rules: list[Rule[RuleFuncBlockType]]) -> RuleFuncBlockType:
    """One rule for a chain of `rules`: it tries, in order, those the line's first character allows.

    Matches when the first of them that matches does, as the chain's loop over all of them
    would: the ones it leaves out return False there, changing nothing.
    """
    others = tuple(rule.fn for rule in rules if rule.name not in _FIRST_MARKS)
    by_first = {
        mark: tuple(rule.fn for rule in rules if mark in _FIRST_MARKS.get(rule.name, mark))
        for marks in _FIRST_MARKS.values()
        for mark in marks
    }

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        for rule in by_first.get(state.src[pos : pos + 1], others):  # noqa: SIM110 (any() of a generator costs more)
            if rule(state, line, end, silent):
                return True
        return False

    return dispatch


class _DispatchingRuler(Ruler[RuleFuncBlockType]):
    """Block rules whose every chain (the tokenizer's, each block's terminators) is one
    `_dispatching` rule, built again whenever a rule is enabled, disabled or replaced."""

    def __compile__(self) -> None:
        super().__compile__()
        assert self.__cache__ is not None
        for chain in self.__cache__:
            rules = [rule for rule in self.__rules__ if rule.enabled and (not chain or chain in rule.alt)]
            self.__cache__[chain] = [_dispatching(rules)]


_new = object.__new__


class _State(StateBlock):
    """markdown-it's block state, its `push` making the token with its fields set directly.

    A token is a slotted dataclass: its `__init__` calls the default factories and
    `__post_init__`, which copies `attrs`; pushing block tokens that way cost a fifth of the
    parse. The token is the one `StateBlock.push` makes (a test pins `Token`'s fields).
    """

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        token = _new(Token)
        token.type = ttype
        token.tag = tag
        token.nesting = nesting
        token.attrs = {}
        token.map = None
        token.children = None
        token.content = ""
        token.markup = ""
        token.info = ""
        token.meta = {}
        token.block = True
        token.hidden = False
        if nesting < 0:
            self.level -= 1  # closing tag
        token.level = self.level
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


def _block(state: StateCore) -> None:
    """The core `block` rule, tokenizing in a `_State` (as `ParserBlock.parse` does, in its own)."""
    if state.inlineMode or not state.src:
        core_block(state)
        return
    block_state = _State(state.src, state.md, state.env, state.tokens)
    state.md.block.tokenize(block_state, block_state.line, block_state.lineMax)


def markdown_parser() -> MarkdownIt:
    """The parser for minutes: CommonMark with HTML and tables, plain inline tokens unparsed.

    Its tokens are for `inline_content`, not for rendering (a plain token has no children).
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.core.ruler.at("block", _block)
    md.core.ruler.at("inline", inline)
    md.core.ruler.disable("text_join")  # done by `inline`, for the tokens it parses
    md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    # markdown-it's own list of its block rules and the blocks each may end; a test checks it.
    enabled = md.block.ruler.get_active_rules()
    md.block.ruler = _DispatchingRuler()
    for name, rule, alt in BLOCK_RULES:
        md.block.ruler.push(name, {"code": _code, "table": _table, "hr": _hr}.get(name, rule), {"alt": alt})
    md.block.ruler.enableOnly(enabled)
    return md


# A line of only `-` or `=`, then spaces and tabs, as the content of a line (after spaces, tabs
# and quote marks); the first line, and a later one, found by the newline that starts it.
_FIRST_UNDERLINE = re.compile(r"[ \t>]*(?:-+|=+)[ \t]*(?:\n|\Z)")
_UNDERLINE = re.compile(r"\n[ \t>]*(?:-+|=+)[ \t]*(?:\n|\Z)")
# Three markers of a thematic break, only spaces and tabs between them.
_HR_MARKS = re.compile(r"([-*_])[ \t]*\1[ \t]*\1")


def _has_underline(text: str) -> bool:
    """Whether a line of `text` can underline a setext heading.

    A CR ends a line as a newline does (markdown-it's normalization); making each one a newline
    adds only empty lines, which underline nothing. The search starts on a literal newline, which
    the regex engine finds by a fast scan: every bullet line starts with a `-`.
    """
    text = text.replace("\r", "\n") if "\r" in text else text
    return _FIRST_UNDERLINE.match(text) is not None or _UNDERLINE.search(text) is not None


# What a match of each block rule needs somewhere in the text, tested by `str in` where a
# fixed string tells (normalizing CR and NUL, as markdown-it does first, adds or removes none
# of these marks).
_BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
    "table": lambda text: "|" in text,  # its header row has a pipe
    "fence": lambda text: "```" in text or "~~~" in text,
    "blockquote": lambda text: ">" in text,
    "html_block": lambda text: "<" in text,
    "reference": lambda text: "[" in text,
    "hr": lambda text: _HR_MARKS.search(text) is not None,
    "lheading": _has_underline,
}


def _lheading_failing(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """What lheading does where no line can underline a heading (see above)."""
    if not state.is_code_block(line):
        state.parentType = "paragraph"
    return False


@lru_cache(maxsize=2 ** len(_BLOCK_NEEDS))
def _parser_without(rules: frozenset[str]) -> MarkdownIt:
    """The minutes parser without the block `rules` (lheading stubbed); built once per set."""
    md = markdown_parser()
    md.block.ruler.disable(sorted(rules - {"lheading"}))
    if "lheading" in rules:
        md.block.ruler.at("lheading", _lheading_failing, {"alt": []})
    return md


def parse(text: str) -> list[Token]:
    """The tokens of `text`, parsed without the block rules that cannot match in it."""
    unused = frozenset(rule for rule, needs in _BLOCK_NEEDS.items() if not needs(text))
    return _parser_without(unused).parse(text)


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
