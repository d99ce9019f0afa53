"""Taking attendance: one record per client per session, with minutes attended worked out from the times."""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.attendance import compliance
from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.clients.models import Client
from trellis.core.errors import reject
from trellis.episodes.models import Enrollment
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession

Status = AttendanceRecord.Status
ABSENT_STATUSES = frozenset({Status.EXCUSED, Status.UNEXCUSED, Status.CANCELLED})
# How far outside the session an arrival or departure may plausibly be typed (early comers, a long goodbye).
SESSION_GRACE = dt.timedelta(minutes=30)


def is_on_roster(*, session: GroupSession, client: Client) -> bool:
    return (
        Enrollment.objects.on(session.date).filter(track_id=session.track_id, episode__client=client).exists()
    )


def _check_times(
    *, session: GroupSession, status: str, arrived_at: dt.datetime | None, left_at: dt.datetime | None
) -> None:
    if status in ABSENT_STATUSES and (arrived_at or left_at):
        reject("arrived_at", "An absent client has no arrival or departure time.")
    if status == Status.LATE and arrived_at is None:
        reject("arrived_at", "Give the time a late client arrived.")
    if status == Status.LEFT_EARLY and left_at is None:
        reject("left_at", "Give the time the client left.")
    if arrived_at and left_at and left_at <= arrived_at:
        reject("left_at", "Departure must be after arrival.")
    if arrived_at and arrived_at >= session.ends_at:
        reject("arrived_at", "Arrival is after the session ended.")
    if left_at and left_at <= session.starts_at:
        reject("left_at", "Departure is before the session started.")
    _check_within_session(session=session, arrived_at=arrived_at, left_at=left_at)


def _check_within_session(
    *, session: GroupSession, arrived_at: dt.datetime | None, left_at: dt.datetime | None
) -> None:
    """Times belong to the session: a client may come a little early, never hours (or centuries) before."""
    if arrived_at and arrived_at < session.starts_at - SESSION_GRACE:
        reject(
            "arrived_at", f"Arrival is more than {_minutes(SESSION_GRACE)} minutes before the session starts."
        )
    if left_at and left_at > session.ends_at + SESSION_GRACE:
        reject("left_at", f"Departure is more than {_minutes(SESSION_GRACE)} minutes after the session ends.")


def _minutes(span: dt.timedelta) -> int:
    return int(span.total_seconds() // 60)


def _check(
    *,
    session: GroupSession,
    client: Client,
    status: str,
    arrived_at: dt.datetime | None,
    left_at: dt.datetime | None,
) -> None:
    if status not in Status.values:
        reject("status", "Choose present, late, left early, excused, unexcused or cancelled.")
    if session.is_cancelled and status != Status.CANCELLED:
        reject("status", "This session was cancelled by the program.")
    if not is_on_roster(session=session, client=client):
        reject("client", "This client is not on the session's roster (not enrolled in its track that day).")
    _check_times(session=session, status=status, arrived_at=arrived_at, left_at=left_at)


def minutes_for(
    *, session: GroupSession, status: str, arrived_at: dt.datetime | None, left_at: dt.datetime | None
) -> int:
    return compliance.minutes_attended(
        session_start=session.starts_at,
        session_end=session.ends_at,
        arrived_at=arrived_at,
        left_at=left_at,
        present=status in PRESENT_STATUSES,
    )


@transaction.atomic
def record_attendance(
    *,
    session: GroupSession,
    client: Client,
    status: str,
    recorded_by: Any,
    arrived_at: dt.datetime | None = None,
    left_at: dt.datetime | None = None,
) -> AttendanceRecord:
    """Record or correct one client's attendance at a session; the previous status goes into the audit trail."""
    _check(session=session, client=client, status=status, arrived_at=arrived_at, left_at=left_at)
    minutes = minutes_for(session=session, status=status, arrived_at=arrived_at, left_at=left_at)
    previous = AttendanceRecord.objects.select_for_update().filter(session=session, client=client).first()
    record, _ = AttendanceRecord.objects.update_or_create(
        session=session,
        client=client,
        defaults={
            "status": status,
            "arrived_at": arrived_at,
            "left_at": left_at,
            "minutes_attended": minutes,
            "recorded_by": recorded_by,
        },
    )
    change = f"{previous.status} -> {status}" if previous else status
    audit.record(
        actor=recorded_by,
        action=audit.Action.UPDATE if previous else audit.Action.CREATE,
        client_id=client.pk,
        obj=record,
        detail=f"attendance: {change}",
    )
    return record


@transaction.atomic
def mark_remaining_present(*, session: GroupSession, recorded_by: Any) -> int:
    """Everyone on the roster with no record yet was present for the whole session. Returns how many."""
    on_roster = Enrollment.objects.on(session.date).filter(track_id=session.track_id)
    recorded = AttendanceRecord.objects.filter(session=session).values("client_id")
    clients = Client.objects.filter(episodes__enrollments__in=on_roster).exclude(pk__in=recorded).distinct()
    marked = 0
    for client in clients:
        record_attendance(session=session, client=client, status=Status.PRESENT, recorded_by=recorded_by)
        marked += 1
    return marked
