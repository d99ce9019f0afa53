"""Turning recurring groups into dated sessions, and changing single sessions."""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates, week_changes
from trellis.core.errors import reject
from trellis.episodes.models import Enrollment
from trellis.privacy import audit
from trellis.programs.models import Holiday, Room, Track
from trellis.scheduling.models import CalendarFeedToken, GroupSession, RecurringGroup, SessionMode
from trellis.scheduling.proposals import new_feed_token

MAX_GENERATION_DAYS = 366


def _sessions_for(
    group: RecurringGroup, days: list[dt.date], closed: set[tuple[Any, dt.date]]
) -> list[GroupSession]:
    zone = group.track.site.timezone
    sessions = []
    for day in days:
        if not group.meets_on(day) or (group.track.site_id, day) in closed:
            continue
        starts_at = clock.local_datetime(day, group.starts_at, zone)
        sessions.append(
            GroupSession(
                group=group,
                track=group.track,
                date=day,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=group.duration_minutes),
                room_id=group.room_id,
                facilitator_id=group.facilitator_id,
                topic_id=group.default_topic_id,
            )
        )
    return sessions


@transaction.atomic
def generate_sessions(*, first: dt.date, last: dt.date, tracks: list[Track] | None = None) -> int:
    """Create the dated sessions of every active group between two dates, skipping holidays.

    Safe to run again: existing sessions (and their attendance) are kept. Returns how many were created.
    """
    if last < first:
        reject("last", "The last day must not come before the first.")
    if (last - first).days > MAX_GENERATION_DAYS:
        reject("last", "Generate at most a year of sessions at a time.")
    groups = RecurringGroup.objects.select_related("track__site").filter(track__is_active=True)
    if tracks is not None:
        groups = groups.filter(track__in=tracks)
    days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    closed = set(Holiday.objects.filter(date__gte=first, date__lte=last).values_list("site_id", "date"))
    sessions = [session for group in groups for session in _sessions_for(group, days, closed)]
    created = GroupSession.objects.bulk_create(sessions, ignore_conflicts=True, batch_size=500)
    return len(created)


@transaction.atomic
def cancel_session(*, session: GroupSession, reason: str, cancelled_by: Any) -> GroupSession:
    if not reason.strip():
        reject("cancel_reason", "Say why the session is cancelled; clients will be told.")
    if session.is_cancelled:
        reject("status", "This session is already cancelled.")
    session.status = GroupSession.Status.CANCELLED
    session.cancel_reason = reason.strip()
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit.record(actor=cancelled_by, action=audit.Action.UPDATE, obj=session, detail="session cancelled")
    # Everyone on the roster that day: the cancelled minutes no longer count against their week.
    on_roster = Enrollment.objects.on(session.date).filter(track_id=session.track_id)
    week_changes.announce(
        client_ids=on_roster.values_list("episode__client_id", flat=True),
        first=session.date,
        last=session.date,
    )
    return session


@transaction.atomic
def set_session_topic(*, session: GroupSession, topic: Any, changed_by: Any) -> GroupSession:
    if topic is not None and topic.organization_id != session.track.program.organization_id:
        reject("topic", "This topic belongs to another organization.")
    session.topic = topic
    session.save(update_fields=["topic", "updated_at"])
    audit.record(actor=changed_by, action=audit.Action.UPDATE, obj=session, detail="topic set")
    return session


@transaction.atomic
def set_session_mode(*, session: GroupSession, mode: str, changed_by: Any) -> GroupSession:
    """One session meets otherwise than its group (blank: as the group meets), e.g. online on a snow day."""
    if mode and mode not in SessionMode.values:
        reject("mode_override", "Choose in person, virtual or hybrid.")
    session.mode_override = mode
    session.save(update_fields=["mode_override", "updated_at"])
    audit.record(
        actor=changed_by,
        action=audit.Action.UPDATE,
        obj=session,
        detail=f"session mode: {mode or 'as group'}",
    )
    return session


