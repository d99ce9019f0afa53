"""Drafts seed: a third everyday group whose note the idle-timeout test writes, apart from the signing test's."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.services import record_attendance

GROUP = "Everyday relapse-prevention group"
WRITERS = ("Avery", "Blake")


def seed(base: Any) -> None:
    group = factories.RecurringGroupFactory.create(
        track=base.track,
        facilitator=base.alice,
        name=GROUP,
        weekdays=list(range(7)),
        starts_at=dt.time(0, 0),
        duration_minutes=120,
        active_from=base.today - dt.timedelta(days=14),
    )
    starts = dt.datetime.combine(base.today, dt.time(0, 0), tzinfo=dt.UTC)
    session = factories.GroupSessionFactory.create(
        group=group, date=base.today, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    for client in base.clients:
        if client.legal_first_name in WRITERS:
            record_attendance(
                session=session, client=client, status=AttendanceRecord.Status.PRESENT, recorded_by=base.alice
            )
