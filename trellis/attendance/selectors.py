"""Reads for attendance pages: rosters and weekly hours, each in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum

from trellis.attendance.compliance import WeekInput, WeekResult, WeekStatus, evaluate_week
from trellis.attendance.models import AttendanceRecord
from trellis.core import clock, clock_marks
from trellis.episodes.models import Enrollment
from trellis.programs.models import Holiday
from trellis.scheduling.models import GroupSession, RecurringGroup


@dataclass(frozen=True)
class RosterLine:
    client: Any
    enrollment: Enrollment
    record: AttendanceRecord | None


@dataclass(frozen=True)
class SessionRoster:
    lines: list[RosterLine]
    hours: dict[Any, WeekResult]  # each client's week so far, by client id


def get_roster_with_hours(*, session: GroupSession, today: dt.date) -> SessionRoster:
    """The roster and each client's week so far (4-5 queries): the clients' enrollments that week, roster
    ones marked, in one query, and their attendance that week, this session's records among it, in another."""
    monday = clock.week_start(session.date)
    sunday = monday + dt.timedelta(days=6)
    roster_ids = Enrollment.objects.on(session.date).filter(track_id=session.track_id)
    in_force = Q(track_id=session.track_id, starts_on__lte=session.date) & (
        Q(ends_on__isnull=True) | Q(ends_on__gt=session.date)
    )
    enrollments = list(
        Enrollment.objects.filter(episode__client_id__in=Subquery(roster_ids.values("episode__client_id")))
        .overlapping(monday, sunday + dt.timedelta(days=1))
        .select_related("episode__client", "phase", "track__program")
        .annotate(
            on_roster=ExpressionWrapper(in_force, output_field=BooleanField()),
            holiday_near=_holiday_at_site(monday, sunday),
        )
    )
    records = list(
        AttendanceRecord.objects.filter(client_id__in=Subquery(roster_ids.values("episode__client_id")))
        .between(monday, sunday)
        .annotate(day=F("session__date"))
    )
    here = {r.client_id: r for r in records if r.session_id == session.pk}
    on_roster = sorted(
        (e for e in enrollments if e.on_roster),
        key=lambda e: (e.episode.client.legal_last_name, e.episode.client.legal_first_name),
    )
    lines = [
        RosterLine(client=e.episode.client, enrollment=e, record=here.get(e.episode.client_id))
        for e in on_roster
    ]
    by_day: dict[tuple[Any, dt.date], int] = defaultdict(int)
    for record in records:
        by_day[(record.client_id, record.day)] += record.minutes_attended or 0
    attended = _weekly_minutes((client_id, day, total) for (client_id, day), total in by_day.items())
    hours = _judge([_row_of(e, e.episode.client_id) for e in enrollments], attended, [monday], today)[monday]
    return SessionRoster(lines=lines, hours=hours)


def judge_client_weeks(
    *,
    client_id: Any,
    enrollments: list[Enrollment],
    records: list[AttendanceRecord],
    mondays: list[dt.date],
    today: dt.date,
) -> dict[dt.date, WeekResult | None]:
    """One client's weeks from their enrollments and attendance already read (the chart reads both to show
    them): the same judgement as list_weeks_compliance, in 1-3 queries for the schedule instead of 3-5.

    `enrollments` need track__site and track__program read with them, and holiday_near annotated for the
    weeks (else holidays are looked up); `records` need their session, and may cover more days than the weeks.
    """
    first, last = min(mondays), max(mondays) + dt.timedelta(days=6)
    rows = [
        _row_of(e, client_id)
        for e in enrollments
        if e.starts_on <= last and (e.ends_on is None or e.ends_on > first)
    ]
    by_day: dict[tuple[Any, dt.date], int] = defaultdict(int)
    for record in records:
        if first <= record.session.date <= last:
            by_day[(client_id, record.session.date)] += record.minutes_attended or 0
    attended = _weekly_minutes((c, day, total) for (c, day), total in by_day.items())
    weeks = _judge(rows, attended, mondays, today)
    return {monday: weeks[monday].get(client_id) for monday in mondays}


def holiday_near(first: dt.date, last: dt.date) -> Exists:
    """For annotating enrollments given to judge_client_weeks: whether their site closes between these days."""
    return _holiday_at_site(first, last)


def _row_of(enrollment: Enrollment, client_id: Any) -> dict[str, Any]:
    """An enrollment as the plain row list_weeks_compliance reads (ENROLLMENT_FIELDS)."""
    return {
        "episode__client_id": client_id,
        "track_id": enrollment.track_id,
        "track__site_id": enrollment.track.site_id,
        "track__program__min_weekly_hours": enrollment.track.program.min_weekly_hours,
        "starts_on": enrollment.starts_on,
        "ends_on": enrollment.ends_on,
        "days_per_week": enrollment.days_per_week,
        "holiday_near": getattr(enrollment, "holiday_near", True),
    }


