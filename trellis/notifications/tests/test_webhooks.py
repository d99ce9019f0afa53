"""The provider's calls: STOP ends texts for that number, HELP says who and how to stop, START opts back in,
delivery status lands on the reminder, and an unsigned request changes nothing."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.test import override_settings

from conftest import World
from tests import factories
from trellis.notifications import delivery, services, signatures
from trellis.notifications.models import Channel, ChannelConsent, Notification
from trellis.notifications.tasks import send_due_notifications
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC)
BASE = "https://trellis.example.org"
INBOUND = "/notifications/sms/inbound/"
STATUS = "/notifications/sms/status/"
pytestmark = pytest.mark.usefixtures("signed_webhooks")


@pytest.fixture
def signed_webhooks() -> Any:
    with override_settings(TRELLIS_SMS_AUTH_TOKEN="secret", TRELLIS_SMS_WEBHOOK_BASE_URL=BASE):
        yield


def _post(path: str, params: dict[str, str], *, token: str = "secret") -> Any:
    signature = signatures.sign(url=BASE + path, params=params, token=token)
    return Browser().post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


def _text(sender: str, body: str) -> Any:
    return _post(INBOUND, {"From": sender, "To": "+15555550100", "Body": body, "MessageSid": "SMin"})


def _opt_in(client: Any, actor: Any, number: str = "555-555-0123") -> ChannelConsent:
    return services.record_opt_in(
        client=client, channel=Channel.SMS, address=number, how=ChannelConsent.HowIn.VERBAL, recorded_by=actor
    )


@pytest.mark.parametrize("word", ["STOP", "stop", "StopAll", "UNSUBSCRIBE", "cancel", "END", "Quit "])
@time_machine.travel(NOW, tick=False)
def test_a_stop_ends_texts_for_that_number(world: World, sms_outbox: Any, word: str) -> None:
    # given Carol and her son, a second client, who share a phone; and Carol's e-mail opt-in
    son = factories.ClientFactory.create(site=world.site_a)
    _opt_in(world.carol, world.alice)
    _opt_in(son, world.alice)
    services.record_opt_in(
        client=world.carol, channel=Channel.EMAIL, address="carol@example.org", how="verbal", recorded_by=None
    )
    pending = delivery.queue_reminder(
        client=world.carol,
        channel=Channel.SMS,
        purpose="appointment",
        scheduled_for=NOW + dt.timedelta(hours=1),
    )
    # when the phone texts back STOP
    answer = _text("+15555550123", word)
    # then one confirmation is the reply, texts end for both, e-mail stays, and the pending reminder is not sent
    assert answer.status_code == 200
    assert answer.content.decode().count("<Message>") == 1
    assert "no more texts" in answer.content.decode()
    consents = ChannelConsent.objects.filter(channel=Channel.SMS)
    assert {(c.opted_out_how, c.opted_out_at) for c in consents} == {(ChannelConsent.HowOut.SMS_STOP, NOW)}
    assert ChannelConsent.objects.get(channel=Channel.EMAIL).is_opted_in
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        send_due_notifications.call_local()
    pending.refresh_from_db()
    assert pending.status == Notification.Status.SUPPRESSED
    assert sms_outbox() == []


@time_machine.travel(NOW, tick=False)
def test_the_stop_is_audited_without_the_number(world: World) -> None:
    _opt_in(world.carol, world.alice)
    _text("+15555550123", "STOP")
    # every event written at the frozen moment: find the opt-out among them
    events = AuditEvent.objects.filter(client_id=world.carol.pk, detail__contains="opted out")
    assert [(e.detail, e.system_job, e.actor_id) for e in events] == [
        ("sms reminders opted out (sms_stop)", "notifications", None)
    ]
    assert not AuditEvent.objects.filter(detail__contains="0123").exists()


@time_machine.travel(NOW, tick=False)
def test_start_opts_back_in(world: World) -> None:
    _opt_in(world.carol, world.alice)
    _text("+15555550123", "STOP")
    answer = _text("+15555550123", "START")
    consent = ChannelConsent.objects.get(client=world.carol)
    assert consent.is_opted_in
    assert consent.opted_in_how == ChannelConsent.HowIn.SMS_START
    assert "again" in answer.content.decode()


@time_machine.travel(NOW, tick=False)
def test_help_names_the_neutral_sender_and_phone(world: World) -> None:
    rules = services.settings_for(world.organization.pk)
    rules.sms_sender_name, rules.help_phone = "Riverside", "555-555-0199"
    rules.save()
    _opt_in(world.carol, world.alice)
    answer = _text("+15555550123", "HELP")
    assert "<Message>Riverside reminders. Call 555-555-0199. Reply STOP to stop texts.</Message>" in (
        answer.content.decode()
    )


@time_machine.travel(NOW, tick=False)
def test_an_unknown_number_learns_nothing(world: World) -> None:
    _opt_in(world.carol, world.alice)
    replies = [_text("+15555550999", word).content.decode() for word in ("HELP", "START", "hello")]
    assert replies[0].endswith("<Message>Reminder texts. Reply STOP to stop them.</Message></Response>")
    assert "<Message>" not in replies[1] + replies[2]
    assert not any(name in "".join(replies) for name in ("Riverside", "Carol", world.carol.legal_last_name))


@time_machine.travel(NOW, tick=False)
def test_an_unsigned_or_forged_request_is_refused(world: World) -> None:
    _opt_in(world.carol, world.alice)
    unsigned = Browser().post(INBOUND, {"From": "+15555550123", "Body": "STOP"})
    forged = _post(INBOUND, {"From": "+15555550123", "Body": "STOP"}, token="guess")
    assert (unsigned.status_code, forged.status_code) == (403, 403)
    assert ChannelConsent.objects.get(client=world.carol).is_opted_in


@time_machine.travel(NOW, tick=False)
def test_no_token_configured_refuses_every_request(world: World) -> None:
    with override_settings(TRELLIS_SMS_AUTH_TOKEN=""):
        answer = _post(STATUS, {"MessageSid": "SM1", "MessageStatus": "delivered"}, token="")
    assert answer.status_code == 403


@time_machine.travel(NOW, tick=False)
def test_delivery_status_lands_on_the_reminder(world: World) -> None:
    _opt_in(world.carol, world.alice)
    notification = delivery.queue_reminder(
        client=world.carol, channel=Channel.SMS, purpose="appointment", scheduled_for=NOW
    )
    send_due_notifications.call_local()
    notification.refresh_from_db()
    sid = notification.provider_message_id
    delivered = _post(STATUS, {"MessageSid": sid, "MessageStatus": "delivered"})
    late_sent = _post(STATUS, {"MessageSid": sid, "MessageStatus": "sent"})
    unknown = _post(STATUS, {"MessageSid": "SMnone", "MessageStatus": "failed"})
    notification.refresh_from_db()
    assert [delivered.status_code, late_sent.status_code, unknown.status_code] == [204, 204, 204]
    assert (notification.status, notification.delivered_at) == (Notification.Status.DELIVERED, NOW)


@time_machine.travel(NOW, tick=False)
def test_a_failed_delivery_keeps_the_providers_error_code(world: World) -> None:
    _opt_in(world.carol, world.alice)
    notification = delivery.queue_reminder(
        client=world.carol, channel=Channel.SMS, purpose="appointment", scheduled_for=NOW
    )
    send_due_notifications.call_local()
    notification.refresh_from_db()
    _post(
        STATUS,
        {
            "MessageSid": notification.provider_message_id,
            "MessageStatus": "undelivered",
            "ErrorCode": "30006",
        },
    )
    notification.refresh_from_db()
    assert (notification.status, notification.last_error) == (
        Notification.Status.FAILED,
        "provider error 30006",
    )
