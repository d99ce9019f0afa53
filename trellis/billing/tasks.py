"""Queue work for billing: capture over a date range for one organization, and a nightly capture and recheck
of held charges run for each organization on its own."""

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from trellis.billing import capture
from trellis.core import clock
from trellis.programs.models import Organization

NIGHTLY_DAYS = 14  # late attendance and notes signed late still land in charges


@db_task()
def capture_charges_task(first: str, last: str, *, organization_id: str) -> int:
    """Capture one organization's charges; the page that queues it passes the biller's organization."""
    organization = Organization.objects.get(pk=organization_id)
    result = capture.capture_charges(
        first=dt.date.fromisoformat(first), last=dt.date.fromisoformat(last), organization=organization
    )
    return result.created + result.updated


def capture_and_recheck(*, organization: Organization, today: dt.date) -> int:
    """The last two weeks captured again (new attendance, signed notes) and every hold rechecked, for one
    organization; returns how many charges were released."""
    first = today - dt.timedelta(days=NIGHTLY_DAYS)
    released = capture.capture_charges(first=first, last=today, organization=organization).released
    return released + capture.recheck_held_charges(organization=organization).released


@db_periodic_task(crontab(hour="2", minute="45"))
def nightly_capture_and_recheck() -> int:
    """Nightly, organization by organization (each in its own transaction): capture and recheck."""
    today = clock.now().date()
    organizations = Organization.objects.order_by("name")
    return sum(capture_and_recheck(organization=organization, today=today) for organization in organizations)
