"""A discharged client leaves every schedule after their last day, and their calendar link dies.

After the discharge date: their places in published (and proposed) weekly schedules go, their pinned groups
go, their booked appointments are cancelled, and their calendar subscription link is revoked (it answers
410 Gone). Group rosters follow the enrollment, which the discharge itself ends. Registered as a discharge
step (trellis.episodes.discharge_steps), so all of it happens in the discharge's transaction or not at all.
"""

import datetime as dt
from typing import Any

from trellis.core import clock
from trellis.episodes.discharge_steps import DischargeContext, DischargeStep
from trellis.privacy import audit
from trellis.scheduling.models import (
    Appointment,
    CalendarFeedToken,
    ManualPlacement,
    ProposedPlacement,
    ScheduleProposal,
)

# Superseded and discarded proposals are history; what may still happen is in these.
LIVE_PROPOSALS = [
    ScheduleProposal.Status.PUBLISHED,
    ScheduleProposal.Status.READY,
    ScheduleProposal.Status.QUEUED,
]


def _record(context: DischargeContext, obj: Any, action: str, detail: str) -> None:
    audit.record(
        actor=context.discharged_by,
        action=action,
        client_id=context.episode.client_id,
        obj=obj,
        detail=detail,
    )


def _leave_weekly_schedules(context: DischargeContext) -> None:
    client_id = context.episode.client_id
    places = ProposedPlacement.objects.filter(
        client_id=client_id, date__gt=context.discharged_on, proposal__status__in=LIVE_PROPOSALS
    )
    removed, _ = places.delete()
    pins, _ = ManualPlacement.objects.filter(client_id=client_id).delete()
    if removed or pins:
        _record(
            context,
            context.episode,
            audit.Action.DELETE,
            f"discharge: {removed} scheduled group places and {pins} pinned groups removed",
        )


def _cancel_appointments(context: DischargeContext) -> None:
    zone = str(context.episode.client.site.timezone)
    after = clock.local_datetime(context.first_day_after, dt.time(0), zone)
    booked = Appointment.objects.select_for_update().filter(
        client_id=context.episode.client_id, status=Appointment.Status.BOOKED, starts_at__gte=after
    )
    for appointment in booked:
        appointment.status = Appointment.Status.CANCELLED
        appointment.cancel_reason = "Client discharged"
        appointment.save(update_fields=["status", "cancel_reason", "updated_at"])
        _record(context, appointment, audit.Action.UPDATE, "appointment cancelled: client discharged")


def _revoke_calendar_link(context: DischargeContext) -> None:
    feeds = CalendarFeedToken.objects.filter(client_id=context.episode.client_id, revoked_at__isnull=True)
    for feed in feeds:
        feed.revoked_at = clock.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        _record(context, feed, audit.Action.UPDATE, "calendar link revoked at discharge")


def leave_schedules(context: DischargeContext) -> None:
    _leave_weekly_schedules(context)
    _cancel_appointments(context)
    _revoke_calendar_link(context)


STEP = DischargeStep(name="scheduling", title="Schedule", apply=leave_schedules)
