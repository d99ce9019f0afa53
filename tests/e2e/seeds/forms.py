"""Forms seed: an everyday group of its own whose attendance the tally test taps, so the attendance test's
group stays untouched."""

import datetime as dt
from typing import Any

from tests import factories

GROUP = "Everyday check-in group"


def seed(base: Any) -> None:
    group = factories.RecurringGroupFactory.create(
        track=base.track,
        facilitator=base.alice,
        name=GROUP,
        weekdays=list(range(7)),
        starts_at=dt.time(0, 0),
        duration_minutes=60,
        active_from=base.today - dt.timedelta(days=14),
    )
    starts = dt.datetime.combine(base.today, dt.time(0, 0), tzinfo=dt.UTC)
    factories.GroupSessionFactory.create(
        group=group, date=base.today, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
