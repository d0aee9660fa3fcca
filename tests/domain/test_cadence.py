"""When a series meets next, for "by the next meeting" in minutes that do not say."""

from __future__ import annotations

from datetime import date

from bot.domain.cadence import next_call

WED = date(2026, 3, 4)


def test_the_configured_cadence_wins_over_the_files():
    assert next_call(WED, 14, [date(2026, 3, 11)]) == date(2026, 3, 18)


def test_the_next_files_date_is_the_next_call_when_its_minutes_are_there():
    assert next_call(WED, None, [date(2026, 2, 18), WED, date(2026, 3, 11)]) == date(2026, 3, 11)


def test_the_gap_most_recent_calls_kept_gives_the_next_one():
    biweekly = [date(2026, 1, 21), date(2026, 2, 4), date(2026, 2, 18), WED]
    assert next_call(WED, None, biweekly) == date(2026, 3, 18)


def test_a_long_break_is_no_rhythm_and_a_far_later_file_no_next_call():
    with_holidays = [date(2025, 12, 3), date(2025, 12, 10), date(2026, 1, 28), date(2026, 2, 4), WED]
    assert next_call(WED, None, with_holidays) == date(2026, 3, 11)  # weekly; the 7-week gap is ignored
    assert next_call(WED, None, [date(2026, 2, 25), WED, date(2026, 6, 3)]) is None  # one gap: no rhythm


def test_an_irregular_series_or_a_single_file_gets_no_date():
    assert (
        next_call(WED, None, [date(2026, 2, 7), date(2026, 2, 12), date(2026, 2, 23), WED]) is None
    )  # 5, 11, 9 days
    assert next_call(WED, None, [WED]) is None
    assert next_call(None, 7, []) is None
