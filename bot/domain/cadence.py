"""When a series meets next: the date "by the next call" means when the minutes do not say.

The minutes' own words come first (the extractor reads "the next meeting is on …" and "our
bi-weekly call"). When they are silent, a due date of "next meeting" still has an answer the
file cannot give: the series' `cadence` in the config, or the series' other minutes files,
which `process` reads anyway. Those give the next call exactly when its minutes are already
there (minutes committed late), or the gap the series keeps. A guess is worse than no date,
so an irregular series gets none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

# A gap longer than this is a break (holidays, a paused series), not the series' rhythm.
LONGEST_GAP_DAYS = 35
# The series' rhythm is read from its recent gaps: it changes over the years.
RECENT_GAPS = 6


def next_call(on: date | None, cadence: int | None, series_dates: Iterable[date | None] = ()) -> date | None:
    """The date of the call after the one held `on`, or None when nothing says it.

    `cadence`: days between calls, from the config. `series_dates`: the dates of the series'
    minutes files, this one's included. The gap the series keeps counts only when most of
    its recent gaps (at least two) agree.
    """
    if on is None:
        return None
    if cadence:
        return on + timedelta(days=cadence)
    dates = sorted({d for d in series_dates if d is not None})
    later = [d for d in dates if d > on]
    if later and (later[0] - on).days <= LONGEST_GAP_DAYS:
        return later[0]
    earlier = [d for d in dates if d <= on]
    gaps = [(b - a).days for a, b in pairwise(earlier)][-RECENT_GAPS:]
    gaps = [gap for gap in gaps if gap <= LONGEST_GAP_DAYS]
    if len(gaps) < 2:
        return None
    gap, count = Counter(gaps).most_common(1)[0]
    return on + timedelta(days=gap) if count * 2 > len(gaps) else None
