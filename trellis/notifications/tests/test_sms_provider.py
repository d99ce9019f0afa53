"""The Twilio-shaped adapter against a local fake of the Messages API, and retries through the queue."""

import base64
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from conftest import World
from trellis.notifications import channels, delivery, services
from trellis.notifications.models import Channel, ChannelConsent, Notification
from trellis.notifications.tasks import deliver_notification, send_due_notifications
from trellis.notifications.tests.fake_sms_server import FakeSmsApi, fake_sms_api

NOW = dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC)
Status = Notification.Status


def _twilio(api: FakeSmsApi) -> Any:
    return override_settings(
        TRELLIS_SMS_BACKEND="twilio", TRELLIS_SMS_API_BASE=api.base_url, TRELLIS_SMS_ACCOUNT_SID="AC123",
        TRELLIS_SMS_AUTH_TOKEN="secret", TRELLIS_SMS_FROM="+15555550100",
        TRELLIS_SMS_WEBHOOK_BASE_URL="https://trellis.example.org",
    )  # fmt: skip


def test_it_posts_the_message_as_twilio_expects() -> None:
    with fake_sms_api() as api, _twilio(api):
        accepted = channels.sms_provider().send(to="+15555550123", body="Your care team: hello")
    [request] = api.received
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["auth"] == "Basic " + base64.b64encode(b"AC123:secret").decode()
    assert request["form"] == {
        "To": "+15555550123", "From": "+15555550100", "Body": "Your care team: hello",
        "StatusCallback": "https://trellis.example.org/notifications/sms/status/",
    }  # fmt: skip
    assert accepted.message_id.startswith("SM")


def test_a_provider_error_is_a_channel_error_without_the_message() -> None:
    with fake_sms_api() as api, _twilio(api):
        api.answers = [500]
        with pytest.raises(channels.ChannelError) as refused:
            channels.sms_provider().send(to="+15555550123", body="Your care team: hello")
    assert str(refused.value) == "SMS provider answered 500"


@time_machine.travel(NOW, tick=False)
def test_a_failed_send_is_retried_with_backoff_then_sent(world: World) -> None:
    # given Carol opted in to texts and a provider that fails twice, then accepts
    services.record_opt_in(
        client=world.carol, channel=Channel.SMS, address="555-555-0123", how=ChannelConsent.HowIn.WRITTEN,
        recorded_by=world.alice,
    )  # fmt: skip
    notification = delivery.queue_reminder(
        client=world.carol, channel=Channel.SMS, purpose=Notification.Purpose.APPOINTMENT, scheduled_for=NOW
    )
    with fake_sms_api() as api, _twilio(api):
        api.answers = [503, 503]
        # when the queue sends it: the first try fails and the next is put a minute later
        assert deliver_notification.call_local(str(notification.pk)) == "retry"
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (Status.QUEUED, 1)
        assert notification.last_error == "SMS provider answered 503"
        assert notification.scheduled_for == NOW + dt.timedelta(seconds=60)
        # and the sweep does not jump the backoff
        send_due_notifications.call_local()
        assert len(api.received) == 1
        for minutes in (1, 6):
            with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
                deliver_notification.call_local(str(notification.pk))
    # then the third try went out and the provider's id is kept
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (Status.SENT, 3, "")
    assert notification.provider_message_id == "SM" + "3".zfill(32)


@time_machine.travel(NOW, tick=False)
def test_it_gives_up_after_the_last_try(world: World) -> None:
    services.record_opt_in(
        client=world.carol, channel=Channel.SMS, address="555-555-0123", how=ChannelConsent.HowIn.WRITTEN,
        recorded_by=world.alice,
    )  # fmt: skip
    notification = delivery.queue_reminder(
        client=world.carol, channel=Channel.SMS, purpose=Notification.Purpose.APPOINTMENT, scheduled_for=NOW
    )
    with fake_sms_api() as api, _twilio(api):
        api.answers = [500] * delivery.MAX_ATTEMPTS
        for hours in range(delivery.MAX_ATTEMPTS):
            with time_machine.travel(NOW + dt.timedelta(hours=hours), tick=False):
                deliver_notification.call_local(str(notification.pk))
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Status.FAILED, delivery.MAX_ATTEMPTS)
