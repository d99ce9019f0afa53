"""Attendance rate and weekly-hours compliance by site and track.

The rate counts SQL aggregates of recorded attendance. Compliance reuses the attendance app's weekly rule
(attendance.selectors.list_weeks_compliance, the one Today shows), so a dashboard and Today never disagree
about whether a client met a week.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from trellis.attendance.compliance import WeekStatus
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_weeks_compliance
from trellis.episodes.models import Enrollment
from trellis.outcomes import history
from trellis.outcomes.models import TrackWeek, WeekRollup
from trellis.outcomes.scope import Scope, weeks
from trellis.programs.models import Track

Status = AttendanceRecord.Status
ATTENDED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY)
# A session the program cancelled was never the client's to attend.
EXPECTED_STATUSES = (*ATTENDED, Status.EXCUSED, Status.UNEXCUSED)
EXPECTED = Q(status__in=EXPECTED_STATUSES)
# The verdicts of a finished week that owed hours; "not required" weeks owe nothing and count nowhere.
JUDGED = (WeekStatus.MET, WeekStatus.BELOW)


@dataclass(frozen=True)
class TrackAttendance:
    site: str
    track: str
    expected: int  # attendance records of sessions held (cancelled ones excluded)
    attended: int  # present, late or left early
    weeks_met: int  # client-weeks at or above the program's weekly minimum (finished weeks only)
    weeks_due: int  # client-weeks that owed hours (met + below)

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def compliance_rate(self) -> float | None:
        return self.weeks_met / self.weeks_due if self.weeks_due else None


def list_track_attendance(scope: Scope) -> list[TrackAttendance]:
    """Per track of the scope: attendance rate and the share of finished client-weeks that met the minimum."""
    rates = _rates(scope)
    names = _names(list(rates))
    met, due = _compliance(scope, names)
    lines = [
        TrackAttendance(
            site=site,
            track=track,
            expected=rates.get(tid, (0, 0))[0],
            attended=rates.get(tid, (0, 0))[1],
            weeks_met=met[tid],
            weeks_due=due[tid],
        )
        for tid, (site, track) in names.items()
    ]
    return sorted(lines, key=lambda line: (line.site, line.track))


def by_site(lines: list[TrackAttendance]) -> list[TrackAttendance]:
    """The track lines added up per site: what a page shows for many sites (2,000 track rows at 200 sites are
    slow to render and to read; each site's own dashboard and the CSV keep the per-track lines)."""
    sums: dict[str, list[int]] = {}
    tracks: dict[str, int] = defaultdict(int)
    for line in lines:
        total = sums.setdefault(line.site, [0, 0, 0, 0])
        for i, n in enumerate((line.expected, line.attended, line.weeks_met, line.weeks_due)):
            total[i] += n
        tracks[line.site] += 1
    return [
        TrackAttendance(site, f"{tracks[site]} track{'s' if tracks[site] != 1 else ''}", *total)
        for site, total in sorted(sums.items())
    ]


def _names(track_ids: list[Any]) -> dict[Any, tuple[str, str]]:
    rows = Track.objects.filter(pk__in=track_ids).values_list("pk", "site__name", "name")
    return {pk: (site, name) for pk, site, name in rows}


def _rates(scope: Scope) -> dict[Any, tuple[int, int]]:
    """(expected, attended) records per track: from the Parquet snapshot and the changes since when there is
    one (history.py), else counted in the database."""
    kept = history.count_attendance(
        organization_id=scope.organization_id,
        site_ids=scope.site_ids,
        program_ids=scope.program_ids,
        first=scope.first,
        last=scope.last,
        expected=EXPECTED_STATUSES,
        attended=ATTENDED,
    )
    if kept is not None:
        return kept
    rows = (
        AttendanceRecord.objects.filter(scope.tracks("session__"))
        .filter(session__date__gte=scope.first, session__date__lte=scope.last)
        .values("session__track_id")
        .annotate(expected=Count("pk", filter=EXPECTED), attended=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by()
    )
    return {r["session__track_id"]: (r["expected"], r["attended"]) for r in rows}


def _finished_mondays(scope: Scope) -> list[dt.date]:
    """Weeks wholly inside the range and over by today: a week still running has no verdict yet."""
    return [
        m
        for m in weeks(scope)
        if m >= scope.first
        and m + dt.timedelta(days=6) <= min(scope.last, scope.today - dt.timedelta(days=1))
    ]


def _compliance(scope: Scope, names: dict[Any, tuple[str, str]]) -> tuple[dict[Any, int], dict[Any, int]]:
    """Client-weeks met and due, per track: summed in SQL from the per-track rollup for the weeks rolled up (a
    few rows per track and week, whatever the clients), and judged
    here only for finished weeks not rolled up yet (a fresh install, or before the nightly job has run)."""
    mondays = _finished_mondays(scope)
    met: dict[Any, int] = defaultdict(int)
    due: dict[Any, int] = defaultdict(int)
    if not mondays:
        return met, due
    rolled = set(
        WeekRollup.objects.filter(organization_id=scope.organization_id, monday__in=mondays).values_list(
            "monday", flat=True
        )
    )
    counted = (
        TrackWeek.objects.filter(rollup__organization_id=scope.organization_id, rollup__monday__in=rolled)
        .filter(scope.tracks(), site_id__in=scope.site_ids)
        .values("track_id")
        .annotate(met=Sum("met"), due=Sum("due"))
        .order_by()
    )
    for row in counted:
        met[row["track_id"]] += row["met"]
        due[row["track_id"]] += row["due"]
    if unnamed := [track for track in met if track not in names]:
        names.update(_names(unnamed))
    live = [monday for monday in mondays if monday not in rolled]
    enrollments = Enrollment.objects.filter(scope.episodes("episode__"), scope.tracks())
    for _, _, (track, site, name), status in judge_weeks(
        enrollments=enrollments, mondays=live, today=scope.today
    ):
        names.setdefault(track, (site, name))
        due[track] += 1
        met[track] += status == WeekStatus.MET
    return met, due


def judge_weeks(
    *, enrollments: Any, mondays: list[dt.date], today: dt.date
) -> Iterator[tuple[dt.date, Any, tuple[Any, str, str], WeekStatus]]:
    """(Monday, client, their track that week, verdict) for each client-week that owed hours, by the attendance
    app's own weekly rule; each week counts against the track the client was in that week."""
    if not mondays:
        return
    rows = list(
        enrollments.overlapping(min(mondays), max(mondays) + dt.timedelta(days=7))
        .values("episode__client_id", "track_id", "track__name", "track__site__name", "starts_on", "ends_on")
        .order_by("starts_on")
    )
    results = list_weeks_compliance(
        client_ids=list({r["episode__client_id"] for r in rows}), mondays=mondays, today=today
    )
    for monday, by_client in results.items():
        track_of = _track_in_week(rows, monday)
        for client_id, result in by_client.items():
            track = track_of.get(client_id)
            if track is not None and result.status in JUDGED:
                yield monday, client_id, track, result.status


def _track_in_week(rows: list[dict[str, Any]], monday: dt.date) -> dict[Any, tuple[Any, str, str]]:
    """The client's track in the week: the latest enrollment that week (rows are in start order)."""
    sunday = monday + dt.timedelta(days=6)
    track_of = {}
    for row in rows:
        if row["starts_on"] <= sunday and (row["ends_on"] is None or row["ends_on"] > monday):
            track_of[row["episode__client_id"]] = (
                row["track_id"],
                row["track__site__name"],
                row["track__name"],
            )
    return track_of
