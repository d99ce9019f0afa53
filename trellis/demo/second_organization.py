"""The demo's second organization, Harbor Light Health (fictional): one site, one program, one track, a few
staff and a handful of clients, so that anyone can log in on either side and see that neither sees the other.

Loaded after Riverside Recovery and its billing, so nothing of Riverside's (its counts, its charges) changes.
Deterministic from the seed, like the rest of the demo.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from faker import Faker

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.attendance import services as attendance
from trellis.attendance.models import AttendanceRecord
from trellis.clients import services as clients
from trellis.clients.models import Client
from trellis.core import clock, context
from trellis.demo import holidays
from trellis.demo.people import make_person
from trellis.demo.plan import PHASE_DAYS
from trellis.demo.structure import DEMO_PASSWORD
from trellis.episodes import services as episodes
from trellis.episodes.models import Episode
from trellis.programs.choices import AgeGroup, ProgramKind, TimeOfDay
from trellis.programs.models import Holiday, Organization, Phase, Program, Room, Site, Track
from trellis.scheduling import services as scheduling
from trellis.scheduling.models import GroupSession, RecurringGroup

NAME = "Harbor Light Health"
SITE = "Harborview"
TOWN = "Harborview"
# username, role, credential-free: a small program's whole staff
STAFF = (
    ("harbor.director", Role.DIRECTOR),
    ("harbor.clinician", Role.CLINICIAN),
    ("harbor.admissions", Role.ADMISSIONS),
)
CLIENTS = 6
WEEKDAYS = [0, 2, 4]  # Monday, Wednesday, Friday mornings
PAST_WEEKS = 3
AHEAD_DAYS = 14
STATUSES = (
    AttendanceRecord.Status.PRESENT,
    AttendanceRecord.Status.EXCUSED,
    AttendanceRecord.Status.UNEXCUSED,
)


@dataclass(frozen=True)
class HarborSummary:
    clients: int
    attendance: int


@dataclass
class _Harbor:
    organization: Organization
    site: Site
    program: Program
    phase: Phase
    track: Track
    group: RecurringGroup
    staff: dict[str, User]


def load_second_organization(*, seed: int, today: dt.date) -> HarborSummary:
    rng = random.Random(seed + 900)
    fake = Faker("en_US")
    fake.seed_instance(seed + 900)
    first = clock.week_start(today) - dt.timedelta(weeks=PAST_WEEKS)
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        with transaction.atomic():
            harbor = _build(first=first, today=today)
            scheduling.generate_sessions(
                first=first, last=today + dt.timedelta(days=AHEAD_DAYS), tracks=[harbor.track]
            )
            enrolled = [_admit(harbor, fake=fake, rng=rng, today=today, first=first) for _ in range(CLIENTS)]
            marked = _record_attendance(harbor, enrolled=enrolled, rng=rng)
    finally:
        context.set_current(None)
    return HarborSummary(clients=len(enrolled), attendance=marked)


def _build(*, first: dt.date, today: dt.date) -> _Harbor:
    organization = Organization.objects.create(name=NAME)
    site = Site.objects.create(
        organization=organization,
        name=SITE,
        timezone="America/Denver",
        address=f"12 Lighthouse Road, {TOWN}, CO",
    )
    room = Room.objects.create(site=site, name="Beacon room", capacity=12)
    program = Program.objects.create(
        organization=organization, name="Harbor IOP", kind=ProgramKind.SUBSTANCE_USE, age_group=AgeGroup.ADULT,
        min_weekly_hours=Decimal("9.0"), min_days_per_week=3, max_days_per_week=5,
    )  # fmt: skip
    phases = [
        Phase.objects.create(program=program, number=number, name=f"Phase {number}", days_per_week=days)
        for number, days in PHASE_DAYS.items()
    ]
    staff = {username: _staff(username, role, organization, site, program) for username, role in STAFF}
    track = Track.objects.create(
        program=program, site=site, name="Harborview day", time_of_day=TimeOfDay.DAY, capacity=10
    )
    group = scheduling.create_group(
        track=track, name="Harborview day group", weekdays=WEEKDAYS, starts_at=dt.time(9, 0), duration_minutes=180,
        room=room, facilitator=staff["harbor.clinician"], active_from=first - dt.timedelta(weeks=26),
        created_by=staff["harbor.director"],
    )  # fmt: skip
    closed = holidays.closures_between(first, today + dt.timedelta(days=366))
    Holiday.objects.bulk_create(Holiday(site=site, date=day, name=name) for day, name in closed)
    return _Harbor(organization, site, program, phases[-1], track, group, staff)


def _staff(username: str, role: str, organization: Organization, site: Site, program: Program) -> User:
    user = User(
        username=username, first_name=username.split(".")[1].title(), last_name="Harbor", role=role,
        organization=organization, email=f"{username}@harbor-light.example",
    )  # fmt: skip
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.sites.set([site])
    user.programs.set([program])
    return user


def _admit(harbor: _Harbor, *, fake: Faker, rng: random.Random, today: dt.date, first: dt.date) -> Client:
    admissions = harbor.staff["harbor.admissions"]
    person = make_person(fake, rng, population="", today=today, city=TOWN, state="CO")
    client = clients.register_client(
        site=harbor.site, legal_first_name=person.first_name, legal_last_name=person.last_name,
        registered_by=admissions, date_of_birth=person.date_of_birth, preferred_name=person.preferred_name,
        pronouns=person.pronouns, gender_identity=person.gender_identity, phone=person.phone, email=person.email,
        **person.address_fields(), populations=person.populations,
    )  # fmt: skip
    admitted_on = first + dt.timedelta(days=rng.randint(0, 6))
    episode = episodes.admit_client(
        client=client, program=harbor.program, admitted_on=admitted_on, admitted_by=admissions,
        reason="Admission after ASAM assessment", primary_clinician=harbor.staff["harbor.clinician"],
    )  # fmt: skip
    episodes.enroll_client(
        episode=episode, track=harbor.track, phase=harbor.phase, starts_on=admitted_on, enrolled_by=admissions
    )
    return client


def _record_attendance(harbor: _Harbor, *, enrolled: list[Client], rng: random.Random) -> int:
    """Mark each enrolled client at every session that has ended; most come, a few miss a day."""
    now = clock.now()
    admitted = {
        episode.client_id: episode.admitted_on for episode in Episode.objects.filter(client__in=enrolled)
    }
    sessions = GroupSession.objects.filter(track=harbor.track, starts_at__lte=now).order_by("starts_at")
    count = 0
    for session in sessions:
        if session.ends_at > now:
            continue  # under way: marked when it ends
        for client in enrolled:
            if admitted[client.pk] > session.date:
                continue
            status = rng.choices(STATUSES, weights=[8, 1, 1])[0]
            attendance.record_attendance(
                session=session, client=client, status=status, recorded_by=harbor.staff["harbor.clinician"]
            )
            count += 1
    return count
