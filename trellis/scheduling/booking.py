"""Booking appointments on the one calendar, refused when they overlap what the person is already booked for.

A member of staff is busy while facilitating a group (its dated session, or the recurring group's meeting
when no session has been generated for that day yet) and during their other booked appointments. A client
is busy in the groups of their published schedule and in their booked appointments. An overlap is refused
with a message naming what it overlaps, so the person booking can choose another time or someone else. A
booking on a day the site is closed (a program holiday) is refused too.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.accounts.roles import Capability
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.programs.models import Holiday
from trellis.scheduling.models import (
    Appointment,
    GroupSession,
    ProposedPlacement,
    RecurringGroup,
    ScheduleProposal,
)

CONFLICT = "conflict"
CLOSED = "closed"
# A booking typed a few minutes after its start (the client is at the desk) is still taken.
LATE_ENTRY = dt.timedelta(minutes=5)
MAX_MINUTES = 8 * 60


@dataclass(frozen=True)
class Busy:
    """Something a person is booked for, in words: 'facilitates Evening process group'."""

    what: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    zone: str

    def overlaps(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at

    def when(self) -> str:
        local = clock.zone(self.zone)
        start, end = self.starts_at.astimezone(local), self.ends_at.astimezone(local)
        return f"{start:%a %b} {start.day}, {start:%H:%M}\u2013{end:%H:%M}"


def _days_around(starts_at: dt.datetime, ends_at: dt.datetime) -> list[dt.date]:
    """Calendar days that could hold a meeting overlapping the span, in any site's zone."""
    first = starts_at.astimezone(dt.UTC).date() - dt.timedelta(days=1)
    last = ends_at.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _group_meetings(
    groups: Iterable[RecurringGroup], days: list[dt.date]
) -> list[tuple[RecurringGroup, dt.date]]:
    groups = list(groups)
    closed = set(
        Holiday.objects.filter(site_id__in={g.track.site_id for g in groups}, date__in=days).values_list(
            "site_id", "date"
        )
    )
    generated = set(
        GroupSession.objects.filter(group__in=groups, date__in=days).values_list("group_id", "date")
    )
    return [
        (group, day)
        for group in groups
        for day in days
        if group.meets_on(day)
        and (group.track.site_id, day) not in closed
        and (group.pk, day) not in generated
    ]


def _meeting(group: RecurringGroup, day: dt.date, what: str) -> Busy:
    zone = group.track.site.timezone
    starts = clock.local_datetime(day, group.starts_at, zone)
    return Busy(what, starts, starts + dt.timedelta(minutes=group.duration_minutes), zone)


def _appointments_busy(appointments: Iterable[Appointment], whose: str) -> list[Busy]:
    return [
        Busy(f"{whose} {a.get_kind_display().lower()}", a.starts_at, a.ends_at, a.site.timezone)
        for a in appointments
    ]


