"""Review due dates: last review (or signing) + interval, due by the end of that day in the site's zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from trellis.plans.review_schedule import (
    ReviewState,
    end_of_day,
    next_review_on,
    review_due,
    review_state,
    shortest_interval,
)

D = dt.date


@pytest.mark.parametrize(
    ("signed_on", "last_reviewed_on", "interval", "expected"),
    [
        (D(2026, 1, 31), None, 30, D(2026, 3, 2)),  # across the end of a 28-day February
        (D(2028, 1, 31), None, 30, D(2028, 3, 1)),  # 2028 is a leap year: Feb 29 exists
        (D(2028, 1, 30), None, 30, D(2028, 2, 29)),  # lands on the leap day itself
        (D(2027, 1, 30), None, 30, D(2027, 3, 1)),  # ... which does not exist in 2027
        (D(2026, 12, 15), None, 30, D(2027, 1, 14)),  # across a year end
        (D(2026, 3, 31), None, 30, D(2026, 4, 30)),  # 31-day month into a 30-day month
        (D(2026, 1, 1), D(2026, 1, 25), 30, D(2026, 2, 24)),  # a review restarts the clock
        (D(2026, 1, 1), D(2026, 1, 1), 30, D(2026, 1, 31)),  # reviewed the day it was signed
        (D(2026, 2, 10), D(2026, 1, 25), 30, D(2026, 3, 12)),  # a review of an older version counts not
        (D(2026, 1, 31), None, 21, D(2026, 2, 21)),  # a 3-week state rule
        (D(2026, 1, 31), None, 1, D(2026, 2, 1)),  # the smallest interval
        (D(2026, 1, 1), None, 365, D(2027, 1, 1)),
    ],
)
def test_it_computes_the_next_review_day(
    signed_on: dt.date, last_reviewed_on: dt.date | None, interval: int, expected: dt.date
) -> None:
    assert (
        next_review_on(signed_on=signed_on, last_reviewed_on=last_reviewed_on, interval_days=interval)
        == expected
    )


def test_it_refuses_an_interval_under_a_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        next_review_on(signed_on=D(2026, 1, 1), last_reviewed_on=None, interval_days=0)


@pytest.mark.parametrize(
    ("due_on", "today", "soon", "expected"),
    [
        (D(2026, 3, 10), D(2026, 3, 1), 7, ReviewState.ON_TRACK),  # 9 days left
        (D(2026, 3, 10), D(2026, 3, 2), 7, ReviewState.ON_TRACK),  # 8 days: just outside the window
        (D(2026, 3, 10), D(2026, 3, 3), 7, ReviewState.DUE_SOON),  # 7 days: the window's edge
        (D(2026, 3, 10), D(2026, 3, 9), 7, ReviewState.DUE_SOON),  # 1 day
        (D(2026, 3, 10), D(2026, 3, 10), 7, ReviewState.DUE_TODAY),
        (D(2026, 3, 10), D(2026, 3, 11), 7, ReviewState.OVERDUE),  # the day after
        (D(2026, 3, 10), D(2026, 4, 30), 7, ReviewState.OVERDUE),
        (D(2026, 3, 10), D(2026, 3, 6), 3, ReviewState.ON_TRACK),  # a program with a 3-day window
        (D(2026, 3, 10), D(2026, 3, 7), 3, ReviewState.DUE_SOON),
    ],
)
def test_it_places_a_due_day_in_its_window(
    due_on: dt.date, today: dt.date, soon: int, expected: ReviewState
) -> None:
    assert review_state(due_on=due_on, today=today, due_soon_days=soon) == expected


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([30], 30),
        ([30, 21], 21),  # a stricter state rule wins over the program's 30 days
        ([14, 30, 21], 14),
        ([None, 21], 21),
        ([], 30),  # nothing configured: the default 30 days
        ([None], 30),
    ],
)
def test_it_takes_the_shortest_applicable_interval(intervals: list[int | None], expected: int) -> None:
    assert shortest_interval(intervals) == expected


@pytest.mark.parametrize(
    ("day", "zone", "utc_end", "hours_in_day"),
    [
        # New York springs forward on 2026-03-08 (a 23-hour day): due 23:59:59 EDT = 03:59:59 UTC next day.
        (D(2026, 3, 8), "America/New_York", dt.datetime(2026, 3, 9, 3, 59, 59, 999999, tzinfo=dt.UTC), 23),
        # ... and falls back on 2026-11-01 (25 hours): 23:59:59 EST = 04:59:59 UTC.
        (D(2026, 11, 1), "America/New_York", dt.datetime(2026, 11, 2, 4, 59, 59, 999999, tzinfo=dt.UTC), 25),
        # An ordinary day either side.
        (D(2026, 3, 7), "America/New_York", dt.datetime(2026, 3, 8, 4, 59, 59, 999999, tzinfo=dt.UTC), 24),
        (D(2026, 3, 9), "America/New_York", dt.datetime(2026, 3, 10, 3, 59, 59, 999999, tzinfo=dt.UTC), 24),
        # Sydney (southern hemisphere) ends DST on 2026-04-05 (25 hours): 23:59:59 AEST (+10).
        (D(2026, 4, 5), "Australia/Sydney", dt.datetime(2026, 4, 5, 13, 59, 59, 999999, tzinfo=dt.UTC), 25),
        # ... and starts it on 2026-10-04 (23 hours): 23:59:59 AEDT (+11).
        (D(2026, 10, 4), "Australia/Sydney", dt.datetime(2026, 10, 4, 12, 59, 59, 999999, tzinfo=dt.UTC), 23),
        # Lord Howe Island shifts by half an hour.
        (
            D(2026, 4, 5),
            "Australia/Lord_Howe",
            dt.datetime(2026, 4, 5, 13, 29, 59, 999999, tzinfo=dt.UTC),
            24.5,
        ),
        (D(2026, 3, 8), "UTC", dt.datetime(2026, 3, 8, 23, 59, 59, 999999, tzinfo=dt.UTC), 24),
    ],
)
def test_it_ends_the_due_day_at_local_midnight_across_dst(
    day: dt.date, zone: str, utc_end: dt.datetime, hours_in_day: float
) -> None:
    # when the due instant is computed for a day that may be 23, 24 or 25 hours long
    end = end_of_day(day, zone)

    # then it is the last instant of that local day, on that local date, and the day kept all its hours
    assert end == utc_end
    assert end.astimezone(ZoneInfo(zone)).date() == day
    start = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone))
    assert round((end - start.astimezone(dt.UTC)).total_seconds() / 3600, 1) == hours_in_day


def test_it_gives_the_due_date_and_state_together() -> None:
    # given a plan signed on Feb 6 in New York, 30-day reviews: due on the spring-forward day
    due = review_due(
        signed_on=D(2026, 2, 6),
        last_reviewed_on=None,
        interval_days=30,
        today=D(2026, 3, 8),
        zone_name="America/New_York",
    )

    # then it is due today, until 23:59 EDT, with no days left
    assert due.due_on == D(2026, 3, 8)
    assert due.state == ReviewState.DUE_TODAY
    assert due.days_left == 0
    assert due.due_at.utcoffset() == dt.timedelta(hours=-4)
    assert due.is_alert
