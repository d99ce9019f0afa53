"""Telehealth groups: a client joins a virtual or hybrid session's video room from the portal; the times the
portal saw (join .. leave) are proposed to the facilitator as attendance minutes, confirmed through
`services.record_attendance` like any other tap.

Visits are written by the client (the portal, no staff actor); the facilitator only reads them and confirms.
"""

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord, Telehealth, TelehealthVisit
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession

# The link shows a little before the start, so clients can test their sound; it goes at the session's end.
JOIN_EARLY = dt.timedelta(minutes=15)
# Joining this much after the start, or leaving this much before the end, is proposed as late / left early.
TOLERANCE = dt.timedelta(minutes=10)
PORTAL_JOB = "client portal"
Status = AttendanceRecord.Status


def is_joinable(*, session: GroupSession, now: dt.datetime) -> bool:
    return (
        session.is_telehealth
        and not session.is_cancelled
        and session.starts_at - JOIN_EARLY <= now < session.ends_at
    )


def list_joinable_sessions(*, client: Client, now: dt.datetime) -> list[GroupSession]:
    """The client's virtual or hybrid sessions open for joining now (their track's, on a day enrolled)."""
    candidates = GroupSession.objects.select_related("group").filter(
        track__enrollments__episode__client=client,
        starts_at__lte=now + JOIN_EARLY,
        ends_at__gt=now,
        status=GroupSession.Status.SCHEDULED,
    )
    return [
        s
        for s in candidates.distinct()
        if is_joinable(session=s, now=now) and services.is_on_roster(session=s, client=client)
    ]


def room_url(*, session: GroupSession) -> str:
    """The session's video room; the name is a random token made on first use (no names, nothing guessable)."""
    if not session.telehealth_room:
        token = secrets.token_hex(16)
        GroupSession.objects.filter(pk=session.pk, telehealth_room="").update(telehealth_room=token)
        session.refresh_from_db(fields=["telehealth_room"])
    return f"{settings.TELEHEALTH_BASE_URL.rstrip('/')}/{session.telehealth_room}"


def open_visit(*, session: GroupSession, client: Client) -> TelehealthVisit | None:
    found: TelehealthVisit | None = TelehealthVisit.objects.filter(
        session=session, client=client, left_at__isnull=True
    ).last()
    return found


@transaction.atomic
def record_join(*, session: GroupSession, client: Client, audio_only: bool) -> TelehealthVisit:
    """The client opened the room from the portal; joining again while in the room changes nothing."""
    now = clock.now()
    if not services.is_on_roster(session=session, client=client):
        reject("session", "You are not on this group's list for that day.")
    if not is_joinable(session=session, now=now):
        reject("session", "This session is not open for joining now.")
    visit = open_visit(session=session, client=client)
    if visit is not None:
        return visit
    visit = TelehealthVisit.objects.create(
        session=session, client=client, joined_at=now, audio_only=audio_only
    )
    _audit(visit, action=audit.Action.CREATE, detail="telehealth: joined")
    return visit


@transaction.atomic
def record_leave(*, session: GroupSession, client: Client) -> TelehealthVisit | None:
    """The client said they left; after the session's end the visit was already closed at the end."""
    visit = open_visit(session=session, client=client)
    if visit is None:
        return None
    visit.left_at = min(clock.now(), session.ends_at)
    visit.save(update_fields=["left_at", "updated_at"])
    _audit(visit, action=audit.Action.UPDATE, detail="telehealth: left")
    return visit


@transaction.atomic
def close_finished_visits(*, now: dt.datetime) -> int:
    """A visit nobody closed ends with its session (the client forgot to tap "I've left")."""
    closed = 0
    unclosed = TelehealthVisit.objects.select_for_update().filter(
        left_at__isnull=True, session__ends_at__lte=now
    )
    for visit in unclosed.select_related("session"):
        visit.left_at = max(visit.joined_at, visit.session.ends_at)
        visit.save(update_fields=["left_at", "updated_at"])
        _audit(visit, action=audit.Action.UPDATE, detail="telehealth: closed at session end")
        closed += 1
    return closed


def _audit(visit: TelehealthVisit, *, action: str, detail: str) -> None:
    audit.record(
        actor=None, action=action, client_id=visit.client_id, obj=visit, detail=detail, system_job=PORTAL_JOB
    )


@dataclass(frozen=True)
class Proposal:
    """What the portal saw of one client in one session, as attendance to confirm."""

    minutes: int  # time in the room within the session, less the session's breaks
    arrived_at: dt.datetime | None  # set only when late: the attendance record's arrival
    left_at: dt.datetime | None  # set only when leaving early
    audio_only: bool
    status: str

    @property
    def telehealth(self) -> str:
        return Telehealth.AUDIO_ONLY if self.audio_only else Telehealth.AUDIO_VIDEO


def overlap_minutes(
    spans: Iterable[tuple[dt.datetime, dt.datetime]], *, start: dt.datetime, end: dt.datetime, breaks: int
) -> int:
    """Minutes of the session covered by any span (rejoins are not counted twice), less the breaks."""
    covered = dt.timedelta(0)
    reached = start
    for joined, left in sorted(spans):
        joined, left = max(joined, reached), min(left, end)
        if left > joined:
            covered += left - joined
            reached = left
    return max(0, int(covered.total_seconds() // 60) - breaks)


def _proposal(session: GroupSession, visits: list[TelehealthVisit]) -> Proposal:
    # An unclosed visit counts to the session's end, as it will be closed there.
    spans = [(v.joined_at, v.left_at or session.ends_at) for v in visits]
    arrived = max(session.starts_at, min(joined for joined, _ in spans))
    left = min(session.ends_at, max(left for _, left in spans))
    late, early = arrived > session.starts_at + TOLERANCE, left < session.ends_at - TOLERANCE
    status = Status.LATE if late else Status.LEFT_EARLY if early else Status.PRESENT
    minutes = overlap_minutes(
        spans, start=session.starts_at, end=session.ends_at, breaks=session.break_minutes
    )
    audio_only = any(v.audio_only for v in visits)
    return Proposal(minutes, arrived if late else None, left if early else None, audio_only, status)


def list_proposals(*, session: GroupSession) -> dict[Any, Proposal]:
    """Each joined client's proposal, by client id (one query)."""
    by_client: dict[Any, list[TelehealthVisit]] = defaultdict(list)
    for visit in TelehealthVisit.objects.filter(session=session):
        by_client[visit.client_id].append(visit)
    return {client_id: _proposal(session, visits) for client_id, visits in by_client.items()}


@transaction.atomic
def confirm_proposal(
    *, session: GroupSession, client: Client, confirmed_by: Any, expected_version: int | None = None
) -> AttendanceRecord:
    """The facilitator takes the proposal as the attendance, through the ordinary attendance service."""
    proposal = list_proposals(session=session).get(client.pk)
    if proposal is None or proposal.minutes <= 0:
        reject("session", "Nothing to confirm: the client has no time in the video room in this session.")
    return services.record_attendance(
        session=session,
        client=client,
        status=proposal.status,
        recorded_by=confirmed_by,
        arrived_at=proposal.arrived_at,
        left_at=proposal.left_at,
        expected_version=expected_version,
        telehealth=proposal.telehealth,
    )
