"""`manage.py generate_program`: a large synthetic program for benchmarks, deterministic from a seed."""

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from trellis.demo.bulk import generate_program
from trellis.demo.bulk_rollup import roll_up_all
from trellis.demo.bulk_structure import BULK_ORGANIZATION_NAME
from trellis.programs.models import Organization


class Command(BaseCommand):
    help = "Generate a large synthetic program (sites, tracks, staff, clients, a year of attendance) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sites", type=int, default=20)
        parser.add_argument("--clients", type=int, default=5000)
        parser.add_argument("--weeks", type=int, default=52, help="Weeks of history before this week.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to write to.")
        parser.add_argument(
            "--copy",
            action="store_true",
            help="PostgreSQL: rows made in SQL and COPY, one audit event per track-week of attendance (200 sites).",
        )
        parser.add_argument(
            "--rollup-weeks",
            type=int,
            default=0,
            help="Then roll up this many finished weeks for the outcome dashboards, as the nightly job does.",
        )
        parser.add_argument(
            "--rollup-all",
            action="store_true",
            help="Then roll up every finished week for the outcome dashboards (roll_up_outcomes --all); with "
            "--copy, in SQL (trellis/demo/bulk_rollup.py), which writes the same rows.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sites"] < 1 or options["clients"] < 1 or options["weeks"] < 1:
            raise CommandError("Sites, clients and weeks must each be at least 1.")
        if options["copy"] and connections[options["database"]].vendor != "postgresql":
            raise CommandError("--copy loads through PostgreSQL's COPY; this database is not PostgreSQL.")
        if Organization.objects.using(options["database"]).filter(name=BULK_ORGANIZATION_NAME).exists():
            raise CommandError(f"{BULK_ORGANIZATION_NAME} exists already; generate into an empty database.")
        started = time.monotonic()
        summary = generate_program(
            sites=options["sites"],
            clients=options["clients"],
            weeks=options["weeks"],
            seed=options["seed"],
            using=options["database"],
            copy=options["copy"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.sites} sites, {summary.tracks} tracks, {summary.clients} clients, "
                f"{summary.sessions} sessions, {summary.attendance} attendance records and "
                f"{summary.audit_events} audit events in {time.monotonic() - started:.1f} s."
            )
        )
        if options["copy"] and options["rollup_all"]:
            started = time.monotonic()
            organization = Organization.objects.using(options["database"]).get(name=BULK_ORGANIZATION_NAME)
            kept = roll_up_all(organization_id=organization.pk, using=options["database"])
            self.stdout.write(f"Rolled up {kept} client-weeks in SQL in {time.monotonic() - started:.1f} s.")
            with connections[options["database"]].cursor() as cursor:
                cursor.execute("ANALYZE outcomes_weekrollup, outcomes_clientweek, outcomes_trackweek")
        elif options["rollup_weeks"] or options["rollup_all"]:
            started = time.monotonic()
            call_command(
                "roll_up_outcomes",
                weeks=options["rollup_weeks"],
                all=options["rollup_all"],
                stdout=self.stdout,
            )
            self.stdout.write(f"Rolled up in {time.monotonic() - started:.1f} s.")
            if options["copy"]:  # the planner's row estimates for the rollup, or it nests loops over them
                with connections[options["database"]].cursor() as cursor:
                    cursor.execute("ANALYZE outcomes_weekrollup, outcomes_clientweek, outcomes_trackweek")
