"""Write each organization's attendance history as a Parquet snapshot for the outcome dashboards (history.py).

The scheduled task outcomes.tasks.snapshot_outcomes does the same nightly; run this after a bulk load."""

from typing import Any

from django.core.management.base import BaseCommand

from trellis.outcomes.services import snapshot_history
from trellis.programs.models import Organization


class Command(BaseCommand):
    help = "Write each organization's attendance history as a Parquet snapshot for the outcome dashboards."

    def handle(self, *args: Any, **options: Any) -> None:
        for organization in Organization.objects.order_by("name"):
            snapshot = snapshot_history(organization_id=organization.pk)
            self.stdout.write(
                f"{organization.name}: {snapshot.rows} attendance records in {snapshot.path.name}"
            )