def _holiday_at_site(first: dt.date, last: dt.date) -> Exists:
    """Whether the enrollment's track's site closes for a holiday between these days (read with the row)."""
    return Exists(Holiday.objects.filter(site_id=OuterRef("track__site_id"), date__gte=first, date__lte=last))


@dataclass
class _Span:
    """A client's enrollment in one week: first day, end (None if open), rules, and the tracks they were in."""

    first: dt.date
    until: dt.date | None
    minimum_minutes: int
    days_per_week: int
    tracks: set[Any]


ENROLLMENT_FIELDS = (
    "episode__client_id",
    "track_id",
    "track__site_id",
    "track__program__min_weekly_hours",
    "starts_on",
    "ends_on",
    "days_per_week",
)


def _enrollment_spans(rows: list[dict[str, Any]]) -> dict[Any, _Span]:
    """Spans from plain rows: a page may weigh a thousand clients' weeks, so no model objects are built."""
    spans: dict[Any, _Span] = {}
    for row in sorted(rows, key=lambda r: r["starts_on"]):
        minimum = int(row["track__program__min_weekly_hours"] * 60)
        span = spans.get(row["episode__client_id"])
        if span is None:
            spans[row["episode__client_id"]] = _Span(
                row["starts_on"], row["ends_on"], minimum, row["days_per_week"], {row["track_id"]}
            )
            continue
        span.until = None if span.until is None or row["ends_on"] is None else max(span.until, row["ends_on"])
        span.days_per_week = row["days_per_week"]  # the latest phase sets the days still expected
        span.tracks.add(row["track_id"])
    return spans


@dataclass
class _TrackWeek:
    """Per track, one week: minutes offered each day (the published schedule, closures included), minutes the
    program closed each day, and minutes of sessions still ahead each day."""

    offered_by_day: dict[Any, dict[dt.date, int]] = field(default_factory=lambda: defaultdict(_by_day))
    closed_by_day: dict[Any, dict[dt.date, int]] = field(default_factory=lambda: defaultdict(_by_day))
    ahead_by_day: dict[Any, dict[dt.date, int]] = field(default_factory=lambda: defaultdict(_by_day))


def _by_day() -> dict[dt.date, int]:
    return defaultdict(int)


def _track_weeks(
    *, track_sites: dict[Any, Any], first: dt.date, last: dt.date, now: dt.datetime, holidays: bool = True
) -> dict[dt.date, _TrackWeek]:
    """Each week's schedule, closures and sessions ahead for the given tracks, keyed by Monday (3 queries)."""
    weeks: dict[dt.date, _TrackWeek] = defaultdict(_TrackWeek)
    sessions = GroupSession.objects.filter(track_id__in=track_sites).between(first, last)
    for session in sessions.only("track_id", "date", "starts_at", "ends_at", "status"):
        week = weeks[clock.week_start(session.date)]
        week.offered_by_day[session.track_id][session.date] += session.duration_minutes
        if session.is_cancelled:
            week.closed_by_day[session.track_id][session.date] += session.duration_minutes
        elif session.starts_at > now:
            week.ahead_by_day[session.track_id][session.date] += session.duration_minutes
            clock_marks.changes_at(
                [session.starts_at]
            )  # once it starts it is no longer ahead: the week may turn
    if holidays:
        _add_holiday_closures(weeks, track_sites=track_sites, first=first, last=last)
    return weeks


def _add_holiday_closures(
    weeks: dict[dt.date, _TrackWeek], *, track_sites: dict[Any, Any], first: dt.date, last: dt.date
) -> None:
    """A holiday generates no session, so the groups that would have met count as offered and closed."""
    holidays = list(
        Holiday.objects.filter(site_id__in=set(track_sites.values()), date__gte=first, date__lte=last)
    )
    if not holidays:
        return
    groups = RecurringGroup.objects.filter(track_id__in=track_sites).only(
        "track_id", "weekdays", "duration_minutes", "active_from", "active_until"
    )
    for group in groups:
        for holiday in holidays:
            if holiday.site_id == track_sites[group.track_id] and group.meets_on(holiday.date):
                week = weeks[clock.week_start(holiday.date)]
                week.offered_by_day[group.track_id][holiday.date] += group.duration_minutes
                week.closed_by_day[group.track_id][holiday.date] += group.duration_minutes


def _schedule(span: _Span, week: _TrackWeek) -> tuple[dict[dt.date, int], dict[dt.date, int]]:
    """The client's week as offered and closed: their track's, or for a client who changed track that week,
    on each day the track that offered the most."""
    offered: dict[dt.date, int] = {}
    closed: dict[dt.date, int] = {}
    for track in sorted(span.tracks, key=str):
        for day, minutes in week.offered_by_day.get(track, {}).items():
            if minutes > offered.get(day, 0):
                offered[day] = minutes
                closed[day] = week.closed_by_day.get(track, {}).get(day, 0)
    return offered, closed


