"""Texts a client sends back: STOP and its synonyms end texts to that number, START opts back in, HELP says
who is texting and how to stop (CTIA Messaging Principles; the carriers' standard keywords).

Every client with that number is affected (a family may share a phone). An unknown number learns nothing:
the replies name no program and no client.
"""

from dataclasses import dataclass

from django.db import transaction

from trellis.notifications import phones, services, wording
from trellis.notifications.models import Channel, ChannelConsent

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}

STOPPED = "You will get no more texts from us. Reply START to get them again."
STARTED = "You will get reminder texts again. Reply STOP to stop them."


@dataclass(frozen=True)
class Reply:
    text: str  # "" for no reply


def _consents(number: str) -> list[ChannelConsent]:
    return list(
        ChannelConsent.objects.select_related("client")
        .filter(channel=Channel.SMS, address=number)
        .order_by("pk")
    )


def _help_text(consents: list[ChannelConsent]) -> str:
    organizations = {consent.client.organization_id for consent in consents}
    if len(organizations) != 1:
        return "Reminder texts. Reply STOP to stop them."
    rules = services.settings_for(organizations.pop())
    sender = wording.neutral_sender(rules.sms_sender_name)
    call = f" Call {rules.help_phone}." if rules.help_phone else ""
    return f"{sender} reminders.{call} Reply STOP to stop texts."


def _stop(consents: list[ChannelConsent]) -> Reply:
    with transaction.atomic():
        for consent in consents:
            services.record_opt_out(consent=consent, how=ChannelConsent.HowOut.SMS_STOP, recorded_by=None)
    return Reply(STOPPED)


def _start(consents: list[ChannelConsent]) -> Reply:
    with transaction.atomic():
        for consent in consents:
            if consent.opted_out_at is not None:
                services.record_opt_in(
                    client=consent.client, channel=Channel.SMS, address=consent.address,
                    how=ChannelConsent.HowIn.SMS_START, recorded_by=None,
                )  # fmt: skip
    return Reply(STARTED if consents else "")


def handle_inbound(*, sender: str, body: str) -> Reply:
    number = phones.try_e164(sender)
    word = body.strip().split()[0].upper() if body.strip() else ""
    if number is None:
        return Reply("")
    consents = _consents(number)
    if word in STOP_WORDS:
        return _stop(consents)
    if word in START_WORDS:
        return _start(consents)
    if word in HELP_WORDS:
        return Reply(_help_text(consents))
    return Reply("")
