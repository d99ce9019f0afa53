"""Nightly: roll up the last weeks' weekly-hours verdicts for the outcome dashboards, for every organization.

Rolling up the last --weeks weeks again each night picks up attendance corrected after a week closed (the
services keep rolled-up weeks current as they write; this is the backstop). `--all` rolls up every finished week
since the organization's first enrollment, a few weeks per transaction, so the dashboards count any range of
history from the rollup: run it once on an existing database, or after a bulk load."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.outcomes.services import roll_up_weeks
from trellis.programs.models import Organization

# Weeks judged per transaction by --all: bounds the rows held in memory at once for a network of 200 sites.
CHUNK_WEEKS = 4


class Command(BaseCommand):
    help = "Roll up the finished weeks' weekly-hours compliance for the outcome dashboards."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=4, help="Finished weeks to roll up, counting back.")
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every finished week since the organization's first enrollment.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.now().date()
        this_monday = clock.week_start(today)
        for organization in Organization.objects.order_by("name"):
            mondays = self._mondays(organization, this_monday, options)
            kept = 0
            for start in range(0, len(mondays), CHUNK_WEEKS):
                chunk = mondays[start : start + CHUNK_WEEKS]
                kept += roll_up_weeks(organization_id=organization.pk, mondays=chunk, today=today)
            self.stdout.write(f"{organization.name}: {kept} client-weeks in {len(mondays)} weeks")

    def _mondays(
        self, organization: Organization, this_monday: dt.date, options: dict[str, Any]
    ) -> list[dt.date]:
        """The finished weeks to roll up, oldest first."""
        count = options["weeks"]
        if options["all"]:
            first = (
                Enrollment.objects.filter(episode__program__organization=organization)
                .order_by("starts_on")
                .values_list("starts_on", flat=True)
                .first()
            )
            count = (this_monday - clock.week_start(first)).days // 7 if first else 0
        return [this_monday - dt.timedelta(weeks=n) for n in range(count, 0, -1)]
