"""Due dates from the words of a follow-up, counted from the meeting date."""

from datetime import date

import pytest

from bot.parse.dates import relative_due

WEDNESDAY = date(2025, 9, 17)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("will post it next week", date(2025, 9, 24)),
        ("will run next week's meeting", date(2025, 9, 24)),
        ("will send it by Friday", date(2025, 9, 19)),
        ("after Friday the changes will be merged", date(2025, 9, 19)),
        ("will send it tomorrow", date(2025, 9, 18)),
        ("will share it later this week", date(2025, 9, 19)),
        ("will update by end of week", date(2025, 9, 19)),
        ("submit comments by end of Thursday", date(2025, 9, 18)),
        ("within two weeks", date(2025, 10, 1)),
        ("in 3 days", date(2025, 9, 20)),
        ("will return with an update on 25July", date(2026, 7, 25)),
        ("will present on October 1st", date(2025, 10, 1)),
        ("the meeting on May 28th", date(2026, 5, 28)),
        ("on Tuesday September 23, 2025", date(2025, 9, 23)),
        ("by the next meeting", None),
        ("a 2-3 months time period", None),
        ("Mingshen Sun approved it", None),
        ("released on 2025-09-01", None),
    ],
)
def test_relative_and_written_dates(text: str, due: date | None) -> None:
    assert relative_due(text, WEDNESDAY) == due


def test_by_friday_on_a_friday_means_the_next_friday() -> None:
    assert relative_due("by Friday", date(2025, 9, 19)) == date(2025, 9, 26)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("drafts are due by the end of October", date(2025, 10, 31)),
        ("will publish the report in November", date(2025, 11, 30)),
        ("will share the numbers later in the week", date(2025, 9, 19)),
        ("will circulate it in February", date(2026, 2, 28)),
        ("may want to revisit", None),
        ("the release in October 2026 is out of scope", None),
    ],
)
def test_a_named_month_is_due_on_its_last_day(text: str, due: date | None) -> None:
    assert relative_due(text, WEDNESDAY) == due
