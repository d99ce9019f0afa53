"""Reads for the client chart: episodes, enrollment history, attendance calendar and weekly hours."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min

from trellis.attendance.compliance import WeekResult
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import holiday_near, judge_client_weeks
from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange
from trellis.scheduling.models import GroupSession

CHART_WEEKS = 8


@dataclass(frozen=True)
class CalendarWeek:
    monday: dt.date
    days: list[tuple[dt.date, list[AttendanceRecord]]]
    hours: WeekResult | None


@dataclass(frozen=True)
class Chart:
    client: Client
    episodes: list[Episode]
    levels: list[LevelOfCareChange]
    enrollments: list[Enrollment]
    weeks: list[CalendarWeek]
    max_hours: float
    next_start: dt.datetime | None  # until then the running week's hours hold (a session ahead may count)


def get_chart(*, client: Client, today: dt.date) -> Chart:
    """The chart's attendance part; its weekly hours are judged from the enrollments and attendance it shows,
    not read again."""
    first_monday = clock.week_start(today) - dt.timedelta(weeks=CHART_WEEKS - 1)
    last_sunday = clock.week_start(today) + dt.timedelta(days=6)
    episodes = list(Episode.objects.filter(client=client).select_related("program", "primary_clinician"))
    levels = list(LevelOfCareChange.objects.filter(episode__client=client).select_related("recorded_by"))
    enrollments = list(
        Enrollment.objects.filter(episode__client=client)
        .select_related("track__site", "track__program", "phase")
        .annotate(holiday_near=holiday_near(first_monday, last_sunday))
        .order_by("-starts_on")
    )
    records = list(
        AttendanceRecord.objects.filter(client=client)
        .between(first_monday, today + dt.timedelta(days=6))
        .select_related("session__group")
    )
    by_day: dict[dt.date, list[AttendanceRecord]] = {}
    for record in records:
        by_day.setdefault(record.session.date, []).append(record)
    mondays = [first_monday + dt.timedelta(weeks=n) for n in range(CHART_WEEKS)]
    hours = judge_client_weeks(
        client_id=client.pk, enrollments=enrollments, records=records, mondays=mondays, today=today
    )
    weeks = [
        CalendarWeek(monday=m, days=[(d, by_day.get(d, [])) for d in clock.week_days(m)], hours=hours[m])
        for m in mondays
    ]
    most = max(
        [w.hours.attended_hours for w in weeks if w.hours]
        + [w.hours.required_hours for w in weeks if w.hours]
        + [1.0]
    )
    return Chart(
        client=client,
        episodes=episodes,
        levels=levels,
        enrollments=enrollments,
        weeks=weeks,
        max_hours=most,
        next_start=_next_start(enrollments, mondays[-1]),
    )


def _next_start(enrollments: list[Enrollment], monday: dt.date) -> dt.datetime | None:
    """When the next session of a track the client is in this week starts (None: none is left this week)."""
    sunday = monday + dt.timedelta(days=6)
    tracks = {
        e.track_id for e in enrollments if e.starts_on <= sunday and (e.ends_on is None or e.ends_on > monday)
    }
    if not tracks:
        return None
    upcoming = (
        GroupSession.objects.filter(track_id__in=tracks, starts_at__gt=clock.now())
        .between(monday, sunday)
        .exclude(status=GroupSession.Status.CANCELLED)
    )
    first: dt.datetime | None = upcoming.aggregate(first=Min("starts_at"))["first"]
    return first
