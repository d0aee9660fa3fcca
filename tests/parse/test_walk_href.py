"""A link destination the walker keeps as written must be what markdown-it's link rule stores.

`_normalize_link` (the parser's, and `_href`'s) skips `normalizeLink` for plain web addresses
and paths. These tests generate destinations from the characters that matter to mdurl's
parse, encode and punycode (schemes, hosts with long or empty labels, ports, `@`, `%` escapes, non-ASCII,
spaces) and check the result equals the full normalization wherever the fast path applies.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink, validateLink

from bot.parse.markdown import _KEPT_URL, _href, _normalize_link, markdown_parser

_SCHEMES = [
    "",
    "https://",
    "http://",
    "HTTPS://",
    "ftp://",
    "//",
    "mailto:",
    "javascript:",
    "data:",
    "https:",
]
_HOSTS = [
    "example.org",
    "a",
    "a..b",
    "A-B.Org",
    "a" * 64 + ".org",
    ".".join(["a" * 60] * 5),
    "h:80",
    "u@h",
    "ex_a.org",
    "é.org",
    "",
]
_PARTS = [*"/?#:@;=+$,-_.!~*'()%&aZ09 é^|[]", "%20", "%2", "%zz", "%", "/images/a.png"]
_URLS = st.builds(
    lambda scheme, host, rest: scheme + host + "".join(rest),
    st.sampled_from(_SCHEMES),
    st.sampled_from(_HOSTS),
    st.lists(st.sampled_from(_PARTS), max_size=8),
)


def _full(url: str) -> str:
    href = normalizeLink(url)
    return href if validateLink(href) else ""


@settings(max_examples=3000)
@given(_URLS)
def test_a_kept_destination_is_what_normalizing_it_gives(url: str) -> None:
    assert _normalize_link(url) == normalizeLink(url)
    assert _href(url) == _full(url)


def test_the_parser_normalizes_links_with_the_fast_test() -> None:
    assert markdown_parser().normalizeLink is _normalize_link


def test_common_destinations_are_kept_and_others_still_normalized() -> None:
    kept = ["https://github.com/ossf/tac/issues/152#issuecomment-1", "/images/a.png", "#top", "?a=1&b=%2F"]
    assert all(_KEPT_URL.fullmatch(url) for url in kept)
    assert [_href(url) for url in kept] == kept
    assert _href("https://ex.org/a b%zz") == "https://ex.org/a%20b%25zz"
    assert _href("javascript:alert(1)") == ""
    assert _href("http://" + "a" * 256) == _full("http://" + "a" * 256)
