"""The minutes parser calls a block rule only at lines it can match: its tokens must not change.

Each block rule (but lheading and paragraph) sits behind a test of the line it needs. These
properties compare the parser against an unmodified markdown-it-py parser of the same preset
on documents built to hit those tests from every side: lines indented by 0 to 6 columns
(spaces and tabs), nested in lists and quotes, lazily continued, and starting with each
block mark, with and without what must follow it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parse.blocks import _FIRST_MARKS, BLOCK_RULES
from bot.parse.markdown import markdown_parser, parse
from tests.support.full_parse import FULL, read_tokens

_INDENTS = ["", "", "", " ", "  ", "   ", "    ", "     ", "      ", "\t", " \t", "\t\t"]
# Block marks, each right or a little wrong: a missing space, another character after it.
_STARTS = [
    "", "", "", "# ", "#", "####### ", "- ", "-", "* ", "+ ", "+x", "1. ", "2) ", "10.", "1.x",
    "> ", ">", "```", "``", "~~~", "~~", "---", "- - -", "***", "_ _ _", "===", "= =", "<div>",
    "<!-- c -->", "<a href=\"x\">", "< ", "[ref]: /url", "[x]", "| a | b |", "|---|---|", "--- | ---",
    ":-: | -", "|", ":", "    code", "\u00a0- ", "-\t", "*\t", "_\t_ _", "*\t* *", "- -\t-", "-- -x",
]  # fmt: skip
_WORDS = ["Bob", "to", "fix", "it", "a | b", "- c", "# d", "`e`", "*f*", "x:", ">", "1.", "["]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=3).map(" ".join)
_LINE = st.tuples(st.sampled_from(_INDENTS), st.lists(st.sampled_from(_STARTS), max_size=2), _TEXT).map(
    lambda parts: parts[0] + "".join(parts[1]) + parts[2]
)
_DOCUMENT = st.lists(_LINE, max_size=12).map("\n".join)


@settings(max_examples=1500)
@given(_DOCUMENT)
def test_a_document_of_nested_blocks_reads_as_the_full_parse_reads_it(document: str) -> None:
    assert read_tokens(parse(document)) == read_tokens(FULL.parse(document))


def test_the_checked_rules_are_the_block_rules_markdown_it_has() -> None:
    """A rule markdown-it adds or renames would go unchecked, or a check would miss its rule."""
    names = [name for name, _, _ in BLOCK_RULES]
    assert names == FULL.block.ruler.get_all_rules()
    assert names == [
        "table", "code", "fence", "blockquote", "hr", "list", "reference", "html_block",
        "heading", "lheading", "paragraph",
    ]  # fmt: skip


def test_each_block_ends_a_paragraph_and_starts_a_line_as_in_markdown() -> None:
    document = "\n".join(
        [
            "Notes",
            "# Heading",
            "text",
            "> quote",
            "lazy line",
            "",
            "para",
            "```",
            "code",
            "```",
            "para",
            "***",
            "para",
            "+ plus item",
            "  continued",
            "      indented in the item",
            "2. two",
            "para",
            "<div>",
            "",
            "Name | Task",
            "--- | ---",
            "Bob | fix",
            "",
            "[ref]: https://example.org",
            "    code block",
            "",
            "Setext",
            "---",
        ]
    )
    tokens = parse(document)
    assert read_tokens(tokens) == read_tokens(FULL.parse(document))
    kinds = {token.type for token in tokens}
    assert {"heading_open", "blockquote_open", "fence", "hr", "bullet_list_open", "html_block"} <= kinds
    assert {"ordered_list_open", "table_open", "code_block"} <= kinds


def test_each_chain_of_block_rules_is_one_dispatching_rule() -> None:
    """The tokenizer's chain and each block's terminators, as markdown-it names them."""
    fast = markdown_parser().block.ruler
    FULL.block.ruler.getRules()
    chains = set(FULL.block.ruler.__cache__)
    assert chains == {"", "paragraph", "reference", "blockquote", "list"}
    for chain in chains:
        assert len(fast.getRules(chain)) == 1
        assert fast.getRules(chain)[0].__name__ == "dispatch"
    assert set(_FIRST_MARKS) <= set(FULL.block.ruler.get_all_rules())
