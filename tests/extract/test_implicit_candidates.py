"""A query word is matched only against the PR words it may name, with the same outcome.

`PullIndex._expand` once matched each new word against every PR word of its initial; it now
asks `_candidates` for the few that may match (prefixes either way, abbreviations). The
expansion must be the same, in the same order (the order breaks ties between equally strong
words when a PR is scored), for any PR vocabulary.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.models import PullRequest
from bot.extract.implicit import _VERSION_BOOST, PullIndex, _match

# Few letters, so that prefixes, abbreviations ("bck" ~ "back") and shared initials are common.
_WORDS = st.text(alphabet="abckstu", min_size=1, max_size=9)
_VERSIONS = st.sampled_from(["1.86", "1.8", "2", "18"])


def _index(titles: list[str]) -> PullIndex:
    return PullIndex(
        PullRequest(repository="o/r", number=n, title=title, author="a", state="open", created_at=None)
        for n, title in enumerate(titles, start=1)
    )


def _every_word_matched(index: PullIndex, word: str) -> dict[str, float]:
    """The expansion as it was: `_match` against every PR word of the same initial."""
    found = {}
    for term in index._by_initial.get(word[0], ()):
        strength = _match(word, term)
        if strength:
            found[term] = strength * index._idf[term] * (_VERSION_BOOST if "." in term else 1.0)
    return found


def _queries(titles: list[str]) -> st.SearchStrategy[str]:
    """Words of any kind, and many that meet the titles' words: cut short, or without vowels."""
    words = [word.lower() for title in titles for word in title.split()]
    near = st.sampled_from(words).flatmap(
        lambda word: st.sampled_from(
            [word, word[:3], word[:4], word[:5], word + "s", "".join(c for c in word if c not in "aeiou")]
        )
    )
    return (_WORDS | _VERSIONS | near).filter(bool)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_WORDS | _VERSIONS, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=8),
    st.data(),
)
def test_expanding_a_word_gives_what_matching_every_word_gives(
    titles: list[str], data: st.DataObject
) -> None:
    index = _index(titles)
    for word in data.draw(st.lists(_queries(titles), min_size=1, max_size=10)):
        assert list(index._expand(word).items()) == list(_every_word_matched(index, word).items()), word


def test_prefixes_and_abbreviations_are_still_found() -> None:
    index = _index(["Allocator rework", "Block config cleanup"])
    assert set(index._expand("alloc")) == {"allocator"}
    assert set(index._expand("blk")) == {"block"}
    assert set(index._expand("cfg")) == {"config"}
    assert index._expand("rewrite") == {}
