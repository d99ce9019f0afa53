"""Large synthetic programs for benchmarks: many sites, thousands of clients, a year of attendance.

Going through the services row by row would take hours at this size, so this writes with bulk_create in
batches of 1,000. To keep the audit trail as complete as the services would leave it, every client row it
writes (registration, admission, enrollment, discharge, attendance) gets its audit event in the same
transaction, dated when the change would have been made. Ids come from the seeded random too, so a seed
gives the same database, row for row.
"""

import datetime as dt
import heapq
import math
import random
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction
from faker import Faker

from trellis.attendance.compliance import minutes_attended
from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.clients.models import Client
from trellis.core import clock
from trellis.demo import bulk_load, plan
from trellis.demo.batches import FLUSH_ROWS, RowWriter, new_uuid
from trellis.demo.bulk_audit import chain_events
from trellis.demo.bulk_copy import CopyWriter, keys_built_after, write_attendance
from trellis.demo.bulk_load import TEDS
from trellis.demo.bulk_structure import BulkStructure, build_bulk_structure
from trellis.demo.people import make_person
from trellis.episodes.choices import LevelOfCare
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange, WaitlistEntry
from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import GroupSession

# Of the clients whose episode has run its course by today (the rest are still in treatment).
OUTCOMES = (
    (plan.Outcome.COMPLETED, 0.58),
    (plan.Outcome.DROPPED_OUT, 0.30),
    (plan.Outcome.TRANSFERRED, 0.08),
    (plan.Outcome.INCARCERATED, 0.04),
)


@dataclass(frozen=True)
class ProgramSummary:
    sites: int
    tracks: int
    clients: int
    sessions: int
    attendance: int
    audit_events: int


def generate_program(
    *,
    sites: int = 20,
    clients: int = 5000,
    weeks: int = 52,
    seed: int = 1,
    using: str = "default",
    copy: bool = False,
) -> ProgramSummary:
    """Write a program with `clients` admitted over the last `weeks`, staying eight to twelve weeks each.

    `copy` (PostgreSQL only) makes the rows in SQL, one audit event per track-week of attendance (bulk_load.py)."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    today = clock.now().date()
    first = clock.week_start(today) - dt.timedelta(weeks=weeks)
    # About 12 clients in each track at any time: census = admissions a week x weeks a client stays.
    census = clients * min(10, weeks) / weeks
    tracks_per_site = max(2, math.ceil(census / sites / 12))
    writer = CopyWriter(using=using) if copy else RowWriter(using=using)
    with transaction.atomic(using=using), keys_built_after(using) if copy else nullcontext():
        structure = build_bulk_structure(
            writer=writer,
            rng=rng,
            fake=fake,
            sites=sites,
            tracks_per_site=tracks_per_site,
            first=first,
            today=today,
        )
        paths = _plan(rng, structure=structure, clients=clients, first=first, today=today)
        structure.set_capacities(plan.capacities(paths, structure.slots))
        if isinstance(writer, CopyWriter):
            sessions, records = _load_in_sql(writer, seed=seed, structure=structure, paths=paths, first=first)
        else:
            sessions, records = _load_rows(
                writer, rng=rng, fake=fake, structure=structure, paths=paths, first=first
            )
    if copy:
        with connections[using].cursor() as cursor:
            cursor.execute("ANALYZE")
    return ProgramSummary(
        sites=sites,
        tracks=len(structure.slots),
        clients=len(paths),
        sessions=sessions,
        attendance=records,
        audit_events=writer.written.get(AuditEvent, 0),
    )


def _load_rows(
    writer: RowWriter,
    *,
    rng: random.Random,
    fake: Faker,
    structure: BulkStructure,
    paths: list[plan.ClientPath],
    first: dt.date,
) -> tuple[int, int]:
    """Sessions, clients and attendance as model instances, inserted in batches: any database."""
    today = clock.now().date()
    sessions = structure.build_sessions(
        writer=writer, rng=rng, first=first, last=today + dt.timedelta(days=14)
    )
    writer.flush()
    client_rows = _write_clients(writer, rng=rng, fake=fake, structure=structure, paths=paths, today=today)
    writer.flush()
    records = _write_attendance(
        writer, rng=rng, structure=structure, paths=paths, clients=client_rows, sessions=sessions
    )
    writer.flush()
    return len(sessions), records


def _load_in_sql(
    writer: CopyWriter, *, seed: int, structure: BulkStructure, paths: list[plan.ClientPath], first: dt.date
) -> tuple[int, int]:
    """PostgreSQL: sessions, clients, attendance and their audit events made in the database (bulk_load.py)."""
    using = writer.using
    writer.flush()  # the tracks and groups, now their capacities are known
    bulk_load.create_tables(using)
    last = clock.now().date() + dt.timedelta(days=14)
    sessions = bulk_load.write_sessions(using, seed=seed, structure=structure, first=first, last=last)
    client_ids = bulk_load.write_clients(using, seed=seed, structure=structure, paths=paths)
    records = write_attendance(
        writer,
        seed=seed,
        paths=paths,
        client_ids=client_ids,
        weekdays={slot.key: slot.weekdays for slot in structure.slots},
    )
    bulk_load.write_roster_audit(using, seed=seed, clients=len(paths))
    events = chain_events(using, organization_id=structure.organization.pk)
    writer.written[AuditEvent] = writer.written.get(AuditEvent, 0) + events
    return sessions, records


def _plan(
    rng: random.Random, *, structure: BulkStructure, clients: int, first: dt.date, today: dt.date
) -> list[plan.ClientPath]:
    """Admissions spread over the period, each to the least-full suitable track at the client's site."""
    admissions = sorted(plan.random_weekday(rng, first, today) for _ in range(clients))
    # Each track's discharges still ahead, as a heap: admissions come in date order, so an end passed stays passed.
    ends: dict[str, list[dt.date]] = {slot.key: [] for slot in structure.slots}
    paths = []
    for index, admitted in enumerate(admissions):
        site_slots = structure.slots_by_site[rng.randrange(len(structure.slots_by_site))]
        open_slots = [slot for slot in site_slots if not slot.population or rng.random() < 0.3]
        for candidate in open_slots or site_slots:
            while ends[candidate.key] and ends[candidate.key][0] <= admitted:
                heapq.heappop(ends[candidate.key])
        slot = min(open_slots or site_slots, key=lambda s: len(ends[s.key]))
        # Admitted in the last week to a track already at its usual census: waits instead.
        waiting = (today - admitted).days < 7 and rng.random() < 0.08
        path = plan.ClientPath(index, slot.key, slot.site_key, admitted)
        if waiting:
            path.outcome = plan.Outcome.WAITLISTED
        else:
            path.outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
            path.style = plan.Style.STRUGGLING if rng.random() < 0.25 else plan.Style.STEADY
        plan.settle(rng, path, today=today, stay_days=rng.randint(56, 84), drop_after_days=rng.randint(7, 35))
        if path.steps:
            heapq.heappush(ends[slot.key], path.discharged_on or dt.date.max)
        paths.append(path)
    return paths


