"""When a treatment plan review is due: pure date arithmetic in the site's time zone, no Django.

Next review = the last review (or, before any, the day the plan was signed) + the interval in days.
A review is due by the end of that day in the site's zone; it is "due soon" within the warning window.
Intervals are settings (program rule, state or payer rule); of all that apply the shortest wins
(REFERENCE.md section 7: commonly 30 days, some states 3 weeks).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

DEFAULT_INTERVAL_DAYS = 30
DEFAULT_DUE_SOON_DAYS = 7
DEFAULT_PLAN_DUE_DAYS = 7


class ReviewState(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ReviewDue:
    due_on: dt.date
    due_at: dt.datetime  # the last instant of due_on in the site's zone
    state: ReviewState
    days_left: int  # negative when overdue

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_alert(self) -> bool:
        return self.state != ReviewState.ON_TRACK


def shortest_interval(intervals: Iterable[int | None], *, default: int = DEFAULT_INTERVAL_DAYS) -> int:
    """The strictest applicable interval; the default only when no rule says anything."""
    given = [days for days in intervals if days]
    return min(given) if given else default


def next_review_on(*, signed_on: dt.date, last_reviewed_on: dt.date | None, interval_days: int) -> dt.date:
    if interval_days < 1:
        raise ValueError("A review interval is at least one day.")
    start = max(signed_on, last_reviewed_on) if last_reviewed_on else signed_on
    return start + dt.timedelta(days=interval_days)


def end_of_day(day: dt.date, zone_name: str) -> dt.datetime:
    """The last microsecond of a calendar day at a site, so a 23- or 25-hour DST day keeps all its hours."""
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=ZoneInfo(zone_name))
    return (next_midnight.astimezone(dt.UTC) - dt.timedelta(microseconds=1)).astimezone(ZoneInfo(zone_name))


def review_state(
    *, due_on: dt.date, today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> ReviewState:
    days_left = (due_on - today).days
    if days_left < 0:
        return ReviewState.OVERDUE
    if days_left == 0:
        return ReviewState.DUE_TODAY
    if days_left <= due_soon_days:
        return ReviewState.DUE_SOON
    return ReviewState.ON_TRACK


def review_due(
    *,
    signed_on: dt.date,
    last_reviewed_on: dt.date | None,
    interval_days: int,
    today: dt.date,
    zone_name: str,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> ReviewDue:
    due_on = next_review_on(
        signed_on=signed_on, last_reviewed_on=last_reviewed_on, interval_days=interval_days
    )
    return ReviewDue(
        due_on=due_on,
        due_at=end_of_day(due_on, zone_name),
        state=review_state(due_on=due_on, today=today, due_soon_days=due_soon_days),
        days_left=(due_on - today).days,
    )


def first_plan_due(*, admitted_on: dt.date, plan_due_days: int, today: dt.date, zone_name: str) -> ReviewDue:
    """When an admitted client's first plan must be signed: from admission it is always "due soon" at least."""
    due_on = admitted_on + dt.timedelta(days=plan_due_days)
    return ReviewDue(
        due_on=due_on,
        due_at=end_of_day(due_on, zone_name),
        state=review_state(due_on=due_on, today=today, due_soon_days=plan_due_days),
        days_left=(due_on - today).days,
    )
