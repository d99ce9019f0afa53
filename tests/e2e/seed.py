"""Seeds a fresh database for the browser tests: a group that meets every day, so there is a session today.

Run as `python -m tests.e2e.seed` with DJANGO_SETTINGS_MODULE and TRELLIS_SQLITE_PATH set by the fixture.
"""

import datetime as dt
import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

import django

django.setup()

from tests import factories, instant  # noqa: E402
from tests.e2e import seeds  # noqa: E402
from trellis.accounts.roles import Role  # noqa: E402
from trellis.core import clock  # noqa: E402
from trellis.scheduling.services import generate_sessions  # noqa: E402

PASSWORD = "e2e-password-not-secret"
ROSTER = ["Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Gray", "Harper", "Indy", "Jules"]


@dataclass(frozen=True)
class Base:
    """What the base seed made, for feature seeds to build on."""

    organization: Any
    site: Any
    program: Any
    phase: Any
    track: Any
    group: Any
    alice: Any
    clients: list[Any]
    today: dt.date


def seed() -> Base:
    organization = factories.OrganizationFactory.create(name="Riverside Recovery")
    site = factories.SiteFactory.create(organization=organization, name="Northside", timezone="UTC")
    program = factories.ProgramFactory.create(organization=organization, name="IOP Substance Use")
    phase = factories.PhaseFactory.create(program=program, days_per_week=3)
    track = factories.TrackFactory.create(program=program, site=site, name="Northside day")
    alice = factories.UserFactory.create(
        username="alice",
        first_name="Alice",
        last_name="Clinician",
        role=Role.CLINICIAN,
        organization=organization,
        sites=[site],
        programs=[program],
        password=PASSWORD,
    )
    today = clock.today_in("UTC")
    group = factories.RecurringGroupFactory.create(
        track=track,
        facilitator=alice,
        name="Everyday process group",
        weekdays=list(range(7)),
        starts_at=dt.time(0, 0),
        duration_minutes=180,
        active_from=today - dt.timedelta(days=14),
    )
    clients = []
    for first_name in ROSTER:
        client = factories.ClientFactory.create(
            site=site, legal_first_name=first_name, legal_last_name="Example"
        )
        clients.append(client)
        factories.EnrollmentFactory.create(
            episode=factories.EpisodeFactory.create(
                client=client, program=program, admitted_on=today - dt.timedelta(days=10)
            ),
            track=track,
            phase=phase,
        )
    generate_sessions(first=today - dt.timedelta(days=7), last=today + dt.timedelta(days=7))
    return Base(
        organization=organization,
        site=site,
        program=program,
        phase=phase,
        track=track,
        group=group,
        alice=alice,
        clients=clients,
        today=today,
    )


def seed_features(base: Base) -> None:
    for module in sorted(pkgutil.iter_modules(seeds.__path__), key=lambda m: m.name):
        importlib.import_module(f"tests.e2e.seeds.{module.name}").seed(base)


if __name__ == "__main__":
    instant.start()
    seed_features(seed())
