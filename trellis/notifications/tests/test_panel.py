"""The face sheet's reminders panel: what staff see, in a number of queries that does not grow with rows."""

import datetime as dt
from typing import Any

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trellis.notifications import delivery, services
from trellis.notifications.models import Channel, ChannelConsent, Notification

NOW = dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC)


def _reminders(world: World, count: int) -> None:
    for n in range(count):
        delivery.queue_reminder(
            client=world.carol, channel=Channel.SMS, purpose=Notification.Purpose.APPOINTMENT,
            scheduled_for=NOW + dt.timedelta(days=n),
        )  # fmt: skip


def _face_sheet(client: Any, world: World) -> tuple[str, int]:
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})).content.decode()
    return page, len(captured)


@time_machine.travel(NOW, tick=False)
def test_it_shows_consents_and_recent_reminders_in_constant_queries(world: World, client: Any) -> None:
    # given Carol opted in to texts, then out, with one reminder
    consent = services.record_opt_in(
        client=world.carol, channel=Channel.SMS, address="555 555 0123", how=ChannelConsent.HowIn.WRITTEN,
        recorded_by=world.alice,
    )  # fmt: skip
    _reminders(world, 1)
    services.record_opt_out(consent=consent, how=ChannelConsent.HowOut.STAFF, recorded_by=world.alice)
    client.force_login(world.alice)
    page, few = _face_sheet(client, world)
    # then the panel shows the opt-out and the reminder, and twenty more reminders cost no query
    assert "Opted out Dec 7, 2026 · Told staff" in page
    assert "Appointment reminder" in page
    _reminders(world, 20)
    _, many = _face_sheet(client, world)
    assert many == few


def test_it_is_not_shown_to_staff_who_cannot_edit_the_face_sheet(world: World, client: Any) -> None:
    from trellis.notifications.face_sheet_panel import reminders_panel

    request = client.get("/").wsgi_request
    request.user = world.bill
    assert reminders_panel(world.carol, request) == ""
