"""Recording a client's say on reminders: opting in and out of a channel, and how reminders are worded.

Keyword-only, atomic, audited; audit text names the channel and how, never the number, address or wording.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.notifications import phones, wording
from trellis.notifications.models import Channel, ChannelConsent, NotificationSettings, WordingPreference
from trellis.privacy import audit

SYSTEM_JOB = "notifications"


def normalized_address(*, channel: str, address: str) -> str:
    """The address as stored and matched: E.164 for a phone, lower-case for e-mail."""
    if channel == Channel.SMS:
        try:
            return phones.to_e164(address)
        except phones.NotAPhoneNumber as error:
            raise ValidationError({"address": str(error)}) from None
    text = address.strip().lower()
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError({"address": "Enter an e-mail address, such as name@example.org."}) from None
    return text


def address_on_file(*, client: Client, channel: str) -> str:
    return client.phone if channel == Channel.SMS else client.email


def record_opt_in(
    *, client: Client, channel: str, address: str, how: str, recorded_by: Any
) -> ChannelConsent:
    """The client agreed to reminders by this channel at this address (a blank address: the one on file)."""
    stored = normalized_address(
        channel=channel, address=address or address_on_file(client=client, channel=channel)
    )
    with transaction.atomic():
        consent, _ = ChannelConsent.objects.update_or_create(
            client=client,
            channel=channel,
            defaults={
                "address": stored,
                "opted_in_at": clock.now(),
                "opted_in_by": recorded_by,
                "opted_in_how": how,
                "opted_out_at": None,
                "opted_out_how": "",
            },
        )
        audit.record(
            actor=recorded_by, action=audit.Action.UPDATE, client_id=client.pk, obj=consent,
            detail=f"{channel} reminders opted in ({how})", system_job=SYSTEM_JOB,
        )  # fmt: skip
    return consent


def record_opt_out(*, consent: ChannelConsent, how: str, recorded_by: Any) -> ChannelConsent:
    with transaction.atomic():
        locked = ChannelConsent.objects.select_for_update().get(pk=consent.pk)
        if locked.opted_out_at is None:
            locked.opted_out_at = clock.now()
            locked.opted_out_how = how
            locked.save(update_fields=["opted_out_at", "opted_out_how", "updated_at"])
            audit.record(
                actor=recorded_by, action=audit.Action.UPDATE, client_id=locked.client_id, obj=locked,
                detail=f"{locked.channel} reminders opted out ({how})", system_job=SYSTEM_JOB,
            )  # fmt: skip
    return locked


def choose_wording(*, client: Client, style: str, own_sender: str, chosen_by: Any) -> WordingPreference:
    own = own_sender.strip()
    if style == WordingPreference.Style.OWN and not own:
        raise ValidationError({"own_sender": "Write the name the client wants texts to come from."})
    with transaction.atomic():
        preference, _ = WordingPreference.objects.update_or_create(
            client=client,
            defaults={
                "style": style,
                "own_sender": own if style == WordingPreference.Style.OWN else "",
                "chosen_by": chosen_by,
            },
        )
        audit.record(
            actor=chosen_by, action=audit.Action.UPDATE, client_id=client.pk, obj=preference,
            detail=f"reminder wording set to {style}",
        )  # fmt: skip
    return preference


def settings_for(organization_id: Any) -> NotificationSettings:
    """The organization's sending rules; the defaults (neutral sender, 21:00-08:00) until someone sets them."""
    found = NotificationSettings.objects.filter(organization_id=organization_id).first()
    return found or NotificationSettings(organization_id=organization_id)


def sender_for(*, client: Client, program_name: str) -> str:
    """Who a reminder says it is from: neutral unless the client chose the program's name or their own."""
    preference = WordingPreference.objects.filter(client=client).first()
    if preference is not None and preference.style == WordingPreference.Style.PROGRAM and program_name:
        return program_name
    if preference is not None and preference.style == WordingPreference.Style.OWN:
        return preference.own_sender
    return wording.neutral_sender(settings_for(client.organization_id).sms_sender_name)


def save_settings(*, rules: NotificationSettings, changed_by: Any) -> NotificationSettings:
    """An organization's sending rules; a sender name that would reveal substance-use care is refused."""
    if wording.reveals_treatment(rules.sms_sender_name):
        raise ValidationError(
            {"sms_sender_name": "This name would tell whoever sees the phone what the care is for. Choose a "
             "neutral one, such as the town or the organization's short name."}
        )  # fmt: skip
    if rules.help_phone:
        try:
            phones.to_e164(rules.help_phone)
        except phones.NotAPhoneNumber as error:
            raise ValidationError({"help_phone": str(error)}) from None
    with transaction.atomic():
        rules.save()
        audit.record(
            actor=changed_by, action=audit.Action.UPDATE, obj=rules, detail="reminder settings changed"
        )
    return rules