def _at(day: dt.date, hour: int, zone: str) -> dt.datetime:
    return clock.local_datetime(day, dt.time(hour, 0), zone)


def _audit(
    writer: RowWriter,
    rng: random.Random,
    *,
    when: dt.datetime,
    actor_id: Any,
    client_id: Any,
    obj: models.Model,
    detail: str,
    organization_id: Any,
    action: str = AuditEvent.Action.CREATE,
) -> None:
    writer.add(
        AuditEvent(
            id=new_uuid(rng),
            occurred_at=when,
            actor_id=actor_id,
            action=action,
            client_id=client_id,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            detail=detail,
            request_id="generate_program",
            organization_id=organization_id,
        )
    )


def _write_clients(
    writer: RowWriter,
    *,
    rng: random.Random,
    fake: Faker,
    structure: BulkStructure,
    paths: list[plan.ClientPath],
    today: dt.date,
) -> dict[int, Client]:
    result = {}
    for path in paths:
        track = structure.tracks[path.track_key]
        site = structure.sites[path.site_key]
        zone = site.timezone
        admissions_id = structure.admissions[path.site_key].pk
        person = make_person(fake, rng, population=track.population, today=today, city=site.name, state="IL")
        client = Client(
            id=new_uuid(rng),
            organization_id=site.organization_id,
            site=site,
            chart_number=f"B{path.index + 1:07d}",
            legal_first_name=person.first_name,
            legal_last_name=person.last_name,
            preferred_name=person.preferred_name,
            pronouns=person.pronouns,
            gender_identity=person.gender_identity,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            email=person.email,
            **person.address_fields(),
            populations=person.populations,
        )
        writer.add(client)
        result[path.index] = client
        admitted_at = _at(path.admitted_on, 10, zone)
        _audit(
            writer,
            rng,
            organization_id=structure.organization.pk,
            when=admitted_at,
            actor_id=admissions_id,
            client_id=client.pk,
            obj=client,
            detail="client",
        )
        episode = Episode(
            id=new_uuid(rng),
            client=client,
            program=track.program,
            admitted_on=path.admitted_on,
            primary_clinician=structure.facilitators[path.track_key],
        )
        writer.add(episode)
        writer.add(
            LevelOfCareChange(
                id=new_uuid(rng),
                episode=episode,
                level=LevelOfCare.IOP,
                effective_on=path.admitted_on,
                reason="Admission after ASAM assessment",
                recorded_by_id=admissions_id,
            )
        )
        _audit(
            writer,
            rng,
            organization_id=structure.organization.pk,
            when=admitted_at,
            actor_id=admissions_id,
            client_id=client.pk,
            obj=episode,
            detail="admitted",
        )
        _write_enrollments(
            writer, rng, structure=structure, path=path, episode=episode, actor_id=admissions_id
        )
        if path.discharged_on is not None:
            episode.discharged_on = path.discharged_on
            episode.discharge_reason = TEDS[path.outcome]
            episode.discharge_summary = "Synthetic benchmark discharge."
            _audit(
                writer,
                rng,
                organization_id=structure.organization.pk,
                when=_at(path.discharged_on, 16, zone),
                actor_id=structure.facilitators[path.track_key].pk,
                client_id=client.pk,
                obj=episode,
                detail=f"discharged, TEDS reason {episode.discharge_reason}",
                action=AuditEvent.Action.UPDATE,
            )
    return result


