"""Nightly: roll up the last weeks' weekly-hours verdicts for the outcome dashboards, for every organization.

Rolling up the last --weeks weeks again each night picks up attendance corrected after a week closed."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trellis.core import clock
from trellis.outcomes.services import roll_up_weeks
from trellis.programs.models import Organization


class Command(BaseCommand):
    help = "Roll up the finished weeks' weekly-hours compliance for the outcome dashboards."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=4, help="Finished weeks to roll up, counting back.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.now().date()
        this_monday = clock.week_start(today)
        mondays = [this_monday - dt.timedelta(weeks=n) for n in range(1, options["weeks"] + 1)]
        for organization in Organization.objects.order_by("name"):
            kept = roll_up_weeks(organization_id=organization.pk, mondays=mondays, today=today)
            self.stdout.write(f"{organization.name}: {kept} client-weeks in {len(mondays)} weeks")
