"""Queue work for the outcome dashboards: the nightly Parquet snapshot of attendance history, per organization."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from trellis.outcomes.services import snapshot_history
from trellis.programs.models import Organization


@db_periodic_task(crontab(hour="3", minute="30"))
def snapshot_outcomes() -> int:
    """Nightly, organization by organization: returns the attendance records written in all."""
    organizations = Organization.objects.order_by("name")
    return sum(snapshot_history(organization_id=organization.pk).rows for organization in organizations)
