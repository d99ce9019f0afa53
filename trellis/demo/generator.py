"""The demo program for `make run`: Riverside Recovery with about 80 clients and ten weeks of sessions.

Every client write goes through the services, as staff would make it, so the audit trail holds an event for
each registration, admission, enrollment, step-down, discharge and attendance mark. The whole load is one
transaction: it lands complete or not at all, and SQLite syncs to disk once instead of thousands of times.
"""

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from faker import Faker

from trellis.attendance import services as attendance
from trellis.attendance.models import AttendanceRecord
from trellis.clients import services as clients
from trellis.clients.models import Client
from trellis.core import clock, context
from trellis.demo import plan
from trellis.demo.people import make_contact, make_person
from trellis.demo.structure import SITES, TRACKS, Structure, build_structure, demo_slots
from trellis.episodes import services as episodes
from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.models import Episode
from trellis.programs.models import Organization
from trellis.scheduling import services as scheduling
from trellis.scheduling.models import GroupSession

PAST_WEEKS = 8
AHEAD_DAYS = 14

DISCHARGES: dict[plan.Outcome, tuple[int, str]] = {
    plan.Outcome.COMPLETED: (
        DischargeReason.COMPLETED,
        "Completed all phases. Aftercare: weekly outpatient counseling and mutual-help meetings.",
    ),
    plan.Outcome.DROPPED_OUT: (
        DischargeReason.DROPPED_OUT,
        "No attendance or contact for two weeks despite calls and a letter; discharged per program policy.",
    ),
    plan.Outcome.TRANSFERRED: (
        DischargeReason.TRANSFERRED,
        "Transferred to partial hospitalization (2.5) for more structure.",
    ),
    plan.Outcome.INCARCERATED: (
        DischargeReason.INCARCERATED,
        "Unable to continue while incarcerated; will be offered readmission on release.",
    ),
}


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    sessions: int
    attendance: int
    discharged: int
    waitlisted: int
    today: dt.date


@contextmanager
def _as_job(name: str) -> Iterator[None]:
    """One request id for the whole load, so the audit log shows the demo's events as one job."""
    context.set_current(context.RequestContext(request_id=name, ip_address=None, path=""))
    try:
        yield
    finally:
        context.set_current(None)


def demo_exists() -> bool:
    return Organization.objects.exists()


def load_demo(*, seed: int = 1, clients: int = 80) -> DemoSummary:
    """Create the demo program in an empty database, deterministic from `seed` (ids and chart numbers aside)."""
    # The westernmost site's date: no site may find a planned day still ahead of it.
    today = min(clock.today_in(site.timezone) for site in SITES)
    first = clock.week_start(today) - dt.timedelta(weeks=PAST_WEEKS)
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    slots = demo_slots()
    shares = {spec.slot.key: spec.share for spec in TRACKS}
    paths = plan.plan_demo(rng, slots=slots, shares=shares, count=clients, first=first, today=today)
    with transaction.atomic(), _as_job(f"load_demo-seed-{seed}"):
        structure = build_structure(
            fake=fake, rng=rng, capacities=plan.capacities(paths, slots), first=first, today=today
        )
        sessions = _schedule(structure, first=first, last=today + dt.timedelta(days=AHEAD_DAYS))
        _cancel_a_session_per_site(structure, rng=rng, first=first, today=today)
        records = _take_part(structure, paths=paths, fake=fake, rng=rng, today=today)
    return DemoSummary(
        clients=len(paths),
        sessions=sessions,
        attendance=records,
        discharged=sum(1 for p in paths if p.discharged_on is not None),
        waitlisted=sum(1 for p in paths if p.outcome == plan.Outcome.WAITLISTED),
        today=today,
    )


def _schedule(structure: Structure, *, first: dt.date, last: dt.date) -> int:
    """Generate the sessions and give each a topic from the curriculum, in rotation."""
    created = scheduling.generate_sessions(first=first, last=last)
    topics = structure.topics
    order = {track.pk: number for number, track in enumerate(structure.tracks.values())}
    director = structure.staff["director"]
    for session in GroupSession.objects.select_related("track__program").order_by("starts_at"):
        topic = topics[(session.date.toordinal() + 3 * order[session.track_id]) % len(topics)]
        scheduling.set_session_topic(session=session, topic=topic, changed_by=director)
    return created


def _cancel_a_session_per_site(
    structure: Structure, *, rng: random.Random, first: dt.date, today: dt.date
) -> None:
    reasons = ("Facilitator ill and no cover available.", "Building closed: heating failure.")
    for site, reason in zip(structure.sites.values(), reasons, strict=False):
        day = first + dt.timedelta(weeks=rng.randint(2, PAST_WEEKS - 2), days=rng.randint(0, 3))
        session = (
            GroupSession.objects.filter(track__site=site, date=day, date__lt=today)
            .order_by("starts_at", "group__name")
            .first()
        )
        if session is not None:
            scheduling.cancel_session(
                session=session, reason=reason, cancelled_by=structure.staff["director"]
            )


@dataclass
class _Enrolled:
    client: Client
    episode: Episode


def _take_part(
    structure: Structure, *, paths: list[plan.ClientPath], fake: Faker, rng: random.Random, today: dt.date
) -> int:
    """Replay every client's path in date order, then record attendance for the sessions that have started."""
    events: list[tuple[dt.date, int, int, Any]] = []
    for path in paths:
        events.append((path.admitted_on, 2, path.index, None))
        events.extend((step.starts_on, 1, path.index, step) for step in path.steps[1:])
        if path.discharged_on is not None:
            # A discharge frees its place before anyone is enrolled on the same day.
            events.append((path.discharged_on, 0, path.index, None))
    enrolled: dict[int, _Enrolled] = {}
    for day, kind, index, step in sorted(events, key=lambda event: event[:3]):
        path = paths[index]
        if kind == 2:
            enrolled[index] = _admit(structure, path=path, fake=fake, rng=rng, today=today)
        elif kind == 1:
            _change(structure, path=path, episode=enrolled[index].episode, step=step)
        else:
            _discharge(structure, path=path, episode=enrolled[index].episode, day=day)
    return _record_attendance(
        structure, paths=paths, clients={i: e.client for i, e in enrolled.items()}, rng=rng
    )


