"""Notes seed: today's session of a second everyday group, with all ten clients of the base roster present.

A second group (not the base one) so the attendance browser test still starts from an untaken session.
It starts at midnight UTC, so the session has begun whenever the tests run and its note can be written.
"""

import datetime as dt
from typing import Any

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.services import record_attendance

GROUP = "Everyday skills group"
TOPIC = "Coping with cravings"


def seed(base: Any) -> None:
    topic = factories.TopicFactory.create(organization=base.organization, name=TOPIC)
    group = factories.RecurringGroupFactory.create(
        track=base.track,
        facilitator=base.alice,
        name=GROUP,
        weekdays=list(range(7)),
        starts_at=dt.time(0, 0),
        duration_minutes=120,
        default_topic=topic,
        active_from=base.today - dt.timedelta(days=14),
    )
    starts = dt.datetime.combine(base.today, dt.time(0, 0), tzinfo=dt.UTC)
    session = factories.GroupSessionFactory.create(
        group=group, date=base.today, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), topic=topic
    )
    for client in base.clients:
        record_attendance(
            session=session, client=client, status=AttendanceRecord.Status.PRESENT, recorded_by=base.alice
        )
