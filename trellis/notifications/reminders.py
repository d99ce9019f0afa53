"""Appointment reminders: one per booked appointment and opted-in channel, 24 hours before it starts.

Run every hour; a reminder already written for an appointment is never written again (the unique constraint
on appointment, channel and purpose), so the job may run as often as it likes.
"""

import datetime as dt

from django.db import IntegrityError, transaction

from trellis.core import clock
from trellis.notifications import delivery
from trellis.notifications.models import ChannelConsent, Notification
from trellis.scheduling.appointments import Appointment

LEAD = dt.timedelta(hours=24)
# Look a little past the lead time so an hourly run never misses one.
WINDOW = LEAD + dt.timedelta(hours=2)


def queue_appointment_reminders() -> int:
    now = clock.now()
    upcoming = (
        Appointment.objects.booked()
        .filter(client__isnull=False, starts_at__gt=now, starts_at__lte=now + WINDOW)
        .select_related("client__site")
    )
    consents = ChannelConsent.objects.filter(
        client__in=upcoming.values("client_id"), opted_out_at__isnull=True
    )
    channels_of: dict[object, list[str]] = {}
    for consent in consents:
        channels_of.setdefault(consent.client_id, []).append(consent.channel)
    done = set(
        Notification.objects.filter(
            appointment__in=upcoming, purpose=Notification.Purpose.APPOINTMENT
        ).values_list("appointment_id", "channel")
    )
    queued = 0
    for appointment in upcoming:
        for channel in channels_of.get(appointment.client_id, []):
            if (appointment.pk, channel) not in done:
                queued += _queue(appointment, channel, max(appointment.starts_at - LEAD, now))
    return queued


def _queue(appointment: Appointment, channel: str, when: dt.datetime) -> int:
    assert appointment.client is not None  # the query above asks for appointments with a client
    try:
        with transaction.atomic():
            delivery.queue_reminder(
                client=appointment.client, channel=channel, purpose=Notification.Purpose.APPOINTMENT,
                scheduled_for=when, starts_at=appointment.starts_at, appointment=appointment,
            )  # fmt: skip
    except IntegrityError:  # another run wrote it first
        return 0
    return 1
