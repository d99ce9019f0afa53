"""Case-management and peer-support contacts documented as notes, and the client's outside meetings.

A contact is a service given to one client (a call to a landlord on their behalf, a walk to a first NA
meeting): who, when, how long, how, and what was done. Signing locks it; later changes are addenda
(REFERENCE.md section 7, as for clinical notes). Signed contacts are what case management (H0006) and peer
support (H0038) charges stand on.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from trellis.core import clock
from trellis.core.models import TimeStampedModel
from trellis.support.choices import ContactKind, ContactMode, MeetingKind, MeetingSource
from trellis.support.querysets import OutsideMeetingQuerySet, SupportContactQuerySet

MAX_MINUTES = 480


class SupportContact(TimeStampedModel):
    """One case-management or peer-support contact with a client, documented by the staff member who gave it."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="support_contacts")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="support_contacts")
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service_date = models.DateField()
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    mode = models.CharField(max_length=12, choices=ContactMode.choices)
    summary = models.TextField(help_text="What was done.")
    signed_at = models.DateTimeField(null=True, blank=True)

    objects = SupportContactQuerySet.as_manager()

    class Meta:
        ordering = ["-service_date", "-starts_at"]
        indexes = [models.Index(fields=["client", "service_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_MINUTES),
                name="support_contact_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ContactKind.values), name="support_contact_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} contact {self.service_date:%Y-%m-%d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def service_ended_at(self, zone: str) -> dt.datetime:
        started = clock.local_datetime(self.service_date, self.starts_at, zone)
        return started + dt.timedelta(minutes=self.minutes)


class SupportContactAddendum(TimeStampedModel):
    """A later addition to a signed contact; the signed text itself never changes."""

    contact = models.ForeignKey(SupportContact, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"addendum {self.created_at:%Y-%m-%d}"


class OutsideMeeting(TimeStampedModel):
    """A mutual-help meeting (AA, NA, SMART Recovery, ...) the client went to outside the program."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="outside_meetings")
    attended_on = models.DateField()
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    other_name = models.CharField(
        max_length=80, blank=True, help_text="The fellowship, when the kind is other."
    )
    note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=8, choices=MeetingSource.choices, default=MeetingSource.STAFF)
    # Empty for a meeting the client reports themselves (the portal, later).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OutsideMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-attended_on", "-created_at"]
        indexes = [models.Index(fields=["client", "attended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=MeetingKind.OTHER) | ~Q(other_name=""), name="outside_meeting_other_named"
            ),
            models.CheckConstraint(
                condition=Q(source=MeetingSource.CLIENT) | Q(recorded_by__isnull=False),
                name="outside_meeting_staff_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} meeting {self.attended_on:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return self.other_name if self.kind == MeetingKind.OTHER else self.get_kind_display()
