"""Queueing a reminder and getting it out: consent checked, quiet hours kept, the provider tried with backoff.

A reminder is written when it is queued (the text as it will be sent), checked again when it is due (the
client may have opted out since) and sent outside any database transaction, so a slow provider never holds
a lock. Audit events name the purpose and channel, never the text or the address.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.notifications import channels, quiet_hours, services, wording
from trellis.notifications.models import ChannelConsent, Notification
from trellis.privacy import audit

Status = Notification.Status
MAX_ATTEMPTS = 4
# Seconds before the 2nd, 3rd and 4th try: a provider's brief outage passes, a long one ends in "failed".
BACKOFF = (60, 300, 1800)
PHRASES = {
    Notification.Purpose.APPOINTMENT: "an appointment",
    Notification.Purpose.GROUP: "a group session",
    Notification.Purpose.CHECK_IN: "a check-in due",
}


def _program_name(client: Client) -> str:
    episode = Episode.objects.filter(client=client).select_related("program").order_by("-created_at").first()
    return episode.program.name if episode is not None else ""


def compose_body(*, client: Client, purpose: str, starts_at: dt.datetime | None, channel: str) -> str:
    if purpose == Notification.Purpose.MESSAGE:
        sender = services.sender_for(client=client, program_name=_program_name(client))
        return wording.compose_message_alert(sender=sender, opt_out_hint=channel == "sms")
    zone = ZoneInfo(client.site.timezone)
    reminder = wording.Reminder(
        purpose_phrase=PHRASES[Notification.Purpose(purpose)],
        starts_at_local=starts_at.astimezone(zone) if starts_at is not None else None,
    )
    sender = services.sender_for(client=client, program_name=_program_name(client))
    return wording.compose(reminder=reminder, sender=sender, opt_out_hint=channel == "sms")


def _consent(client: Client, channel: str) -> ChannelConsent | None:
    return ChannelConsent.objects.filter(client=client, channel=channel).first()


def _why_not(consent: ChannelConsent | None) -> str:
    if consent is None:
        return "no opt-in for this channel"
    if not consent.is_opted_in:
        return f"opted out ({consent.get_opted_out_how_display()})"
    return ""


def queue_reminder(
    *,
    client: Client,
    channel: str,
    purpose: str,
    scheduled_for: dt.datetime,
    starts_at: dt.datetime | None = None,
    appointment: Any = None,
) -> Notification:
    """A reminder to go out at `scheduled_for`; suppressed at once, with the reason, without an opt-in."""
    consent = _consent(client, channel)
    reason = _why_not(consent)
    with transaction.atomic():
        notification = Notification.objects.create(
            organization_id=client.organization_id, client=client, channel=channel, purpose=purpose,
            appointment=appointment, address=consent.address if consent is not None and not reason else "",
            body=compose_body(client=client, purpose=purpose, starts_at=starts_at, channel=channel),
            scheduled_for=scheduled_for, status=Status.SUPPRESSED if reason else Status.QUEUED, reason=reason,
        )  # fmt: skip
        _audit(notification, "queued" if not reason else "suppressed: " + reason)
    return notification


def _audit(notification: Notification, what: str) -> None:
    audit.record(
        actor=None, action=audit.Action.UPDATE, client_id=notification.client_id, obj=notification,
        detail=f"{notification.purpose} {notification.channel} reminder {what}",
        organization_id=notification.organization_id, system_job=services.SYSTEM_JOB,
    )  # fmt: skip


def _update(notification: Notification, what: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(notification, name, value)
    with transaction.atomic():
        notification.save(update_fields=[*fields, "updated_at"])
        _audit(notification, what)


def _release_time(notification: Notification, moment: dt.datetime) -> dt.datetime | None:
    rules = services.settings_for(notification.organization_id)
    local = moment.astimezone(ZoneInfo(notification.client.site.timezone))
    end = quiet_hours.release_at(local, start=rules.quiet_start, end=rules.quiet_end)
    return end.astimezone(dt.UTC) if end is not None else None


def _claim(notification: Notification) -> bool:
    """Only one worker sends a given reminder, however many picked it up."""
    claimed = Notification.objects.filter(pk=notification.pk, status__in=[Status.QUEUED, Status.HELD]).update(
        status=Status.SENDING, updated_at=timezone.now()
    )
    return claimed == 1


def _refusal(notification: Notification) -> str:
    reason = _why_not(_consent(notification.client, notification.channel))
    appointment = notification.appointment
    if not reason and appointment is not None and not appointment.is_booked:
        reason = "appointment cancelled"
    return reason


def deliver(*, notification_id: Any) -> int | None:
    """Try to send one due reminder. Returns the seconds until a retry is due, or None when done."""
    notification = (
        Notification.objects.select_related("client__site", "appointment").filter(pk=notification_id).first()
    )
    if notification is None or notification.status not in (Status.QUEUED, Status.HELD):
        return None
    now = clock.now()
    if notification.scheduled_for > now:
        return None
    reason = _refusal(notification)
    if reason:
        _update(notification, "suppressed: " + reason, status=Status.SUPPRESSED, reason=reason)
        return None
    release = _release_time(notification, now)
    if release is not None:
        _update(notification, "held for quiet hours", status=Status.HELD, scheduled_for=release)
        return None
    if not _claim(notification):
        return None
    return _send(notification)


def _send(notification: Notification) -> int | None:
    consent = _consent(notification.client, notification.channel)
    address = consent.address if consent is not None else notification.address
    attempts = notification.attempts + 1
    try:
        if notification.channel == "sms":
            accepted = channels.sms_provider().send(to=address, body=notification.body)
        else:
            accepted = channels.send_email(to=address, subject="Reminder", body=notification.body)
    except channels.ChannelError as error:
        return _failed_attempt(notification, attempts, str(error))
    now = clock.now()
    _update(
        notification, "sent", status=Status.DELIVERED if accepted.delivered else Status.SENT, attempts=attempts,
        address=address, provider_message_id=accepted.message_id, sent_at=now,
        delivered_at=now if accepted.delivered else None, last_error="",
    )  # fmt: skip
    return None


def _failed_attempt(notification: Notification, attempts: int, error: str) -> int | None:
    if attempts >= MAX_ATTEMPTS:
        _update(notification, "failed", status=Status.FAILED, attempts=attempts, last_error=error[:200])
        return None
    delay = BACKOFF[attempts - 1]
    _update(
        notification, f"attempt {attempts} failed", status=Status.QUEUED, attempts=attempts,
        last_error=error[:200], scheduled_for=clock.now() + dt.timedelta(seconds=delay),
    )  # fmt: skip
    return delay


def due_notification_ids(*, limit: int = 500) -> list[Any]:
    """Queued or held reminders whose time has come, oldest first."""
    due = Notification.objects.filter(status__in=[Status.QUEUED, Status.HELD], scheduled_for__lte=clock.now())
    return list(due.order_by("scheduled_for").values_list("pk", flat=True)[:limit])


# Twilio's MessageStatus values (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values)
PROVIDER_STATUS = {
    "sent": Status.SENT,
    "delivered": Status.DELIVERED,
    "undelivered": Status.FAILED,
    "failed": Status.FAILED,
}


def apply_provider_status(*, message_id: str, provider_status: str, error_code: str) -> bool:
    """The provider's word on a message we sent; False when we know no such message."""
    status = PROVIDER_STATUS.get(provider_status)
    notification = Notification.objects.filter(provider_message_id=message_id).first() if message_id else None
    if notification is None:
        return False
    if status is None or notification.status in (status, Status.DELIVERED):
        return True  # callbacks may arrive out of order: "sent" never undoes "delivered"
    fields: dict[str, Any] = {"status": status}
    if status == Status.DELIVERED:
        fields["delivered_at"] = clock.now()
    if status == Status.FAILED:
        fields["last_error"] = f"provider error {error_code}" if error_code else "provider: undelivered"
    _update(notification, f"provider status {provider_status}", **fields)
    return True
