"""The minutes parser skips work that cannot change its tokens: its results must not change.

It leaves plain inline tokens unparsed, and the block rules that cannot match a document
out. Each property compares it against an unmodified markdown-it-py parser of the same
preset. The strings mix ordinary characters (letters, spaces, tabs, newlines, punctuation,
non-ASCII) with the constructs an inline rule turns into something else than text, so a
character missing from the "plain" test shows; the documents mix lines that start each block.
"""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import Link
from bot.parse.markdown import inline_content, is_plain, markdown_parser, parse
from bot.parse.minutes import parse_minutes
from tests.support.full_parse import FULL, read_tokens

FAST = markdown_parser()

# Letters, digits, spaces and line ends weigh more, so that many strings hold one construct or none.
_CHARACTERS = [*"abcdXYZ 012", *"abcdXYZ 012", *"  \t\n\n", *"éß中—’\u00a0", *string.punctuation]
# What the enabled inline rules make of their start characters (none of these reads as its
# text), and the white space around line breaks, which the newline rule drops or keeps.
_CONSTRUCTS = [
    "&amp;", "&#35;", "&#x41;", "&copy;", "`code`", "``a`b``", "*em*", "**strong**", "_em_",
    "[a link](https://example.org/a)", "[ref]", "[ref][]", "![an image](i.png)", "<br>", "<b>x</b>",
    "<https://example.org>", "<me@example.org>", "\\.", "\\*", "\\\n", "  \n", " \n", "\t\n", "\n  ",
    "\n\t", "\n\u00a0", "\u00a0\n", "!", "]",
]  # fmt: skip
_INLINE = st.lists(st.sampled_from(_CHARACTERS + _CONSTRUCTS), max_size=16).map("".join)
_BLOCKS = [
    "", "# ", "## ", "* ", "- ", "1. ", "> ", ">>", ">\t", "    ", "  ", "\t", "| ", "```\n", "~~~\n", "```py\n",
    "===\n", "---\n", "* * *\n", "_\t_ _\n", "- - -", "***", "| a | b |\n| --- | --- |\n| ",
    "a | b\n-- | :-:\n", "a|b\n-|-\n", "[ref]: https://example.org/ref\n", "<div>\n", "<!-- note -->\n", "\n",
]  # fmt: skip
_DOCUMENT = st.lists(st.tuples(st.sampled_from(_BLOCKS), _INLINE), max_size=8).map(
    lambda lines: "\n".join(start + text for start, text in lines)
)


def _references() -> dict:
    """An env holding a link reference defined elsewhere in the file, for `[ref]` to resolve to."""
    return {"references": {"REF": {"href": "https://example.org/ref", "title": ""}}}


@settings(max_examples=800)
@given(_INLINE)
def test_an_inline_string_reads_as_the_full_inline_parse_reads_it(text: str) -> None:
    assert read_tokens(FAST.parseInline(text, _references())) == read_tokens(
        FULL.parseInline(text, _references())
    )


@settings(max_examples=200)
@given(_DOCUMENT)
def test_a_document_reads_as_the_full_parse_reads_it(document: str) -> None:
    assert read_tokens(parse(document)) == read_tokens(FULL.parse(document))


def test_the_plain_test_covers_the_inline_rules_the_parser_enables() -> None:
    """The fast path lists the start characters of these rules: another rule needs its own."""
    rules = FAST.get_active_rules()
    assert rules["inline"] == ["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline", "entity"]  # fmt: skip
    assert rules["inline2"] == ["balance_pairs", "emphasis", "fragments_join"]
    assert not FAST.options["linkify"] and not FAST.options["typographer"]


def test_plain_lines_lose_the_spaces_around_their_breaks_as_in_markdown() -> None:
    token = FAST.parseInline("Nadia to  \n  fix\tthe build \n\tby Friday")[0]
    assert token.children is None  # plain: read from its content
    assert inline_content(token) == ("Nadia to fix\tthe build by Friday", (), [8, 22])
    assert is_plain("Wrap-up: 3 items (see #12), 50% done!")
    assert not is_plain("see *this*")


def test_minutes_with_plain_and_marked_up_lines_give_their_statements() -> None:
    minutes = "\n".join(
        [
            "# Storage sync",
            "",
            "Priya will rebase the allocator branch  ",
            "\tand post new numbers.",
            "Tomas to look at the *fuzzing* job.",
            "See [the tracker][t] for the list.",
            "",
            "| Owner | Task |",
            "| --- | --- |",
            "| Priya | benchmarks |",
            "",
            "[t]: https://example.org/tracker",
        ]
    )
    statements = parse_minutes(minutes, "2031-04-02.md").statements
    assert [(s.line, s.kind, s.text) for s in statements] == [
        (1, "heading", "Storage sync"),
        (3, "paragraph", "Priya will rebase the allocator branch and post new numbers."),
        (5, "paragraph", "Tomas to look at the fuzzing job."),
        (6, "paragraph", "See the tracker for the list."),
        (8, "cell", "Owner"),
        (8, "cell", "Task"),
        (10, "cell", "Priya"),
        (10, "cell", "benchmarks"),
    ]
    assert statements[3].links == (Link(text="the tracker", href="https://example.org/tracker"),)
