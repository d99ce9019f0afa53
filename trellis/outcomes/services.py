"""Writes of the outcomes app: keeping the weekly-hours rollup the dashboards count."""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.outcomes import history
from trellis.outcomes.attendance import judge_weeks
from trellis.outcomes.models import ClientWeek, WeekRollup
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
    ClientWeek.objects.filter(rollup__in=kept.values(), client_id__in=client_ids).delete()
    judged = judge_weeks(
        enrollments=Enrollment.objects.filter(episode__client_id__in=client_ids),
        mondays=sorted({monday for _, monday in kept}),
        today=clock.now().date(),
    )
    ClientWeek.objects.bulk_create(
        ClientWeek(rollup=rollup, client_id=client_id, track_id=track[0], status=status)
        for monday, client_id, track, status in judged
        if (rollup := kept.get((orgs[client_id], monday))) is not None
    )


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
