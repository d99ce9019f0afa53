"""Taking attendance: one record per client per session, with minutes attended worked out from the times."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from trellis.attendance import compliance, corrections
from trellis.attendance.models import PRESENT_STATUSES, AttendanceCorrection, AttendanceRecord, Telehealth
from trellis.clients.models import Client
from trellis.core import clock, week_changes
from trellis.core.errors import reject
from trellis.core.versions import SavedCopy, StaleEdit, check_and_raise, display_name
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


def describe(record: AttendanceRecord, zone: str) -> str:
    """The record as the roster shows it: "Late, arrived 9:20" (no client name)."""
    parts = [record.get_status_display()]
    for label, at in (("arrived", record.arrived_at), ("left", record.left_at)):
        if at is not None:
            parts.append(f"{label} {at.astimezone(clock.zone(zone)):%H:%M}")
    return ", ".join(parts)


def saved_record(record: AttendanceRecord, zone: str) -> SavedCopy:
    return SavedCopy(
        version=record.version,
        saved_by=display_name(record.recorded_by),
        saved_at=record.updated_at,
        summary=describe(record, zone),
    )


class StaleTap(StaleEdit):
    """A tap on a roster row that changed since the page showed it: says what it is now, and who set it."""

    def __init__(self, *, record: AttendanceRecord, zone: str) -> None:
        saved = saved_record(record, zone)
        super().__init__(
            what="This attendance",
            saved=saved,
            advice=f"It is now {saved.summary}. Tap again if it should change.",
        )


def _correct(
    record: AttendanceRecord, *, status: str, corrected_by: Any, reason: str
) -> AttendanceCorrection | None:
    """When later work stands on the record, the change needs a reason and is kept as a correction."""
    behind = corrections.locks_of([record]).get(record.pk)
    if not behind:
        return None
    said = "; ".join(behind)
    if not reason.strip():
        reject(
            "reason", f"This attendance is behind finished work ({said}): give a reason for the correction."
        )
    return AttendanceCorrection.objects.create(
        record=record,
        corrected_by=corrected_by,
        from_status=record.status,
        to_status=status,
        reason=reason.strip()[:1000],
        behind=said[:300],
    )


def _create(*, session: GroupSession, client: Client, zone: str, **fields: Any) -> AttendanceRecord:
    """A first record; a tap that loses the race to create it is told what the winner recorded."""
    try:
        with transaction.atomic():
            return AttendanceRecord.objects.create(session=session, client=client, **fields)
    except IntegrityError:
        current = AttendanceRecord.objects.select_related("recorded_by").get(session=session, client=client)
        raise StaleTap(record=current, zone=zone) from None


@transaction.atomic
def record_attendance(
    *,
    session: GroupSession,
    client: Client,
    status: str,
    recorded_by: Any,
    arrived_at: dt.datetime | None = None,
    left_at: dt.datetime | None = None,
    expected_version: int | None = None,
    reason: str = "",
    telehealth: str | None = None,
) -> AttendanceRecord:
    """Record or correct one client's attendance at a session; the previous status goes into the audit trail.

    `expected_version` is the record's version the tap was made from (0: not recorded yet); a tap on a record
    changed since is refused. Changing a record that a signed note or a released charge stands on needs a
    `reason` and is audited as a correction. `telehealth` says how the client attended (None: as recorded).
    """
    _check(session=session, client=client, status=status, arrived_at=arrived_at, left_at=left_at)
    if telehealth is not None and telehealth not in Telehealth.values:
        reject("telehealth", "Choose in person, telehealth audio and video, or telehealth audio only.")
    zone = session.track.site.timezone
    minutes = minutes_for(session=session, status=status, arrived_at=arrived_at, left_at=left_at)
    fields = {
        "status": status,
        "arrived_at": arrived_at,
        "left_at": left_at,
        "minutes_attended": minutes,
        "recorded_by": recorded_by,
    }
    if telehealth is not None:
        fields["telehealth"] = telehealth
    # No joins in the locking read: PostgreSQL re-checks a joined row after the lock wait against the old
    # join (a changed recorded_by would make the record vanish), and the default ordering joins the session.
    previous: AttendanceRecord | None = (
        AttendanceRecord.objects.select_for_update().filter(session=session, client=client).order_by().first()
    )
    if previous is None:
        if expected_version not in (None, 0):
            reject("version", "This attendance record no longer exists: reload the roster.")
        record = _create(session=session, client=client, zone=zone, **fields)
        _audit(record, recorded_by=recorded_by, change=status, created=True)
        _announce(record, session=session)
        return record
    if _unchanged(previous, fields):
        return previous  # a second tap of what is already recorded changes nothing
    check_and_raise(previous, expected=expected_version, stale=lambda: StaleTap(record=previous, zone=zone))
    was = previous.status
    correction = _correct(previous, status=status, corrected_by=recorded_by, reason=reason)
    for name, value in fields.items():
        setattr(previous, name, value)
    previous.save(update_fields=[*fields, "version", "updated_at"])
    _announce(previous, session=session)
    if correction is None:
        _audit(previous, recorded_by=recorded_by, change=f"{was} -> {status}", created=False)
        return previous
    _audit(previous, recorded_by=recorded_by, change=f"correction {was} -> {status}", created=False)
    corrections.announce(previous, corrected_by=recorded_by)
    return previous


def _unchanged(record: AttendanceRecord, fields: dict[str, Any]) -> bool:
    return all(getattr(record, name) == value for name, value in fields.items() if name != "recorded_by")


def _announce(record: AttendanceRecord, *, session: GroupSession) -> None:
    week_changes.announce(client_ids=[record.client_id], first=session.date, last=session.date)


def _audit(record: AttendanceRecord, *, recorded_by: Any, change: str, created: bool) -> None:
    audit.record(
        actor=recorded_by,
        action=audit.Action.CREATE if created else audit.Action.UPDATE,
        client_id=record.client_id,
        obj=record,
        detail=f"attendance: {change}",
    )


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
