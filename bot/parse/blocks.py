"""The block rules of the minutes parser: left out where they cannot match, called only at
lines they can match, pushing tokens cheaply. The tokens are those markdown-it's own block
parser makes (tests in tests/parse compare them on generated documents).

`markdown.parse` leaves out the block rules that cannot match anywhere in the document.
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

Pushing a block token through markdown-it's `Token` dataclass costs a fifth of the parse,
so the block state sets the token's fields directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from markdown_it import MarkdownIt, rules_block
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.parser_block import _rules as BLOCK_RULES
from markdown_it.ruler import Rule, Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import block as core_block
from markdown_it.token import Token

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


def use_fast_blocks(md: MarkdownIt) -> None:
    """Give `md` the dispatching block rules and the cheap token push, rules enabled as before."""
    md.core.ruler.at("block", _block)
    # markdown-it's own list of its block rules and the blocks each may end; a test checks it.
    enabled = md.block.ruler.get_active_rules()
    md.block.ruler = _DispatchingRuler()
    for name, rule, alt in BLOCK_RULES:
        md.block.ruler.push(name, {"code": _code, "table": _table, "hr": _hr}.get(name, rule), {"alt": alt})
    md.block.ruler.enableOnly(enabled)


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
BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
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


def unused_rules(text: str) -> frozenset[str]:
    """The block rules that cannot match anywhere in `text` (lheading: no underline)."""
    return frozenset(rule for rule, needs in BLOCK_NEEDS.items() if not needs(text))


def leave_out(md: MarkdownIt, rules: frozenset[str]) -> None:
    """Disable `rules` in `md`, lheading replaced by the stub that fails as it would."""
    md.block.ruler.disable(sorted(rules - {"lheading"}))
    if "lheading" in rules:
        md.block.ruler.at("lheading", _lheading_failing, {"alt": []})
