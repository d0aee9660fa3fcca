"""Hostile minutes cannot stall extraction: its time grows linearly with the file.

Minutes come from fork pull requests too, and a job timeout is the only other limit. A
quadratic spot turns a 20 KB line into minutes of work, so hypothesis builds lines of up to
200 KB by repeating short runs of the words the rules react to (commitment words, names,
PR numbers, markers, punctuation) and checks each input against a time budget.

The budget is a ratio, not seconds, so it holds on a slow CI runner and a fast laptop:
per 100 KB (started), extraction may take `RATIO` times the markdown-it-py parse of 100 KB
of ordinary minutes, or of the input itself when that parse is slower. (Plain prose is the
parser's fast path, so the input's own parse time alone would be too strict a yardstick.)
Linear code stays far below it; a quadratic spot exceeds it by orders of magnitude.
"""

from __future__ import annotations

import time
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.domain.config import Config, Person
from bot.domain.models import PullRequest
from bot.extract import extract
from bot.parse.minutes import parse_minutes

RATIO = 30  # generous: linear extraction of these inputs measures at most about 10x
REFERENCE_SIZE = 100_000
MAX_LINE = 200_000

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_CONFIG = Config(
    people=[
        Person(name="Ada Lovelace", github="ada", aliases=["Ada"]),
        Person(name="Jörg Müller", github="joerg", aliases=["Joerg Mueller", "Jörg"]),
        Person(name="Bo Chen", github="bochen", aliases=[]),
    ],
    pull_requests={"repositories": ["example/project"]},
)
_PULLS = [
    PullRequest(
        repository="example/project",
        number=number,
        title=f"Add the {topic} support",
        author=author,
        state="open",
        created_at=None,
    )
    for number, topic, author in [(11, "reboot", "ada"), (12, "console", "joerg"), (13, "reboot", "bochen")]
]
# Words and marks the rules react to; runs of them, repeated, are what used to be quadratic.
_WORDS = [
    "will", "shall", "'ll", "to", "plans to", "agreed to", "asked Ada to", "is requested to", "please",
    "let's", "Ada", "Ada Lovelace", "Jörg", "Joerg Mueller", "Bo", "@ada", "@bochen", "he", "she", "they",
    "and", "with", "not", "if", "how", "the", "Ab-", "Ab", "AB", "X.", "e.g.", "Dr.", "AI:", "AR:",
    "Action item:", "Next steps:", "Decision:", "DS:", "[ ]", "[x]", "PR", "PR 12", "PRs 11, 12", "#12",
    "example/project#11", "project#13", "https://github.com/example/project/pull/11", "patch", "posted",
    "Ada's", "reboot", "next week", "by Friday", "tomorrow", "2025-09-17", "September 17, 2025", "(", ")",
    ":", ";", ",", ".", "-", "–", "*", "`", "|", "<td>", "<br>", "’s", "fix", "review", "merge",
]  # fmt: skip
_SEPARATORS = [" ", "", ". ", ", ", "\n", " - ", "; "]
_LINE_STARTS = ["", "* ", "- [ ] ", "> ", "1. ", "AI: ", "| ", "## ", "    "]
_ORDINARY = [
    "* Ada will send the reboot patch to the list by Friday.",
    "* Bo asked about the console PR; Jörg said he would review it next week.",
    "The group agreed to move the call to Thursdays. Nobody objected.",
    "Action item: Bo to update the design document.",
    "Discussion of PR 12 and the open questions on memory layout, with no decision yet.",
]


@st.composite
def _line(draw: st.DrawFn) -> str:
    unit = "".join(
        draw(st.sampled_from(_WORDS)) + draw(st.sampled_from(_SEPARATORS))
        for _ in range(draw(st.integers(1, 4)))
    )
    length = draw(st.integers(1, MAX_LINE))
    return draw(st.sampled_from(_LINE_STARTS)) + unit * max(1, length // len(unit))


def _minutes(lines: list[str]) -> str:
    return "# Project call, September 17, 2025\n\n" + "\n".join(lines) + "\n"


def _cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def _parse_time(text: str) -> float:
    return min(_cpu(lambda: _PARSER.parse(text)) for _ in range(2))


def _reference_parse() -> float:
    """Parse time of 100 KB of ordinary minutes (best of three, once per session)."""
    lines: list[str] = []
    while sum(map(len, lines)) < REFERENCE_SIZE:
        lines += _ORDINARY
    return min(_parse_time(_minutes(lines)) for _ in range(3))


_REFERENCE: list[float] = []


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(st.lists(_line(), min_size=1, max_size=3))
def test_extraction_time_is_bounded_by_a_multiple_of_the_parse(lines: list[str]) -> None:
    if not _REFERENCE:
        _REFERENCE.append(_reference_parse())
    text = _minutes(lines)
    units = -(-len(text) // REFERENCE_SIZE)  # 100 KB blocks, started ones counted
    budget = RATIO * max(_parse_time(text), _REFERENCE[0] * units)
    spent = _cpu(lambda: extract(parse_minutes(text, "Meetings/call.md"), _CONFIG, _PULLS))
    assert spent <= budget, (
        f"{len(text) / 1000:.0f} KB took {spent:.2f} s, over {RATIO}x the parse ({budget:.2f} s): "
        f"{text[:200]!r}"
    )


def test_a_hostile_line_still_yields_its_follow_up() -> None:
    """Bounding the work does not drop what an ordinary sentence after the noise says."""
    text = _minutes(["will " * 4000, "", "* Ada will send the reboot patch by Friday."])
    findings = extract(parse_minutes(text, "Meetings/call.md"), _CONFIG, _PULLS)
    ada = [f for f in findings.follow_ups if f.owners == ["ada"]]
    assert [f.due for f in ada] == [date(2025, 9, 19)]
