"""Reminders to clients by text message and e-mail: the client's consent per channel, each message with its
delivery status, and each organization's sending rules (quiet hours, a neutral sender name)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel


class Channel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "E-mail"


class NotificationSettings(TimeStampedModel):
    """How one organization's reminders go out: who they say they are from, and when they may not go out."""

    organization = models.OneToOneField(
        "programs.Organization", on_delete=models.CASCADE, related_name="notification_settings"
    )
    # Shown to whoever sees the client's phone: never the program's name by default (wording.py).
    sms_sender_name = models.CharField("Sender name on texts", max_length=40, default="Your care team")
    help_phone = models.CharField("Phone number given in HELP replies", max_length=30, blank=True)
    quiet_start = models.TimeField(default=dt.time(21, 0))
    quiet_end = models.TimeField(default=dt.time(8, 0))

    def __str__(self) -> str:
        return f"Notification settings {self.organization_id}"


class ChannelConsent(TimeStampedModel):
    """The client's say on being reminded by one channel: when and how they opted in, and out."""

    class HowIn(models.TextChoices):
        VERBAL = "verbal", "Told staff"
        WRITTEN = "written", "In writing"
        SMS_START = "sms_start", "START by text"

    class HowOut(models.TextChoices):
        STAFF = "staff", "Told staff"
        SMS_STOP = "sms_stop", "STOP by text"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="channel_consents")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254, help_text="E.164 phone number or e-mail address")
    opted_in_at = models.DateTimeField()
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opted_in_how = models.CharField(max_length=10, choices=HowIn.choices)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    opted_out_how = models.CharField(max_length=10, choices=HowOut.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "channel"], name="one_consent_per_channel")]
        indexes = [models.Index(fields=["channel", "address"])]

    def __str__(self) -> str:
        return f"{self.channel} consent {self.pk}"

    @property
    def is_opted_in(self) -> bool:
        return self.opted_out_at is None


class WordingPreference(TimeStampedModel):
    """How the client wants reminders worded; neutral unless the client chose otherwise."""

    class Style(models.TextChoices):
        NEUTRAL = "neutral", "Neutral (names no program)"
        PROGRAM = "program", "Name the program"
        OWN = "own", "The client's own words"

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="wording_preference"
    )
    style = models.CharField(max_length=8, choices=Style.choices, default=Style.NEUTRAL)
    own_sender = models.CharField("Sender name the client chose", max_length=40, blank=True)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Wording {self.style}"


class Notification(TimeStampedModel):
    """One reminder to one client by one channel, with the text exactly as sent and what became of it."""

    class Purpose(models.TextChoices):
        APPOINTMENT = "appointment", "Appointment reminder"
        GROUP = "group", "Group reminder"
        CHECK_IN = "check_in", "Check-in due"
        MESSAGE = "message", "New secure message"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        HELD = "held", "Held for quiet hours"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Not sent"

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=254, blank=True)
    body = models.TextField()
    scheduled_for = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField("Why not sent", max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_message_id = models.CharField(max_length=64, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_for"]
        constraints = [
            # The reminder job runs every hour: one reminder per appointment and channel, however often.
            models.UniqueConstraint(
                fields=["appointment", "channel", "purpose"],
                condition=Q(appointment__isnull=False),
                name="one_reminder_per_appointment_channel",
            )
        ]
        indexes = [
            models.Index(fields=["status", "scheduled_for"]),
            models.Index(fields=["provider_message_id"]),
            models.Index(fields=["client", "scheduled_for"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.channel} {self.status}"
