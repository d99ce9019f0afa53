"""The structure of a large benchmark program: sites across US time zones, tracks, staff, groups and sessions.

Written with bulk inserts (see bulk.py); setting a program up touches no client data, so it has no audit events.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from faker import Faker

from trellis.accounts.models import Credential, User
from trellis.accounts.roles import Role
from trellis.core import clock
from trellis.demo import holidays
from trellis.demo.batches import RowWriter, new_uuid
from trellis.demo.npi import synthetic_npi
from trellis.demo.plan import PHASE_DAYS, TrackSlot
from trellis.demo.structure import DEMO_PASSWORD, PROGRAMS, TOPICS
from trellis.programs.choices import Population, TimeOfDay
from trellis.programs.models import CurriculumTopic, Holiday, Organization, Phase, Program, Room, Site, Track
from trellis.scheduling.models import GroupSession, RecurringGroup

BULK_ORGANIZATION_NAME = "Riverside Recovery Network"
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles")
# (name, time of day, population, weekdays, start hour), repeated with a letter when a site needs more.
TRACK_KINDS = (
    ("Day", TimeOfDay.DAY, "", (0, 1, 2, 3, 4), 9),
    ("Evening", TimeOfDay.EVENING, "", (0, 1, 2, 3), 18),
    ("Women's day", TimeOfDay.DAY, Population.WOMEN, (0, 1, 2, 3, 4), 9),
    ("Veterans evening", TimeOfDay.EVENING, Population.VETERANS, (0, 1, 2, 3), 18),
)
ORG_ROLES = (Role.DIRECTOR, Role.PRESCRIBER, Role.CASE_MANAGER, Role.BILLER, Role.ADMIN)
SITE_ROLES = (Role.ADMISSIONS, Role.NURSE)
LICENSES: dict[str, str] = {
    Role.CLINICIAN: "lcsw",
    Role.DIRECTOR: "lcsw",
    Role.PRESCRIBER: "md",
    Role.NURSE: "rn",
}


@dataclass
class BulkStructure:
    organization: Organization
    sites: dict[str, Site] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    slots: list[TrackSlot] = field(default_factory=list)
    slots_by_site: list[list[TrackSlot]] = field(default_factory=list)
    phases: dict[tuple[Any, int], Phase] = field(default_factory=dict)
    facilitators: dict[str, User] = field(default_factory=dict)
    admissions: dict[str, User] = field(default_factory=dict)
    groups: dict[str, RecurringGroup] = field(default_factory=dict)
    topics: list[CurriculumTopic] = field(default_factory=list)
    closed: set[tuple[str, dt.date]] = field(default_factory=set)

    def set_capacities(self, capacities: dict[str, int]) -> None:
        for key, track in self.tracks.items():
            track.capacity = capacities[key]

    def build_sessions(
        self, *, writer: RowWriter, rng: random.Random, first: dt.date, last: dt.date
    ) -> list[GroupSession]:
        """Every group's sessions from `first` to `last`, skipping closures; one in 200 was cancelled."""
        today = clock.now().date()
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        sessions = []
        for number, (key, group) in enumerate(self.groups.items()):
            slot = self.slots[number]
            zone = self.sites[slot.site_key].timezone
            for day in days:
                if day.weekday() not in slot.weekdays or (slot.site_key, day) in self.closed:
                    continue
                starts_at = clock.local_datetime(day, group.starts_at, zone)
                cancelled = day < today and rng.random() < 0.005
                session = GroupSession(
                    id=new_uuid(rng),
                    group=group,
                    track=self.tracks[key],
                    date=day,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=group.duration_minutes),
                    room_id=group.room_id,
                    facilitator=group.facilitator,
                    topic=self.topics[(day.toordinal() + number) % len(self.topics)],
                    status=GroupSession.Status.CANCELLED if cancelled else GroupSession.Status.SCHEDULED,
                    cancel_reason="Facilitator ill and no cover available." if cancelled else "",
                )
                writer.add(session)
                sessions.append(session)
        sessions.sort(key=lambda session: session.starts_at)
        return sessions


def _user(
    writer: RowWriter,
    rng: random.Random,
    fake: Faker,
    *,
    username: str,
    role: str,
    org: Organization,
    password: str,
) -> User:
    user = User(
        username=username,
        first_name=fake.first_name(),
        last_name=fake.last_name(),
        email=f"{username}@riverside-network.example",
        role=role,
        organization=org,
        npi=synthetic_npi(rng) if role in LICENSES else "",
        password=password,
    )
    writer.add(user)
    if role in LICENSES:
        writer.add(
            Credential(
                id=new_uuid(rng),
                user=user,
                license_type=LICENSES[role],
                number=f"{LICENSES[role].upper()}-{rng.randrange(10**5, 10**6)}",
                expires_on=clock.now().date() + dt.timedelta(days=rng.randint(60, 900)),
            )
        )
    return user


