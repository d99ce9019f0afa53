"""When a scheduled measure is due: baseline at admission, then every N local calendar days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from trellis.measures.schedule import DueState, due_status, next_due_on

NY = "America/New_York"


def _at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(NY))


@pytest.mark.parametrize(
    ("last", "every", "expected"),
    [
        (None, 14, dt.date(2027, 1, 4)),  # never given: the baseline is due on admission day
        (dt.date(2027, 1, 4), 14, dt.date(2027, 1, 18)),
        (dt.date(2027, 1, 25), 14, dt.date(2027, 2, 8)),  # across a month end
        (dt.date(2027, 2, 20), 14, dt.date(2027, 3, 6)),  # across February (28 days)
        (dt.date(2028, 2, 20), 14, dt.date(2028, 3, 5)),  # across February in a leap year
        (dt.date(2027, 12, 28), 7, dt.date(2028, 1, 4)),  # across a year end
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 1)),
        (dt.date(2026, 12, 30), 14, dt.date(2027, 1, 13)),  # a screening before admission is the baseline
        (dt.date(2026, 6, 1), 14, dt.date(2027, 1, 4)),  # one from a past episode: baseline at admission
    ],
)
def test_it_counts_calendar_days_from_the_last_administration(
    last: dt.date | None, every: int, expected: dt.date
) -> None:
    assert next_due_on(admitted_on=dt.date(2027, 1, 4), last_given_on=last, every_days=every) == expected


@pytest.mark.parametrize(
    ("now", "state", "days_overdue"),
    [
        (_at(2026, 11, 30, 0, 0), DueState.UPCOMING, 0),  # the day before the due date, at midnight
        (_at(2026, 11, 30, 23, 59), DueState.UPCOMING, 0),
        (_at(2026, 12, 1, 0, 0), DueState.DUE, 0),  # due from the first minute of the due date
        (_at(2026, 12, 1, 23, 59), DueState.DUE, 0),
        (_at(2026, 12, 2, 0, 0), DueState.OVERDUE, 1),  # overdue from the next day
        (_at(2026, 12, 11, 9, 0), DueState.OVERDUE, 10),
    ],
)
def test_it_is_due_on_the_due_date_and_overdue_after(
    now: dt.datetime, state: DueState, days_overdue: int
) -> None:
    # given a PHQ-9 given on Nov 17 (every 14 days: due Dec 1, across the month end)
    due = due_status(
        instrument="phq9",
        admitted_on=dt.date(2026, 11, 2),
        last_given_at=_at(2026, 11, 17, 10, 0),
        every_days=14,
        now=now,
        zone=NY,
    )
    assert (due.due_on, due.state, due.days_overdue) == (dt.date(2026, 12, 1), state, days_overdue)


@pytest.mark.parametrize(
    ("given_at", "now", "due_on", "state"),
    [
        # spring forward (Mar 8 2026, 02:00 -> 03:00): given 23:30 the night before, weekly
        (_at(2026, 3, 7, 23, 30), _at(2026, 3, 14, 23, 59), dt.date(2026, 3, 14), DueState.DUE),
        (_at(2026, 3, 7, 23, 30), _at(2026, 3, 15, 0, 1), dt.date(2026, 3, 14), DueState.OVERDUE),
        (_at(2026, 3, 8, 3, 0), _at(2026, 3, 14, 23, 30), dt.date(2026, 3, 15), DueState.UPCOMING),
        # fall back (Nov 1 2026, 02:00 -> 01:00): the repeated hour does not shift the day
        (_at(2026, 10, 31, 23, 30), _at(2026, 11, 7, 0, 30), dt.date(2026, 11, 7), DueState.DUE),
        (_at(2026, 11, 1, 1, 30), _at(2026, 11, 7, 23, 30), dt.date(2026, 11, 8), DueState.UPCOMING),
        # given at 22:00 in New York is already the next day in UTC: the local date counts
        (
            dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC),
            _at(2026, 11, 30, 12, 0),
            dt.date(2026, 11, 30),
            DueState.DUE,
        ),
    ],
)
def test_it_reads_times_in_the_sites_zone_across_daylight_saving(
    given_at: dt.datetime, now: dt.datetime, due_on: dt.date, state: DueState
) -> None:
    due = due_status(
        instrument="bam",
        admitted_on=dt.date(2026, 1, 5),
        last_given_at=given_at,
        every_days=7,
        now=now,
        zone=NY,
    )
    assert (due.due_on, due.state) == (due_on, state)


def test_it_reads_now_in_the_sites_zone() -> None:
    # given 03:00 UTC on Dec 2 is still Dec 1 in Chicago, the due date
    due = due_status(
        instrument="phq9",
        admitted_on=dt.date(2026, 12, 1),
        last_given_at=None,
        every_days=14,
        now=dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC),
        zone="America/Chicago",
    )
    assert due.state == DueState.DUE


def test_it_refuses_an_interval_below_one_day() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next_due_on(admitted_on=dt.date(2027, 1, 4), last_given_on=None, every_days=0)