def _check_group(
    *, track: Track, room: Room, facilitator: Any, weekdays: list[int], duration_minutes: int
) -> None:
    if room.site_id != track.site_id:
        reject("room", "The room is at another site than the track.")
    if not weekdays or any(day not in range(7) for day in weekdays):
        reject("weekdays", "Choose at least one day of the week.")
    if facilitator is None or not facilitator.is_active:
        reject("facilitator", "A group needs an active facilitator.")
    if not facilitator.sites.filter(pk=track.site_id).exists():
        reject("facilitator", "The facilitator does not work at this track's site.")
    if duration_minutes < 15:
        reject("duration_minutes", "A group lasts at least 15 minutes.")


@transaction.atomic
def create_group(
    *,
    track: Track,
    name: str,
    weekdays: list[int],
    starts_at: dt.time,
    duration_minutes: int,
    room: Room,
    facilitator: Any,
    active_from: dt.date,
    created_by: Any,
    default_topic: Any = None,
    family_group: bool = False,
    session_kind: str = RecurringGroup.SessionKind.PROCESS,
    session_mode: str = SessionMode.IN_PERSON,
) -> RecurringGroup:
    _check_group(
        track=track, room=room, facilitator=facilitator, weekdays=weekdays, duration_minutes=duration_minutes
    )
    if session_kind not in RecurringGroup.SessionKind.values:
        reject("session_kind", "Choose the kind of group.")
    if session_mode not in SessionMode.values:
        reject("session_mode", "Choose in person, virtual or hybrid.")
    plausible_dates.check_near_today(
        field="active_from",
        day=active_from,
        today=plausible_dates.today_at(track.site.timezone),
        what="first week",
    )
    group = RecurringGroup.objects.create(
        track=track,
        name=name.strip(),
        weekdays=sorted(set(weekdays)),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        room=room,
        facilitator=facilitator,
        active_from=active_from,
        family_group=family_group,
        default_topic=default_topic,
        session_kind=session_kind,
        session_mode=session_mode,
    )
    audit.record(actor=created_by, action=audit.Action.CREATE, obj=group, detail="group created")
    from trellis.scheduling.tasks import generate_track_sessions

    transaction.on_commit(lambda: generate_track_sessions(str(track.pk)))
    return group


@transaction.atomic
def rotate_feed_token(*, owner: Any, rotated_by: Any) -> CalendarFeedToken:
    """Give a client or clinician a new calendar link; the old link stops working at once (revocation)."""
    field = "client" if isinstance(owner, Client) else "user"
    token, created = CalendarFeedToken.objects.get_or_create(**{field: owner})
    if not created:
        token.token = new_feed_token()
        token.revoked_at = None
        token.save(update_fields=["token", "revoked_at", "updated_at"])
    audit.record(
        actor=rotated_by,
        action=audit.Action.CREATE if created else audit.Action.UPDATE,
        client_id=owner.pk if field == "client" else None,
        obj=token,
        detail="calendar link issued" if created else "calendar link replaced (old link revoked)",
    )
    return token


@transaction.atomic
def turn_off_feed_token(*, owner: Any, turned_off_by: Any) -> bool:
    """Revoke a client's or clinician's calendar link without making a new one; False if there was none."""
    field = "client" if isinstance(owner, Client) else "user"
    token = CalendarFeedToken.objects.filter(**{field: owner}).first()
    if token is None:
        return False
    audit.record(
        actor=turned_off_by,
        action=audit.Action.DELETE,
        client_id=owner.pk if field == "client" else None,
        obj=token,
        detail="calendar link turned off",
    )
    token.delete()
    return True


# The weekly schedule's writes live beside their rules; this module is the one place views import from.
from trellis.scheduling.availability import (  # noqa: E402
    add_commitment,
    remove_commitment,
    set_day_part_preference,
)
from trellis.scheduling.publishing import (  # noqa: E402
    next_week_start,
    pin_client,
    publish_proposal,
    request_proposal,
    request_resolve_after_change,
    solve_proposal,
    unpin_client,
)
from trellis.scheduling.tapering import step_down_client, step_up_client  # noqa: E402

__all__ = [
    "add_commitment",
    "cancel_session",
    "create_group",
    "generate_sessions",
    "next_week_start",
    "pin_client",
    "publish_proposal",
    "remove_commitment",
    "request_proposal",
    "request_resolve_after_change",
    "rotate_feed_token",
    "set_day_part_preference",
    "set_session_mode",
    "set_session_topic",
    "solve_proposal",
    "step_down_client",
    "step_up_client",
    "turn_off_feed_token",
    "unpin_client",
]