def build_bulk_structure(
    *,
    writer: RowWriter,
    rng: random.Random,
    fake: Faker,
    sites: int,
    tracks_per_site: int,
    first: dt.date,
    today: dt.date,
) -> BulkStructure:
    """Organization, sites, rooms, programs, phases, topics, staff, tracks and groups; rows are flushed here
    because users need their ids before their site and program memberships can be written."""
    org = Organization(id=new_uuid(rng), name=BULK_ORGANIZATION_NAME)
    writer.add(org)
    structure = BulkStructure(organization=org)
    programs = []
    for spec in PROGRAMS:
        program = Program(
            id=new_uuid(rng),
            organization=org,
            name=spec.name,
            kind=spec.kind,
            min_weekly_hours=Decimal("9.0"),
        )
        writer.add(program)
        programs.append(program)
        for number, days in PHASE_DAYS.items():
            phase = Phase(
                id=new_uuid(rng), program=program, number=number, name=f"Phase {number}", days_per_week=days
            )
            writer.add(phase)
            structure.phases[(program.pk, number)] = phase
    for name, text in TOPICS:
        topic = CurriculumTopic(id=new_uuid(rng), organization=org, name=name, description=text)
        writer.add(topic)
        structure.topics.append(topic)
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 per user would dominate the run
    memberships: list[tuple[User, list[Site]]] = []
    for role in ORG_ROLES:
        memberships.append(
            (
                _user(
                    writer, rng, fake, username=role.replace("_", ""), role=role, org=org, password=password
                ),
                [],
            )
        )
    closures = holidays.closures_between(first, today + dt.timedelta(days=31))
    clinicians = 0
    for site_number in range(sites):
        key = f"s{site_number + 1:02d}"
        site = Site(
            id=new_uuid(rng),
            organization=org,
            name=f"{fake.city()} {site_number + 1:02d}",
            timezone=ZONES[site_number % len(ZONES)],
            address=fake.street_address(),
        )
        writer.add(site)
        structure.sites[key] = site
        for day, name in closures:
            writer.add(Holiday(id=new_uuid(rng), site=site, date=day, name=name))
            structure.closed.add((key, day))
        rooms = [
            Room(id=new_uuid(rng), site=site, name=f"Group room {n + 1}", capacity=14)
            for n in range(max(2, tracks_per_site // 2))
        ]
        for room in rooms:
            writer.add(room)
        suffix = "" if site_number == 0 else str(site_number + 1)
        site_staff = [
            _user(
                writer,
                rng,
                fake,
                username=f"{role.replace('_', '')}{suffix}",
                role=role,
                org=org,
                password=password,
            )
            for role in SITE_ROLES
        ]
        structure.admissions[key] = site_staff[0]
        memberships.extend((user, [site]) for user in site_staff)
        site_slots = []
        for number in range(tracks_per_site):
            label, time_of_day, population, weekdays, hour = TRACK_KINDS[number % len(TRACK_KINDS)]
            name = (
                label
                if number < len(TRACK_KINDS)
                else f"{label} {chr(ord('A') + number // len(TRACK_KINDS))}"
            )
            slot = TrackSlot(f"{key}-t{number + 1}", key, weekdays, population)
            clinicians += 1
            facilitator = _user(
                writer,
                rng,
                fake,
                username="clinician" if clinicians == 1 else f"clinician{clinicians}",
                role=Role.CLINICIAN,
                org=org,
                password=password,
            )
            memberships.append((facilitator, [site]))
            track = Track(
                id=new_uuid(rng),
                program=programs[number % len(programs)],
                site=site,
                name=name,
                time_of_day=time_of_day,
                population=population,
            )
            writer.add(track)
            group = RecurringGroup(
                id=new_uuid(rng),
                track=track,
                name=f"{name} group",
                weekdays=list(weekdays),
                starts_at=dt.time(hour, 0),
                duration_minutes=180,
                room=rooms[number % len(rooms)],
                facilitator=facilitator,
                default_topic=structure.topics[0],
                active_from=first,
            )
            writer.add(group)
            structure.tracks[slot.key] = track
            structure.groups[slot.key] = group
            structure.facilitators[slot.key] = facilitator
            structure.slots.append(slot)
            site_slots.append(slot)
        structure.slots_by_site.append(site_slots)
    # Tracks are written later, once the plan has fixed their capacities; everything else goes now.
    tracks = writer.rows.pop(Track)
    groups = writer.rows.pop(RecurringGroup)
    writer.flush()
    writer.rows[Track], writer.rows[RecurringGroup] = tracks, groups
    all_sites = list(structure.sites.values())
    for user, user_sites in memberships:
        for site in user_sites or all_sites:
            writer.add(User.sites.through(user_id=user.pk, site_id=site.pk))
        for program in programs:
            writer.add(User.programs.through(user_id=user.pk, program_id=program.pk))
    return structure
