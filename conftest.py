"""Named personas for every test: who works where, and who must not see whom.

Riverside Recovery runs one substance-use IOP at two sites, Northside (A) and Lakeside (B).
- Alice, clinician at Northside: sees Carol (a Northside client); must never see Dave (Lakeside).
- Bob, clinician at Lakeside: sees Dave, never Carol.
- Amy (admissions), Nora (nurse) and Bill (biller) work at Northside; Dana, clinical director, at both.
- Adam, administrator: sets programs up; sees no client.
- Cami, case manager, and Pete, peer recovery specialist, work at Northside (the `support_staff` fixture:
  whole-person care, issue 15; not part of World so the older matrices keep their shape).

Harbor Light Health is a second organization with one site, Harborview, and its own program: Olga directs
it and Hugo is its client. Nobody of one organization ever sees anything of the other.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories, instant
from trellis.accounts.roles import Role

_traveller = None


def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    _traveller = instant.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _traveller is not None:
        _traveller.stop()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """API throttles count in the cache: no test inherits another's requests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def migrated_back(transactional_db: None) -> Iterator[None]:
    """For a test that takes the database back to an older migration: it is left at the latest one afterwards,
    whatever the test did, so no later test (on this or another pytest-xdist worker) meets missing tables."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(latest):
        executor.migrate(latest)


@dataclass
class World:
    organization: Any
    site_a: Any
    site_b: Any
    program: Any
    phase1: Any
    phase3: Any
    track_a: Any
    track_b: Any
    group_a: Any
    group_b: Any
    alice: Any
    bob: Any
    amy: Any
    nora: Any
    bill: Any
    dana: Any
    adam: Any
    carol: Any
    dave: Any
    carol_enrollment: Any
    dave_enrollment: Any
    organization_b: Any
    site_harbor: Any
    program_b: Any
    track_harbor: Any
    olga: Any
    hugo: Any
    hugo_enrollment: Any

    def staff(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("alice", "bob", "amy", "nora", "bill", "dana", "adam")}


def _staff(name: str, role: str, sites: list[Any], program: Any) -> Any:
    return factories.UserFactory.create(
        username=name.lower(), first_name=name, last_name="Test", role=role, sites=sites, programs=[program]
    )


def _second_organization() -> dict[str, Any]:
    # Olga's username is not plain "olga": billing's own boundary tests add a Harbor Light clinician by that name.
    organization = factories.OrganizationFactory.create(name="Harbor Light Health")
    site = factories.SiteFactory.create(organization=organization, name="Harborview")
    program = factories.ProgramFactory.create(organization=organization, name="IOP Harbor")
    phase = factories.PhaseFactory.create(program=program, number=1, name="Phase 1", days_per_week=3)
    track = factories.TrackFactory.create(program=program, site=site, name="Harborview day")
    olga = factories.UserFactory.create(
        username="olga.director", first_name="Olga", last_name="Test", role=Role.DIRECTOR,
        organization=organization, sites=[site], programs=[program],
    )  # fmt: skip
    hugo = factories.ClientFactory.create(site=site, legal_first_name="Hugo", legal_last_name="Harbormann")
    enrollment = factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(client=hugo, program=program), track=track, phase=phase
    )
    return {
        "organization_b": organization,
        "site_harbor": site,
        "program_b": program,
        "track_harbor": track,
        "olga": olga,
        "hugo": hugo,
        "hugo_enrollment": enrollment,
    }


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@dataclass
class SupportStaff:
    cami: Any  # case manager at Northside
    pete: Any  # peer recovery specialist at Northside


@pytest.fixture
def support_staff(world: World) -> SupportStaff:
    return SupportStaff(
        cami=_staff("Cami", Role.CASE_MANAGER, [world.site_a], world.program),
        pete=_staff("Pete", Role.PEER_SPECIALIST, [world.site_a], world.program),
    )


@pytest.fixture(scope="module")
def module_transaction(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Rows made once for a whole module of read-mostly tests and rolled back at its end, as Django's
    TestCase.setUpTestData does: each test still runs in a savepoint inside it, so what a test writes is undone
    before the next. Only for modules whose tests all use `db`, never `transactional_db`."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_world(module_transaction: None) -> World:
    """The personas made once per module (see module_transaction). A module that uses it overrides `world` with
    `copy.deepcopy(module_world)`, so one test's changes to the objects in memory never reach the next."""
    return build_world()


def build_world() -> World:
    organization = factories.OrganizationFactory.create()
    site_a = factories.SiteFactory.create(organization=organization, name="Northside")
    site_b = factories.SiteFactory.create(
        organization=organization, name="Lakeside", timezone="America/Chicago"
    )
    program = factories.ProgramFactory.create(organization=organization, name="IOP Substance Use")
    phase1 = factories.PhaseFactory.create(program=program, number=1, name="Phase 1", days_per_week=5)
    phase3 = factories.PhaseFactory.create(program=program, number=3, name="Phase 3", days_per_week=3)
    track_a = factories.TrackFactory.create(program=program, site=site_a, name="Northside day")
    track_b = factories.TrackFactory.create(
        program=program, site=site_b, name="Lakeside evening", time_of_day="evening"
    )
    alice = _staff("Alice", Role.CLINICIAN, [site_a], program)
    bob = _staff("Bob", Role.CLINICIAN, [site_b], program)
    group_a = factories.RecurringGroupFactory.create(
        track=track_a, facilitator=alice, name="Morning process group"
    )
    group_b = factories.RecurringGroupFactory.create(
        track=track_b, facilitator=bob, name="Evening process group", starts_at=dt.time(18, 0)
    )
    carol = factories.ClientFactory.create(site=site_a, legal_first_name="Carol", legal_last_name="Northcott")
    dave = factories.ClientFactory.create(site=site_b, legal_first_name="Dave", legal_last_name="Lakewood")
    carol_enrollment = factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(client=carol, program=program), track=track_a, phase=phase3
    )
    dave_enrollment = factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(client=dave, program=program), track=track_b, phase=phase3
    )
    org_b = _second_organization()
    return World(
        **org_b,
        organization=organization,
        site_a=site_a,
        site_b=site_b,
        program=program,
        phase1=phase1,
        phase3=phase3,
        track_a=track_a,
        track_b=track_b,
        group_a=group_a,
        group_b=group_b,
        alice=alice,
        bob=bob,
        amy=_staff("Amy", Role.ADMISSIONS, [site_a], program),
        nora=_staff("Nora", Role.NURSE, [site_a], program),
        bill=_staff("Bill", Role.BILLER, [site_a], program),
        dana=_staff("Dana", Role.DIRECTOR, [site_a, site_b], program),
        adam=_staff("Adam", Role.ADMIN, [site_a, site_b], program),
        carol=carol,
        dave=dave,
        carol_enrollment=carol_enrollment,
        dave_enrollment=dave_enrollment,
    )
