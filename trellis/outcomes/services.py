"""Writes of the outcomes app: keeping the weekly-hours rollup the dashboards count."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from trellis.attendance.compliance import WeekStatus
from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.outcomes import history
from trellis.outcomes.attendance import JUDGED, judge_weeks
from trellis.outcomes.models import ClientWeek, TrackWeek, WeekRollup
from trellis.privacy import audit


def roll_up_weeks(*, organization_id: Any, mondays: list[dt.date], today: dt.date) -> int:
    """Judge every client-week of the organization's finished weeks and keep the verdicts, replacing any kept
    before (so a week is rolled up again after an attendance correction). Returns the client-weeks kept."""
    finished = sorted(m for m in set(mondays) if m + dt.timedelta(days=6) < today)
    enrollments = Enrollment.objects.filter(episode__program__organization_id=organization_id)
    with transaction.atomic():
        WeekRollup.objects.filter(organization_id=organization_id, monday__in=finished).delete()
        rollups = {
            monday: WeekRollup.objects.create(organization_id=organization_id, monday=monday)
            for monday in finished
        }
        weeks = [
            ClientWeek(rollup=rollups[monday], client_id=client_id, track_id=track[0], status=status)
            for monday, client_id, track, status in judge_weeks(
                enrollments=enrollments, mondays=finished, today=today
            )
        ]
        ClientWeek.objects.bulk_create(weeks, batch_size=2000)
        recount_track_weeks(list(rollups.values()))
        audit.record(
            actor=None,
            action=audit.Action.UPDATE,
            detail=f"outcomes: weekly hours rolled up for {len(finished)} weeks",
            organization_id=organization_id,
            system_job="roll_up_outcomes",
        )
    return len(weeks)


def refresh_client_weeks(client_ids: list[Any], first: dt.date, last: dt.date | None) -> None:
    """Judge again these clients' weeks already rolled up between the weeks of `first` and `last` (None:
    onward), so a tap, a correction or an enrollment change shows on the dashboards at once, not after the
    nightly job. Called inside the changing service's transaction (core.week_changes); not audited itself,
    as it only re-derives figures from the write that service audits."""
    clients = Client.objects.filter(pk__in=client_ids)
    rollups = WeekRollup.objects.filter(
        organization_id__in=clients.values("site__organization_id"), monday__gte=clock.week_start(first)
    )
    if last is not None:
        rollups = rollups.filter(monday__lte=last)
    # One query when nothing is rolled up yet, as for every tap in the week still running.
    kept = {(r.organization_id, r.monday): r for r in rollups.select_for_update()}
    if not kept:
        return
    orgs = dict(clients.values_list("pk", "site__organization_id"))
    old = ClientWeek.objects.filter(rollup__in=kept.values(), client_id__in=client_ids)
    touched = set(old.values_list("track_id", flat=True))
    old.delete()
    judged = judge_weeks(
        enrollments=Enrollment.objects.filter(episode__client_id__in=client_ids),
        mondays=sorted({monday for _, monday in kept}),
        today=clock.now().date(),
    )
    weeks = ClientWeek.objects.bulk_create(
        ClientWeek(rollup=rollup, client_id=client_id, track_id=track[0], status=status)
        for monday, client_id, track, status in judged
        if (rollup := kept.get((orgs[client_id], monday))) is not None
    )
    # Only the tracks whose counts these clients were in, before the change or after it.
    recount_track_weeks(list(kept.values()), track_ids=touched | {week.track_id for week in weeks})


def recount_track_weeks(rollups: list[WeekRollup], *, track_ids: set[Any] | None = None) -> int:
    """Count the client-weeks of these rolled-up weeks again per track and clients' site (only `track_ids`, when
    given), replacing the counts kept: a recount from ClientWeek, so a partial one equals a full rebuild."""
    weeks = ClientWeek.objects.filter(rollup__in=rollups)
    kept = TrackWeek.objects.filter(rollup__in=rollups)
    if track_ids is not None:
        weeks, kept = weeks.filter(track_id__in=track_ids), kept.filter(track_id__in=track_ids)
    kept.delete()
    counted = (
        weeks.values("rollup_id", "track_id", "client__site_id")
        .annotate(
            met=Count("pk", filter=Q(status=WeekStatus.MET)), due=Count("pk", filter=Q(status__in=JUDGED))
        )
        .order_by()
    )
    rows = TrackWeek.objects.bulk_create(
        (
            TrackWeek(
                rollup_id=row["rollup_id"],
                track_id=row["track_id"],
                site_id=row["client__site_id"],
                met=row["met"],
                due=row["due"],
            )
            for row in counted.iterator(chunk_size=5000)
        ),
        batch_size=2000,
    )
    return len(rows)


def snapshot_history(*, organization_id: Any) -> history.Snapshot:
    """Write the organization's attendance history as Parquet for the dashboards, and audit that it was."""
    snapshot = history.write_snapshot(organization_id=organization_id)
    audit.record(
        actor=None,
        action=audit.Action.CREATE,
        detail=f"outcomes: attendance history snapshot of {snapshot.rows} records",
        organization_id=organization_id,
        system_job="snapshot_outcomes",
    )
    return snapshot
