"""The demo program's structure: Riverside Recovery (fictional), its sites, rooms, programs, tracks, staff and groups.

Setting a program up writes no client data, and programs have no services yet, so these rows are created
directly; recurring groups go through scheduling.services.create_group.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker

from trellis.accounts.models import Credential, User
from trellis.accounts.roles import Role
from trellis.demo import holidays
from trellis.demo.npi import synthetic_npi
from trellis.demo.plan import PHASE_DAYS, TrackSlot
from trellis.programs.choices import AgeGroup, Population, ProgramKind, TimeOfDay
from trellis.programs.models import (
    CurriculumTopic,
    Holiday,
    Organization,
    Phase,
    Program,
    Room,
    Site,
    Track,
)
from trellis.scheduling import services as scheduling
from trellis.scheduling.models import RecurringGroup

ORGANIZATION_NAME = "Riverside Recovery"
# Synthetic demo data: one shared password so every role can be tried; never used outside the demo.
DEMO_PASSWORD = "trellis-demo-2026"
DEMO_URL = "http://127.0.0.1:8000"

WEEKDAYS = (0, 1, 2, 3, 4)
EVENING_WEEKDAYS = (0, 1, 2, 3)


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    timezone: str
    address: str
    state: str
    rooms: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TrackSpec:
    slot: TrackSlot
    name: str
    program: str  # a ProgramSpec key
    time_of_day: str
    starts_at: dt.time
    room: str
    facilitator: str  # a StaffSpec username
    share: float  # of the clients who are not waitlisted


@dataclass(frozen=True)
class ProgramSpec:
    key: str
    name: str
    kind: str


@dataclass(frozen=True)
class StaffSpec:
    username: str
    role: str
    sites: tuple[str, ...]
    license: str = ""  # a Credential.LicenseType value; "" for staff without a clinical license
    has_npi: bool = False


SITES = (
    SiteSpec("north", "Northside", "America/New_York", "410 Mill Street, Riverside, OH", "OH",
             (("Maple room", 14), ("Birch room", 12), ("Cedar room", 6))),
    SiteSpec("lake", "Lakeside", "America/Chicago", "88 Harbor Drive, Port Alder, WI", "WI",
             (("Harbor room", 14), ("Dune room", 12), ("Pier room", 6))),
)  # fmt: skip

PROGRAMS = (
    ProgramSpec("sud", "IOP Substance Use", ProgramKind.SUBSTANCE_USE),
    ProgramSpec("cod", "IOP Co-occurring", ProgramKind.CO_OCCURRING),
)

_NINE, _SIX = dt.time(9, 0), dt.time(18, 0)
TRACKS = (
    TrackSpec(TrackSlot("north-day", "north", WEEKDAYS), "Northside day", "sud", TimeOfDay.DAY, _NINE,
              "Maple room", "clinician", 0.19),
    TrackSpec(TrackSlot("north-evening", "north", EVENING_WEEKDAYS), "Northside evening", "sud",
              TimeOfDay.EVENING, _SIX, "Maple room", "clinician4", 0.17),
    TrackSpec(TrackSlot("north-women", "north", WEEKDAYS, Population.WOMEN, full=True), "Northside women's day",
              "sud", TimeOfDay.DAY, _NINE, "Birch room", "clinician3", 0.12),
    TrackSpec(TrackSlot("lake-day", "lake", WEEKDAYS), "Lakeside day", "cod", TimeOfDay.DAY, _NINE,
              "Harbor room", "clinician2", 0.19),
    TrackSpec(TrackSlot("lake-evening", "lake", EVENING_WEEKDAYS), "Lakeside evening", "sud", TimeOfDay.EVENING,
              _SIX, "Harbor room", "clinician5", 0.18),
    TrackSpec(TrackSlot("lake-veterans", "lake", EVENING_WEEKDAYS, Population.VETERANS),
              "Lakeside veterans evening", "cod", TimeOfDay.EVENING, _SIX, "Dune room", "clinician6", 0.15),
)  # fmt: skip

_BOTH = ("north", "lake")
LT = Credential.LicenseType
STAFF = (
    StaffSpec("director", Role.DIRECTOR, _BOTH, LT.LCSW, has_npi=True),
    StaffSpec("clinician", Role.CLINICIAN, ("north",), LT.LCSW, has_npi=True),
    StaffSpec("clinician2", Role.CLINICIAN, ("lake",), LT.LPC, has_npi=True),
    StaffSpec("clinician3", Role.CLINICIAN, ("north",), LT.LMFT, has_npi=True),
    StaffSpec("clinician4", Role.CLINICIAN, ("north",), LT.CADC, has_npi=True),
    StaffSpec("clinician5", Role.CLINICIAN, ("lake",), LT.CADC, has_npi=True),
    StaffSpec("clinician6", Role.CLINICIAN, ("lake",), LT.LCSW, has_npi=True),
    StaffSpec("admissions", Role.ADMISSIONS, _BOTH),
    StaffSpec("nurse", Role.NURSE, _BOTH, LT.RN, has_npi=True),
    StaffSpec("prescriber", Role.PRESCRIBER, _BOTH, LT.NP, has_npi=True),
    StaffSpec("casemanager", Role.CASE_MANAGER, _BOTH),
    StaffSpec("peer", Role.PEER_SPECIALIST, _BOTH),
    StaffSpec("biller", Role.BILLER, _BOTH),
    StaffSpec("admin", Role.ADMIN, _BOTH),
)

TOPICS = (
    ("Early recovery", "Building a routine, triggers in the first weeks, and a plan for the next 30 days."),
    ("Relapse prevention", "Warning signs, high-risk situations and a written relapse-prevention plan."),
    ("Cravings and triggers", "Urge surfing, delay and distract, and mapping personal triggers."),
    ("CBT skills", "Thought records, cognitive distortions and behavioral activation."),
    ("DBT skills", "Distress tolerance, emotion regulation and interpersonal effectiveness."),
    ("Family dynamics", "Roles, boundaries and repairing trust; family members may join."),
    ("Art therapy", "Expressive art as a way to process what is hard to say."),
    ("Music therapy", "Listening, songwriting and rhythm for regulation and connection."),
    ("12-step facilitation", "Introduction to mutual-help meetings, sponsorship and the steps."),
    ("Mindfulness", "Breathing, body scan and mindful awareness of cravings."),
)


def demo_slots() -> list[TrackSlot]:
    return [spec.slot for spec in TRACKS]


@dataclass
class Structure:
    """The rows the rest of the demo hangs on, by key."""

    organization: Organization
    sites: dict[str, Site] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    phases: dict[tuple[str, int], Phase] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    topics: list[CurriculumTopic] = field(default_factory=list)
    staff: dict[str, User] = field(default_factory=dict)
    groups: dict[str, RecurringGroup] = field(default_factory=dict)


def _build_places(structure: Structure) -> None:
    for spec in SITES:
        site = Site.objects.create(
            organization=structure.organization, name=spec.name, timezone=spec.timezone, address=spec.address
        )
        structure.sites[spec.key] = site
        for name, capacity in spec.rooms:
            structure.rooms[name] = Room.objects.create(site=site, name=name, capacity=capacity)


def _build_programs(structure: Structure) -> None:
    for spec in PROGRAMS:
        program = Program.objects.create(
            organization=structure.organization,
            name=spec.name,
            kind=spec.kind,
            age_group=AgeGroup.ADULT,
            min_weekly_hours=Decimal("9.0"),
            min_days_per_week=min(PHASE_DAYS.values()),
            max_days_per_week=max(PHASE_DAYS.values()),
        )
        structure.programs[spec.key] = program
        for number, days in PHASE_DAYS.items():
            structure.phases[(spec.key, number)] = Phase.objects.create(
                program=program, number=number, name=f"Phase {number}", days_per_week=days
            )


def _build_staff(structure: Structure, *, fake: Faker, rng: random.Random, today: dt.date) -> None:
    states = {spec.key: spec.state for spec in SITES}
    for spec in STAFF:
        user = User(
            username=spec.username,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            email=f"{spec.username}@riverside-recovery.example",
            role=spec.role,
            organization=structure.organization,
            npi=synthetic_npi(rng) if spec.has_npi else "",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.sites.set([structure.sites[key] for key in spec.sites])
        user.programs.set(structure.programs.values())
        if spec.license:
            Credential.objects.create(
                user=user,
                license_type=spec.license,
                number=f"{spec.license.upper()}-{rng.randrange(10**5, 10**6)}",
                state=states[spec.sites[0]],
                expires_on=today + dt.timedelta(days=rng.randint(60, 900)),
            )
        structure.staff[spec.username] = user


def _build_tracks(structure: Structure, *, capacities: dict[str, int], since: dt.date) -> None:
    topics = {topic.name: topic for topic in structure.topics}
    for spec in TRACKS:
        track = Track.objects.create(
            program=structure.programs[spec.program],
            site=structure.sites[spec.slot.site_key],
            name=spec.name,
            time_of_day=spec.time_of_day,
            population=spec.slot.population,
            capacity=capacities[spec.slot.key],
        )
        structure.tracks[spec.slot.key] = track
        structure.groups[spec.slot.key] = scheduling.create_group(
            track=track,
            name=f"{spec.name} group",
            weekdays=list(spec.slot.weekdays),
            starts_at=spec.starts_at,
            duration_minutes=180,
            room=structure.rooms[spec.room],
            facilitator=structure.staff[spec.facilitator],
            active_from=since,
            created_by=structure.staff["admin"],
            default_topic=topics["Early recovery"],
        )


def build_structure(
    *, fake: Faker, rng: random.Random, capacities: dict[str, int], first: dt.date, today: dt.date
) -> Structure:
    """Create the organization and everything but clients. Groups have run since well before `first`."""
    structure = Structure(organization=Organization.objects.create(name=ORGANIZATION_NAME))
    _build_places(structure)
    _build_programs(structure)
    structure.topics = [
        CurriculumTopic.objects.create(organization=structure.organization, name=name, description=text)
        for name, text in TOPICS
    ]
    _build_staff(structure, fake=fake, rng=rng, today=today)
    _build_tracks(structure, capacities=capacities, since=first - dt.timedelta(weeks=26))
    closed = holidays.closures_between(first - dt.timedelta(weeks=26), today + dt.timedelta(days=366))
    Holiday.objects.bulk_create(
        Holiday(site=site, date=day, name=name) for site in structure.sites.values() for day, name in closed
    )
    return structure