def _admit(
    structure: Structure, *, path: plan.ClientPath, fake: Faker, rng: random.Random, today: dt.date
) -> _Enrolled:
    track = structure.tracks[path.track_key]
    site = structure.sites[path.site_key]
    admissions = structure.staff["admissions"]
    city, state = site.address.split(", ")[-2:]
    person = make_person(fake, rng, population=track.population, today=today, city=city, state=state)
    client = clients.register_client(
        site=site,
        legal_first_name=person.first_name,
        legal_last_name=person.last_name,
        registered_by=admissions,
        date_of_birth=person.date_of_birth,
        preferred_name=person.preferred_name,
        pronouns=person.pronouns,
        gender_identity=person.gender_identity,
        phone=person.phone,
        email=person.email,
        **person.address_fields(),
        populations=person.populations,
    )
    if rng.random() < 0.8:
        contact = make_contact(fake, rng)
        clients.add_contact(
            client=client,
            name=contact.name,
            relationship=contact.relationship,
            phone=contact.phone,
            is_emergency_contact=True,
            added_by=admissions,
        )
    first_phase = path.steps[0].phase if path.steps else 1
    episode = episodes.admit_client(
        client=client,
        program=track.program,
        admitted_on=path.admitted_on,
        admitted_by=admissions,
        reason="Step-down from residential (3.5)" if first_phase > 1 else "Admission after ASAM assessment",
        primary_clinician=structure.groups[path.track_key].facilitator,
    )
    phase = structure.phases[(_program_key(structure, track.program_id), first_phase)]
    if path.outcome == plan.Outcome.WAITLISTED:
        episodes.add_to_waitlist(
            episode=episode, track=track, phase=phase, requested_on=path.admitted_on, added_by=admissions
        )
    else:
        episodes.enroll_client(
            episode=episode, track=track, phase=phase, starts_on=path.admitted_on, enrolled_by=admissions
        )
    return _Enrolled(client=client, episode=episode)


def _program_key(structure: Structure, program_id: Any) -> str:
    return next(key for key, program in structure.programs.items() if program.pk == program_id)


def _change(structure: Structure, *, path: plan.ClientPath, episode: Episode, step: plan.Step) -> None:
    track = structure.tracks[path.track_key]
    episodes.change_enrollment(
        episode=episode,
        track=track,
        phase=structure.phases[(_program_key(structure, track.program_id), step.phase)],
        starts_on=step.starts_on,
        reason=step.reason,
        changed_by=structure.groups[path.track_key].facilitator,
    )


def _discharge(structure: Structure, *, path: plan.ClientPath, episode: Episode, day: dt.date) -> None:
    reason, summary = DISCHARGES[path.outcome]
    if path.outcome == plan.Outcome.TRANSFERRED:
        episodes.record_level_of_care(
            episode=episode,
            level=LevelOfCare.PHP,
            effective_on=day,
            reason="Stepped up: needs more structure than IOP gives.",
            recorded_by=structure.staff["director"],
        )
    episodes.discharge_client(
        episode=episode,
        discharged_on=day,
        reason=reason,
        summary=summary,
        discharged_by=structure.groups[path.track_key].facilitator,
    )


def _record_attendance(
    structure: Structure, *, paths: list[plan.ClientPath], clients: dict[int, Client], rng: random.Random
) -> int:
    """Mark every scheduled client at every session that has started; sessions still ahead stay blank."""
    now = clock.now()
    weekdays = {spec.slot.key: spec.slot.weekdays for spec in TRACKS}
    key_of = {track.pk: key for key, track in structure.tracks.items()}
    members: dict[str, list[plan.ClientPath]] = {}
    for path in paths:
        members.setdefault(path.track_key, []).append(path)
    count = 0
    started = (
        # Tie-breakers keep the seeded random draws in the same order on every run.
        GroupSession.objects.filter(starts_at__lte=now)
        .select_related("facilitator")
        .order_by("starts_at", "track__name", "group__name")
    )
    for session in started:
        key = key_of[session.track_id]
        for path in members.get(key, []):
            if not path.attends_on(session.date, weekdays[key]):
                continue
            mark = plan.mark_for(rng, path, session.date)
            if _record(session=session, client=clients[path.index], mark=mark, now=now):
                count += 1
    return count


def _record(*, session: GroupSession, client: Client, mark: plan.Mark, now: dt.datetime) -> bool:
    status = AttendanceRecord.Status.CANCELLED if session.is_cancelled else mark.status
    arrived_at = session.starts_at + dt.timedelta(minutes=mark.late_minutes) if mark.late_minutes else None
    left_at = session.ends_at - dt.timedelta(minutes=mark.early_minutes) if mark.early_minutes else None
    if arrived_at is not None and arrived_at > now:
        return False  # the session is under way and this client has not come in yet
    if left_at is not None and left_at > now:
        status, left_at = AttendanceRecord.Status.PRESENT, None
    if status == AttendanceRecord.Status.CANCELLED:
        arrived_at = left_at = None
    attendance.record_attendance(
        session=session,
        client=client,
        status=status,
        recorded_by=session.facilitator,
        arrived_at=arrived_at,
        left_at=left_at,
    )
    return True
