"""Writes of the outcomes app: keeping the weekly-hours rollup the dashboards count."""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.episodes.models import Enrollment
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
