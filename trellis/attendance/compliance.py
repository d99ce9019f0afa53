"""Weekly hours compliance: has a client attended the program's minimum this week? Pure; no Django.

ASAM level 2.1 asks at least 9 hours a week for adults and 6 for adolescents (REFERENCE.md section 2); the
minimum is a program setting. A week runs Monday to Sunday. In a week a client was enrolled for only part of,
the minimum is prorated by the sessions their track offered on the days they were enrolled (its published
schedule), not by weekdays: a client admitted on the Friday of a Monday-Thursday track owes nothing that week.
Hours the program itself closed (holidays, cancellations) on those days are not held against the client, and
closures on days they were not enrolled change nothing. Attending everything offered always meets the week.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

DAYS_PER_WEEK = 7


class WeekStatus(StrEnum):
    MET = "met"  # attended at least the minimum
    ON_TRACK = "on_track"  # not yet, but the sessions still ahead this week would get there
    AT_RISK = "at_risk"  # cannot reach the minimum even by attending everything left this week
    BELOW = "below"  # the week is over and the minimum was not reached
    NOT_REQUIRED = "not_required"  # no session open to the client on the days they were enrolled


@dataclass(frozen=True)
class WeekInput:
    monday: dt.date
    today: dt.date
    minimum_minutes: int  # the program's weekly minimum for a full week
    enrolled_from: dt.date
    enrolled_until: dt.date | None  # first day no longer enrolled; None while enrolled
    attended_minutes: int
    remaining_scheduled_minutes: int  # minutes of sessions still ahead this week (0 for past weeks)
    # The track's published schedule for each day of the week, closed sessions included, and the minutes of
    # it the program closed; days without sessions may be left out.
    offered_by_day: Mapping[dt.date, int] = field(default_factory=dict)
    closed_by_day: Mapping[dt.date, int] = field(default_factory=dict)


@dataclass(frozen=True)
class WeekResult:
    required_minutes: int
    attended_minutes: int
    status: WeekStatus

    @property
    def shortfall_minutes(self) -> int:
        return max(0, self.required_minutes - self.attended_minutes)

    @property
    def attended_hours(self) -> float:
        return round(self.attended_minutes / 60, 1)

    @property
    def required_hours(self) -> float:
        return round(self.required_minutes / 60, 1)


def enrolled_days(monday: dt.date, start: dt.date, until: dt.date | None) -> list[dt.date]:
    """The days of the week (Monday to Sunday) inside the enrollment [start, until)."""
    days = (monday + dt.timedelta(days=offset) for offset in range(DAYS_PER_WEEK))
    return [day for day in days if start <= day and (until is None or day < until)]


@dataclass(frozen=True)
class _Offer:
    week: int  # minutes the track offered over the whole week
    enrolled: int  # of those, on the days the client was enrolled
    closed: int  # of those, closed by the program

    @property
    def open(self) -> int:
        return max(0, self.enrolled - self.closed)


def _offer(week: WeekInput) -> _Offer:
    days = enrolled_days(week.monday, week.enrolled_from, week.enrolled_until)
    offered = {day: week.offered_by_day.get(day, 0) for day in days}
    return _Offer(
        week=sum(
            minutes
            for day, minutes in week.offered_by_day.items()
            if 0 <= (day - week.monday).days < DAYS_PER_WEEK
        ),
        enrolled=sum(offered.values()),
        closed=sum(min(week.closed_by_day.get(day, 0), minutes) for day, minutes in offered.items()),
    )


def required_minutes(week: WeekInput) -> int:
    """The minimum, prorated by the share of the week's sessions offered while enrolled, less closures."""
    offer = _offer(week)
    if offer.week == 0:
        return 0
    prorated = -(-week.minimum_minutes * offer.enrolled // offer.week)  # rounded up, in whole minutes
    return max(0, min(prorated - offer.closed, offer.open))


def evaluate_week(week: WeekInput) -> WeekResult:
    required = required_minutes(week)
    attended = week.attended_minutes
    week_over = week.today > week.monday + dt.timedelta(days=6)
    if _offer(week).open == 0:
        status = WeekStatus.NOT_REQUIRED
    elif attended >= required:
        status = WeekStatus.MET
    elif week_over:
        status = WeekStatus.BELOW
    elif attended + week.remaining_scheduled_minutes >= required:
        status = WeekStatus.ON_TRACK
    else:
        status = WeekStatus.AT_RISK
    return WeekResult(required_minutes=required, attended_minutes=attended, status=status)


def minutes_attended(
    *,
    session_start: dt.datetime,
    session_end: dt.datetime,
    arrived_at: dt.datetime | None,
    left_at: dt.datetime | None,
    present: bool,
) -> int:
    """Minutes of the session the client was in the room: arrival and departure clipped to the session."""
    if not present:
        return 0
    start = max(session_start, arrived_at or session_start)
    end = min(session_end, left_at or session_end)
    return max(0, int((end - start).total_seconds() // 60))
