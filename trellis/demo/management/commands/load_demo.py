"""`manage.py load_demo`: fill an empty database with the synthetic Riverside Recovery program."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.demo.billing_demo import load_billing
from trellis.demo.casework_demo import load_casework
from trellis.demo.clinical_services_demo import load_clinical_services
from trellis.demo.consents_demo import load_consents
from trellis.demo.generator import demo_exists, load_demo
from trellis.demo.notifications_demo import load_notifications
from trellis.demo.plans_measures_demo import load_plans_and_measures
from trellis.demo.portal_demo import load_portal
from trellis.demo.referrals_demo import load_referrals
from trellis.demo.schedule_demo import publish_demo_weeks, schedule_demo_measures
from trellis.demo.second_organization import NAME as HARBOR_NAME
from trellis.demo.second_organization import load_second_organization
from trellis.demo.structure import ORGANIZATION_NAME
from trellis.demo.supervision_demo import load_supervision
from trellis.demo.support_demo import load_support


class Command(BaseCommand):
    help = (
        "Load the synthetic demo program (Riverside Recovery): sites, tracks, staff, clients and attendance; "
        "and a small second organization (Harbor Light Health) that must never see it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if an organization exists.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same program."
        )
        parser.add_argument("--clients", type=int, default=80, help="How many clients (at least 10).")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_exists():
            if options["if_empty"]:
                self.stdout.write("An organization exists already; the demo was not loaded.")
                return
            raise CommandError("The database already holds an organization; load the demo into an empty one.")
        if options["clients"] < 10:
            raise CommandError("The demo needs at least 10 clients.")
        started = time.monotonic()
        summary = load_demo(seed=options["seed"], clients=options["clients"])
        # Consents come before billing: a claim for a client without one is held (42 CFR Part 2).
        consented = load_consents(
            organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today
        )
        load_plans_and_measures(
            organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today
        )
        billing = load_billing(seed=options["seed"], today=summary.today)
        load_supervision(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        load_clinical_services(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        load_referrals(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        load_support(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        load_casework(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        load_notifications(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        publish_demo_weeks(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        schedule_demo_measures(organization_name=ORGANIZATION_NAME, seed=options["seed"])
        load_portal(organization_name=ORGANIZATION_NAME, seed=options["seed"], today=summary.today)
        harbor = load_second_organization(seed=options["seed"], today=summary.today)
        load_consents(
            organization_name=HARBOR_NAME, seed=options["seed"], today=summary.today, special_cases=False
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo for {summary.today:%A %Y-%m-%d} in {time.monotonic() - started:.1f} s: "
                f"{summary.clients} clients ({summary.discharged} discharged, {summary.waitlisted} waitlisted), "
                f"{summary.sessions} sessions, {summary.attendance} attendance records, "
                f"{billing.charges} charges ({billing.held} held), {billing.claims} claims; "
                f"and a second organization, Harbor Light Health, with {harbor.clients} clients."
            )
        )
        self.stdout.write(
            f"{consented.signed} clients signed the TPO consent at admission. Part 2 cases to look at:"
        )
        for case, name in consented.cases.items():
            self.stdout.write(f"  {case}: {name}")
