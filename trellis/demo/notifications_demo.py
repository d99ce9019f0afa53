"""Reminders for the demo: Riverside's neutral sender name and help line, and a few clients who agreed to
texts or e-mail (fictional 555-01xx numbers, example.org addresses), so the face sheet's panel has rows and
the hourly job has appointments to remind."""

import datetime as dt

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import context
from trellis.notifications import reminders, services
from trellis.notifications.models import Channel, ChannelConsent, NotificationSettings
from trellis.programs.models import Organization

OPTED_IN = 4


def load_notifications(*, organization_name: str, seed: int, today: dt.date) -> int:
    """Returns how many clients opted in to reminders."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(organization_name)
    finally:
        context.set_current(None)


@transaction.atomic
def _load(organization_name: str) -> int:
    organization = Organization.objects.get(name=organization_name)
    NotificationSettings.objects.update_or_create(
        organization=organization, defaults={"sms_sender_name": "Riverside", "help_phone": "555-555-0100"}
    )
    clients = list(Client.objects.filter(organization=organization).order_by("chart_number")[:OPTED_IN])
    for number, client in enumerate(clients, start=1):
        channel = Channel.SMS if number % 2 else Channel.EMAIL
        address = f"555-555-01{number:02d}" if channel == Channel.SMS else f"client{number}@example.org"
        services.record_opt_in(
            client=client,
            channel=channel,
            address=address,
            how=ChannelConsent.HowIn.WRITTEN,
            recorded_by=None,
        )
    reminders.queue_appointment_reminders()
    return len(clients)
