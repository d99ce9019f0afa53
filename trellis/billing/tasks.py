"""Queue work for billing: capture over a date range, and a nightly recheck of held charges."""

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from trellis.billing import capture
from trellis.core import clock

NIGHTLY_DAYS = 14  # late attendance and notes signed late still land in charges


@db_task()
def capture_charges_task(first: str, last: str) -> int:
    result = capture.capture_charges(first=dt.date.fromisoformat(first), last=dt.date.fromisoformat(last))
    return result.created + result.updated


@db_periodic_task(crontab(hour="2", minute="45"))
def nightly_capture_and_recheck() -> int:
    """Nightly: capture the last two weeks again (new attendance, signed notes) and recheck every hold."""
    today = clock.now().date()
    result = capture.capture_charges(first=today - dt.timedelta(days=NIGHTLY_DAYS), last=today)
    return result.released + capture.recheck_held_charges().released
