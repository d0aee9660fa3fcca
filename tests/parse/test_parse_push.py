"""The minutes parser's block state pushes tokens with their fields set directly.

They must be the tokens markdown-it's `StateBlock.push` makes: the same fields, values and
levels. A field markdown-it adds to `Token` would be missing from them, so its fields are pinned.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from bot.parse.blocks import _State
from tests.support.full_parse import FULL

_PUSHES = st.lists(
    st.tuples(
        st.sampled_from(["paragraph_open", "inline", "list_item_close", "hr"]),
        st.sampled_from(["p", "", "li"]),
        st.sampled_from([-1, 0, 1]),
    ),
    max_size=8,
)


@given(_PUSHES, st.integers(min_value=0, max_value=3))
def test_pushed_tokens_are_the_tokens_markdown_it_pushes(pushes: list, level: int) -> None:
    states = [StateBlock("text", FULL, {}, []), _State("text", FULL, {}, [])]
    for state in states:
        state.level = level
        returned = [state.push(*push) for push in pushes]
        assert returned == state.tokens
    assert all(type(token) is Token for token in states[1].tokens)
    assert states[0].tokens == states[1].tokens  # every field, as dataclasses compare
    assert states[0].level == states[1].level


def test_the_token_fields_are_the_ones_the_push_sets() -> None:
    fields = [field.name for field in dataclasses.fields(Token)]
    assert fields == [
        "type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info",
        "meta", "block", "hidden",
    ]  # fmt: skip
    token = _State("text", FULL, {}, []).push("paragraph_open", "p", 1)
    assert all(hasattr(token, field) for field in fields)
    assert token.attrs is not token.meta