def _write_enrollments(
    writer: RowWriter,
    rng: random.Random,
    *,
    structure: BulkStructure,
    path: plan.ClientPath,
    episode: Episode,
    actor_id: Any,
) -> None:
    track = structure.tracks[path.track_key]
    zone = structure.sites[path.site_key].timezone
    if path.outcome == plan.Outcome.WAITLISTED:
        entry = WaitlistEntry(
            id=new_uuid(rng),
            track=track,
            episode=episode,
            phase=structure.phases[(track.program_id, 1)],
            requested_on=path.admitted_on,
        )
        writer.add(entry)
        _audit(
            writer,
            rng,
            organization_id=structure.organization.pk,
            when=_at(path.admitted_on, 11, zone),
            actor_id=actor_id,
            client_id=episode.client_id,
            obj=entry,
            detail="waitlisted",
        )
        return
    following: list[dt.date | None] = [step.starts_on for step in path.steps[1:]]
    last_end = path.discharged_on + dt.timedelta(days=1) if path.discharged_on else None
    for step, ends_on, next_step in zip(
        path.steps, [*following, last_end], [*path.steps[1:], None], strict=True
    ):
        phase = structure.phases[(track.program_id, step.phase)]
        enrollment = Enrollment(
            id=new_uuid(rng),
            episode=episode,
            track=track,
            phase=phase,
            days_per_week=phase.days_per_week,
            starts_on=step.starts_on,
            ends_on=ends_on,
            end_reason=next_step.reason if next_step else ("discharged" if ends_on else ""),
        )
        writer.add(enrollment)
        _audit(
            writer,
            rng,
            organization_id=structure.organization.pk,
            when=_at(step.starts_on, 11, zone),
            actor_id=actor_id,
            client_id=episode.client_id,
            obj=enrollment,
            detail=f"enrolled in track at phase {step.phase}",
        )


def _write_attendance(
    writer: RowWriter,
    *,
    rng: random.Random,
    structure: BulkStructure,
    paths: list[plan.ClientPath],
    clients: dict[int, Client],
    sessions: list[GroupSession],
) -> int:
    """Attendance for every session that has started, flushed every FLUSH_ROWS rows to bound memory."""
    now = clock.now()
    members: dict[str, list[plan.ClientPath]] = {}
    for path in paths:
        if path.steps:
            members.setdefault(path.track_key, []).append(path)
    weekdays = {slot.key: slot.weekdays for slot in structure.slots}
    key_of = {track.pk: key for key, track in structure.tracks.items()}
    count = 0
    for session in sessions:
        if session.starts_at > now:
            continue
        key = key_of[session.track_id]
        for path in members.get(key, ()):
            if path.admitted_on > session.date or not path.attends_on(session.date, weekdays[key]):
                continue
            record = _record(rng, session=session, path=path, client=clients[path.index], now=now)
            if record is None:
                continue
            writer.add(record)
            _audit(
                writer,
                rng,
                organization_id=structure.organization.pk,
                when=session.ends_at,
                actor_id=session.facilitator_id,
                client_id=record.client_id,
                obj=record,
                detail=f"attendance: {record.status}",
            )
            count += 1
        if writer.pending() >= FLUSH_ROWS:
            writer.flush()
    return count


def _record(
    rng: random.Random, *, session: GroupSession, path: plan.ClientPath, client: Client, now: dt.datetime
) -> AttendanceRecord | None:
    mark = plan.mark_for(rng, path, session.date)
    status = AttendanceRecord.Status.CANCELLED if session.is_cancelled else mark.status
    arrived = session.starts_at + dt.timedelta(minutes=mark.late_minutes) if mark.late_minutes else None
    left = session.ends_at - dt.timedelta(minutes=mark.early_minutes) if mark.early_minutes else None
    if arrived is not None and arrived > now:
        return None
    if left is not None and left > now:
        status, left = AttendanceRecord.Status.PRESENT, None
    if status == AttendanceRecord.Status.CANCELLED:
        arrived = left = None
    minutes = minutes_attended(
        session_start=session.starts_at,
        session_end=session.ends_at,
        arrived_at=arrived,
        left_at=left,
        present=status in PRESENT_STATUSES,
    )
    return AttendanceRecord(
        id=new_uuid(rng),
        session=session,
        client=client,
        status=status,
        arrived_at=arrived,
        left_at=left,
        minutes_attended=minutes,
        recorded_by_id=session.facilitator_id,
    )