def _attended(client_ids: Any, first: dt.date, last: dt.date) -> dict[tuple[Any, dt.date], tuple[int, int]]:
    """Per client and week (by Monday): minutes attended, and on how many days (1 query)."""
    rows = (
        AttendanceRecord.objects.filter(client_id__in=client_ids)
        .between(first, last)
        .values("client_id", "session__date")
        .annotate(total=Sum("minutes_attended"))
    )
    return _weekly_minutes((row["client_id"], row["session__date"], row["total"] or 0) for row in rows)


def _weekly_minutes(daily: Iterable[tuple[Any, dt.date, int]]) -> dict[tuple[Any, dt.date], tuple[int, int]]:
    """(client, day, minutes) summed per client and week (by Monday): minutes, and days with any."""
    attended: dict[tuple[Any, dt.date], tuple[int, int]] = {}
    for client_id, day, total in daily:
        key = (client_id, clock.week_start(day))
        minutes, days = attended.get(key, (0, 0))
        attended[key] = (minutes + total, days + (1 if total > 0 else 0))
    return attended


def _still_possible(span: _Span, days_attended: int, week: _TrackWeek) -> int:
    """Minutes the client could still attend: their longest remaining days, up to the days their phase expects."""
    by_day: dict[dt.date, int] = {}
    for track in span.tracks:
        for day, minutes in week.ahead_by_day.get(track, {}).items():
            by_day[day] = max(by_day.get(day, 0), minutes)
    days_left = max(0, span.days_per_week - days_attended)
    return sum(sorted(by_day.values(), reverse=True)[:days_left])


def _overlaps_week(row: dict[str, Any], monday: dt.date) -> bool:
    return row["starts_on"] <= monday + dt.timedelta(days=6) and (
        row["ends_on"] is None or row["ends_on"] > monday
    )


def list_weeks_compliance(
    *, client_ids: list[Any], mondays: list[dt.date], today: dt.date
) -> dict[dt.date, dict[Any, WeekResult]]:
    """Weekly hours against the program minimum, for many clients and weeks at once (6 queries in all)."""
    if not mondays:
        return {}
    first, last = min(mondays), max(mondays) + dt.timedelta(days=6)
    rows = list(
        Enrollment.objects.filter(episode__client_id__in=client_ids)
        .overlapping(first, last + dt.timedelta(days=1))
        .annotate(holiday_near=_holiday_at_site(first, last))
        .values(*ENROLLMENT_FIELDS, "holiday_near")
    )
    attended = _attended({r["episode__client_id"] for r in rows}, first, last)
    return _judge(rows, attended, mondays, today)


def _judge(
    rows: list[dict[str, Any]],
    attended: dict[tuple[Any, dt.date], tuple[int, int]],
    mondays: list[dt.date],
    today: dt.date,
) -> dict[dt.date, dict[Any, WeekResult]]:
    """The weeks judged from enrollment rows and attendance already read, with their schedule (2-3 queries)."""
    first, last = min(mondays), max(mondays) + dt.timedelta(days=6)
    track_sites = {r["track_id"]: r["track__site_id"] for r in rows}
    # Rows read with holiday_near say whether any of their sites closes in the range; most weeks none does.
    holidays = any(r.get("holiday_near", True) for r in rows)
    tracks = _track_weeks(track_sites=track_sites, first=first, last=last, now=clock.now(), holidays=holidays)
    return {
        monday: _evaluate(
            _enrollment_spans([r for r in rows if _overlaps_week(r, monday)]),
            attended,
            tracks[monday],
            monday,
            today,
        )
        for monday in mondays
    }


def _evaluate(
    spans: dict[Any, _Span],
    attended: dict[tuple[Any, dt.date], tuple[int, int]],
    week: _TrackWeek,
    monday: dt.date,
    today: dt.date,
) -> dict[Any, WeekResult]:
    results = {}
    for client_id, span in spans.items():
        minutes, days = attended.get((client_id, monday), (0, 0))
        offered, closed = _schedule(span, week)
        results[client_id] = evaluate_week(
            WeekInput(
                monday=monday,
                today=today,
                minimum_minutes=span.minimum_minutes,
                enrolled_from=span.first,
                enrolled_until=span.until,
                attended_minutes=minutes,
                remaining_scheduled_minutes=_still_possible(span, days, week),
                offered_by_day=offered,
                closed_by_day=closed,
            )
        )
    return results


def list_week_compliance(*, client_ids: list[Any], monday: dt.date, today: dt.date) -> dict[Any, WeekResult]:
    """One week's hours against the program minimum for many clients at once."""
    return list_weeks_compliance(client_ids=client_ids, mondays=[monday], today=today)[monday]


def needs_attention(result: WeekResult) -> bool:
    return result.status in {WeekStatus.AT_RISK, WeekStatus.BELOW}
