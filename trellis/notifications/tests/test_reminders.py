"""Reminders respect opt-in and quiet hours, name no substance-use treatment by default, and are written once
per appointment."""

import datetime as dt
from typing import Any

import time_machine
from django.core import mail

from conftest import World
from trellis.notifications import delivery, reminders, services, wording
from trellis.notifications.models import Channel, ChannelConsent, Notification, WordingPreference
from trellis.notifications.tasks import send_due_notifications
from trellis.scheduling.appointments import Appointment

# Monday 7 December 2026, 14:00 in New York (Northside's zone): not quiet hours.
NOW = dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC)
Status = Notification.Status


def _opt_in(world: World, channel: str = Channel.SMS, address: str = "(555) 555-0123") -> ChannelConsent:
    return services.record_opt_in(
        client=world.carol, channel=channel, address=address, how=ChannelConsent.HowIn.VERBAL,
        recorded_by=world.alice,
    )  # fmt: skip


def _reminder(world: World, *, channel: str = Channel.SMS, at: dt.datetime = NOW) -> Notification:
    return delivery.queue_reminder(
        client=world.carol, channel=channel, purpose=Notification.Purpose.APPOINTMENT, scheduled_for=at,
        starts_at=at + dt.timedelta(hours=24),
    )  # fmt: skip


def _book(world: World, starts_at: dt.datetime) -> Appointment:
    return Appointment.objects.create(
        site=world.site_a, kind=Appointment.Kind.INDIVIDUAL, staff=world.alice, client=world.carol,
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=50), booked_by=world.alice,
    )  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_without_an_opt_in_nothing_is_sent(world: World, sms_outbox: Any) -> None:
    # given Carol, who never agreed to texts
    # when a reminder is queued and the queue runs
    notification = _reminder(world)
    send_due_notifications.call_local()
    # then it is kept as not sent, with the reason, and no text left
    notification.refresh_from_db()
    assert (notification.status, notification.reason) == (Status.SUPPRESSED, "no opt-in for this channel")
    assert sms_outbox() == []


@time_machine.travel(NOW, tick=False)
def test_an_opted_in_client_gets_the_text_at_their_number(world: World, sms_outbox: Any) -> None:
    _opt_in(world)
    notification = _reminder(world)
    send_due_notifications.call_local()
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert [(m["to"], m["body"]) for m in sms_outbox()] == [("+15555550123", notification.body)]


@time_machine.travel(NOW, tick=False)
def test_an_opt_out_after_queueing_stops_the_reminder(world: World, sms_outbox: Any) -> None:
    consent = _opt_in(world)
    notification = _reminder(world, at=NOW + dt.timedelta(minutes=30))
    services.record_opt_out(consent=consent, how=ChannelConsent.HowOut.STAFF, recorded_by=world.alice)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        send_due_notifications.call_local()
    notification.refresh_from_db()
    assert (notification.status, notification.reason) == (Status.SUPPRESSED, "opted out (Told staff)")
    assert sms_outbox() == []


def test_a_reminder_due_in_quiet_hours_waits_for_the_morning(world: World, sms_outbox: Any) -> None:
    # given a reminder due at 22:30 in New York
    late = dt.datetime(2026, 12, 8, 3, 30, tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False):
        _opt_in(world)
        notification = _reminder(world, at=late)
        # when the queue runs then
        send_due_notifications.call_local()
    # then it is held until 08:00 local, nothing sent
    notification.refresh_from_db()
    assert notification.status == Status.HELD
    assert notification.scheduled_for == dt.datetime(2026, 12, 8, 13, 0, tzinfo=dt.UTC)
    assert sms_outbox() == []
    # and at 07:55 still nothing; at 08:00 it goes out
    with time_machine.travel(dt.datetime(2026, 12, 8, 12, 55, tzinfo=dt.UTC), tick=False):
        send_due_notifications.call_local()
    assert sms_outbox() == []
    with time_machine.travel(dt.datetime(2026, 12, 8, 13, 0, tzinfo=dt.UTC), tick=False):
        send_due_notifications.call_local()
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert len(sms_outbox()) == 1


@time_machine.travel(NOW, tick=False)
def test_a_default_text_names_no_substance_use_treatment(world: World) -> None:
    # given Riverside Recovery's "IOP Substance Use" program, and Carol who chose nothing about wording
    assert wording.reveals_treatment(world.organization.name + " " + world.program.name)
    _opt_in(world)
    _opt_in(world, channel=Channel.EMAIL, address="carol@example.org")
    # when reminders are written for her by text and e-mail
    texts = [_reminder(world).body, _reminder(world, channel=Channel.EMAIL).body]
    # then neither names the program, the organization or any treatment
    assert texts[0] == "Your care team: You have an appointment on Tue Dec 8 at 2 pm. Reply STOP to opt out."
    assert not any(wording.reveals_treatment(text) for text in texts)
    assert not any("Riverside" in text or "IOP" in text for text in texts)


@time_machine.travel(NOW, tick=False)
def test_the_program_is_named_only_when_the_client_chose_it(world: World) -> None:
    services.choose_wording(
        client=world.carol, style=WordingPreference.Style.PROGRAM, own_sender="", chosen_by=world.alice
    )
    assert _reminder(world).body.startswith("IOP Substance Use: You have an appointment")


@time_machine.travel(NOW, tick=False)
def test_the_organizations_neutral_sender_name_is_used(world: World) -> None:
    rules = services.settings_for(world.organization.pk)
    rules.sms_sender_name = "Riverside"
    rules.save()
    assert _reminder(world).body.startswith("Riverside: You have an appointment")


@time_machine.travel(NOW, tick=False)
def test_an_email_reminder_goes_through_django_mail(world: World) -> None:
    _opt_in(world, channel=Channel.EMAIL, address="Carol@Example.org")
    notification = _reminder(world, channel=Channel.EMAIL)
    send_due_notifications.call_local()
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert [(m.to, m.body) for m in mail.outbox] == [(["carol@example.org"], notification.body)]


@time_machine.travel(NOW, tick=False)
def test_each_booked_appointment_gets_one_reminder_a_day_ahead(world: World) -> None:
    # given Carol opted in to texts, with an appointment tomorrow at 15:00 and a cancelled one after it
    _opt_in(world)
    appointment = _book(world, NOW + dt.timedelta(hours=25))
    cancelled = _book(world, NOW + dt.timedelta(hours=25, minutes=55))
    cancelled.status = Appointment.Status.CANCELLED
    cancelled.save()
    # when the hourly job runs twice
    first, second = reminders.queue_appointment_reminders(), reminders.queue_appointment_reminders()
    # then one reminder is written, due 24 hours before it
    assert (first, second) == (1, 0)
    reminder = Notification.objects.get(client=world.carol)
    assert (reminder.appointment_id, reminder.scheduled_for) == (appointment.pk, NOW + dt.timedelta(hours=1))


@time_machine.travel(NOW, tick=False)
def test_a_reminder_for_an_appointment_cancelled_since_is_not_sent(world: World, sms_outbox: Any) -> None:
    _opt_in(world)
    appointment = _book(world, NOW + dt.timedelta(hours=24))
    reminders.queue_appointment_reminders()
    appointment.status = Appointment.Status.CANCELLED
    appointment.save()
    send_due_notifications.call_local()
    assert Notification.objects.get(client=world.carol).reason == "appointment cancelled"
    assert sms_outbox() == []
