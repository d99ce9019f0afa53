"""Weekly hours compliance: has a client attended the program's minimum this week? Pure; no Django.

ASAM level 2.1 asks at least 9 hours a week for adults and 6 for adolescents (REFERENCE.md section 2); the
minimum is a program setting. A week runs Monday to Sunday. In a week a client was enrolled for only part of,
the minimum is prorated by the weekdays enrolled, and hours the program itself cancelled (holidays, closures)
are not held against the client.
"""

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

WEEKDAYS_PER_WEEK = 5


class WeekStatus(StrEnum):
    MET = "met"  # attended at least the minimum
    ON_TRACK = "on_track"  # not yet, but the sessions still ahead this week would get there
    AT_RISK = "at_risk"  # cannot reach the minimum even by attending everything left this week
    BELOW = "below"  # the week is over and the minimum was not reached
    NOT_REQUIRED = "not_required"  # not enrolled on any weekday of this week


@dataclass(frozen=True)
class WeekInput:
    monday: dt.date
    today: dt.date
    minimum_minutes: int  # the program's weekly minimum for a full week
    enrolled_from: dt.date
    enrolled_until: dt.date | None  # first day no longer enrolled; None while enrolled
    attended_minutes: int
    remaining_scheduled_minutes: int  # minutes of sessions still ahead this week (0 for past weeks)
    cancelled_by_program_minutes: int = 0


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


def enrolled_weekdays(monday: dt.date, start: dt.date, until: dt.date | None) -> int:
    """How many of the week's Monday-Friday fall inside the enrollment [start, until)."""
    days = (monday + dt.timedelta(days=offset) for offset in range(WEEKDAYS_PER_WEEK))
    return sum(1 for day in days if start <= day and (until is None or day < until))


def required_minutes(week: WeekInput) -> int:
    weekdays = enrolled_weekdays(week.monday, week.enrolled_from, week.enrolled_until)
    prorated = math.ceil(week.minimum_minutes * weekdays / WEEKDAYS_PER_WEEK)
    return max(0, prorated - week.cancelled_by_program_minutes)


def evaluate_week(week: WeekInput) -> WeekResult:
    required = required_minutes(week)
    attended = week.attended_minutes
    week_over = week.today > week.monday + dt.timedelta(days=6)
    if enrolled_weekdays(week.monday, week.enrolled_from, week.enrolled_until) == 0:
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