def staff_busy(
    *, staff: Any, starts_at: dt.datetime, ends_at: dt.datetime, ignore: Sequence[Any] = ()
) -> list[Busy]:
    name = staff.get_full_name() or staff.get_username()
    days = _days_around(starts_at, ends_at)
    sessions = (
        GroupSession.objects.held()
        .filter(facilitator=staff, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .select_related("group", "track__site")
    )
    busy = [
        Busy(f"{name} facilitates {s.group.name}", s.starts_at, s.ends_at, s.track.site.timezone)
        for s in sessions
    ]
    groups = RecurringGroup.objects.filter(facilitator=staff, track__is_active=True).select_related(
        "track__site"
    )
    busy += [_meeting(g, day, f"{name} facilitates {g.name}") for g, day in _group_meetings(groups, days)]
    appointments = (
        Appointment.objects.booked()
        .filter(staff=staff, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk__in=list(ignore))
        .select_related("site")
    )
    busy += _appointments_busy(appointments, f"{name}'s")
    return busy


def client_busy(
    *, client: Any, starts_at: dt.datetime, ends_at: dt.datetime, ignore: Sequence[Any] = ()
) -> list[Busy]:
    name = client.display_name
    placements = ProposedPlacement.objects.filter(
        client=client,
        proposal__status=ScheduleProposal.Status.PUBLISHED,
        date__in=_days_around(starts_at, ends_at),
    ).select_related("group__track__site")
    busy = [_meeting(p.group, p.date, f"{name}'s group {p.group.name}") for p in placements]
    appointments = (
        Appointment.objects.booked()
        .filter(client=client, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk__in=list(ignore))
        .select_related("site")
    )
    busy += _appointments_busy(appointments, f"{name}'s")
    return busy


def find_conflicts(
    *,
    staff: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    client: Any = None,
    ignore: Sequence[Any] = (),
) -> list[Busy]:
    """What the staff member (and the client, if named) is already booked for in this span."""
    busy = staff_busy(staff=staff, starts_at=starts_at, ends_at=ends_at, ignore=ignore)
    if client is not None:
        busy += client_busy(client=client, starts_at=starts_at, ends_at=ends_at, ignore=ignore)
    return sorted((b for b in busy if b.overlaps(starts_at, ends_at)), key=lambda b: b.starts_at)


def check_free(
    *,
    staff: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    client: Any = None,
    ignore: Sequence[Any] = (),
) -> None:
    conflicts = find_conflicts(
        staff=staff, starts_at=starts_at, ends_at=ends_at, client=client, ignore=ignore
    )
    if conflicts:
        named = "; ".join(f"{c.what} on {c.when()}" for c in conflicts)
        reject(
            "starts_at", f"This time overlaps: {named}. Choose another time or someone else.", code=CONFLICT
        )


def _check_span(starts_at: dt.datetime, minutes: int) -> dt.datetime:
    if starts_at.tzinfo is None:
        reject("starts_at", "Give the time with its time zone.")
    if starts_at < clock.now() - LATE_ENTRY:
        reject("starts_at", "That time has passed; choose a time from now on.")
    if starts_at > clock.now() + plausible_dates.ONE_YEAR:
        reject("starts_at", "That time is more than a year ahead; check the year.", code=plausible_dates.CODE)
    if not 5 <= minutes <= MAX_MINUTES:
        reject("minutes", f"An appointment lasts from 5 minutes to {MAX_MINUTES // 60} hours.")
    return starts_at + dt.timedelta(minutes=minutes)


def check_open(*, site: Any, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Refuse a span touching a day the site is closed (a program holiday): nobody is there to meet."""
    zone = clock.zone(site.timezone)
    last_moment = ends_at - dt.timedelta(microseconds=1)  # ending at midnight does not reach the next day
    days = {starts_at.astimezone(zone).date(), last_moment.astimezone(zone).date()}
    holiday = Holiday.objects.filter(site=site, date__in=days).order_by("date").first()
    if holiday is not None:
        reject(
            "starts_at",
            f"{site.name} is closed on {holiday.date:%a %b} {holiday.date.day} ({holiday.name}). "
            "Choose another day.",
            code=CLOSED,
        )


@transaction.atomic
def book_appointment(
    *,
    kind: str,
    site: Any,
    staff: Any,
    starts_at: dt.datetime,
    minutes: int,
    booked_by: Any,
    client: Any = None,
    inquiry: Any = None,
) -> Appointment:
    """Book staff (and client) for a span, refused on any overlap. An inquiry's assessment moves: its
    earlier booking is cancelled in the same transaction."""
    if kind not in Appointment.Kind.values:
        reject("kind", "Choose what the appointment is for.")
    if client is None and kind != Appointment.Kind.ASSESSMENT:
        reject("client", "Choose the client.")
    if client is not None and client.site_id != site.pk:
        reject("client", "The client attends another site.")
    if site.pk not in staff.site_ids():
        reject("staff", "Choose someone who works at this site.")
    # A psychiatric evaluation is billed under a prescriber (90791/90792) and documented in their visit note.
    if kind == Appointment.Kind.PSYCH_EVALUATION and not staff.can(Capability.ORDER_MEDICATIONS):
        reject("staff", "A psychiatric evaluation is booked with a prescriber.")
    ends_at = _check_span(starts_at, minutes)
    check_open(site=site, starts_at=starts_at, ends_at=ends_at)
    # Lock the staff member's row so two coordinators cannot book the same free hour at once.
    list(type(staff).objects.select_for_update().filter(pk=staff.pk).values_list("pk"))
    earlier = list(Appointment.objects.booked().filter(inquiry=inquiry)) if inquiry is not None else []
    check_free(
        staff=staff, starts_at=starts_at, ends_at=ends_at, client=client, ignore=[a.pk for a in earlier]
    )
    for old in earlier:
        _cancel(old, reason="Moved to another time", cancelled_by=booked_by)
    appointment = Appointment.objects.create(
        site=site,
        kind=kind,
        staff=staff,
        client=client,
        inquiry=inquiry,
        starts_at=starts_at,
        ends_at=ends_at,
        booked_by=booked_by,
    )
    audit.record(
        actor=booked_by,
        action=audit.Action.CREATE,
        client_id=getattr(client, "pk", None),
        obj=appointment,
        detail=f"{kind} appointment booked",
        organization_id=site.organization_id,
    )
    return appointment


def _cancel(appointment: Appointment, *, reason: str, cancelled_by: Any) -> None:
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancel_reason = reason[:200]
    appointment.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit.record(
        actor=cancelled_by,
        action=audit.Action.UPDATE,
        client_id=appointment.client_id,
        obj=appointment,
        detail="appointment cancelled",
        organization_id=appointment.site.organization_id,
    )


@transaction.atomic
def cancel_inquiry_appointments(*, inquiry: Any, reason: str, cancelled_by: Any) -> int:
    """Cancel the inquiry's bookings that have not begun (within the caller's transaction): a closed inquiry
    holds no one's hour. One already begun stays as it is, the record of what happened (held or missed)."""
    booked = (
        Appointment.objects.booked()
        .select_for_update()
        .select_related("site")
        .filter(inquiry=inquiry, starts_at__gt=clock.now())
        .order_by("starts_at", "pk")
    )
    cancelled = 0
    for appointment in booked:
        _cancel(appointment, reason=reason, cancelled_by=cancelled_by)
        cancelled += 1
    return cancelled


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, reason: str, cancelled_by: Any) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("site").get(pk=appointment.pk)
    if not appointment.is_booked:
        reject("appointment", "This appointment is already cancelled.")
    if not reason.strip():
        reject("reason", "Say why the appointment is cancelled.")
    _cancel(appointment, reason=reason.strip(), cancelled_by=cancelled_by)
    return appointment
