"""Booked one-to-one appointments: assessments, individual sessions, medication management and drug screens.

Groups come from the weekly schedule; everything else a clinician or client is booked into is an
appointment, so one calendar per person can show both and a booking can be refused when it overlaps either.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.core.models import TimeStampedModel


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user: object) -> "AppointmentQuerySet":
        """Appointments at the user's sites; a client's only if the user may see the client."""
        from trellis.clients.models import Client

        site_ids: list[object] = list(getattr(user, "site_ids", list)())
        organization_id: Any = getattr(user, "organization_id", None)
        # The organization too: a membership wrongly crossing organizations must still show nothing.
        return self.filter(site_id__in=site_ids, site__organization_id=organization_id).filter(
            Q(client__isnull=True) | Q(client__in=Client.objects.visible_to(user))
        )

    def booked(self) -> "AppointmentQuerySet":
        return self.filter(status=Appointment.Status.BOOKED)


class Appointment(TimeStampedModel):
    """One booked meeting between a member of staff and a client (or, for an assessment, a prospect)."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        INDIVIDUAL = "individual", "Individual session"
        MEDICATION = "medication", "Medication management"
        DRUG_SCREEN = "drug_screen", "Drug screen"
        FAMILY = "family", "Family session"
        PSYCH_EVALUATION = "psych_eval", "Psychiatric evaluation"

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"

    site = models.ForeignKey("programs.Site", on_delete=models.PROTECT, related_name="appointments")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    # An assessment may be booked for a caller who is not yet registered as a client.
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    inquiry = models.ForeignKey(
        "intake.Inquiry", on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    cancel_reason = models.CharField(max_length=200, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="assessment") | Q(client__isnull=False), name="appointment_has_client"
            ),
        ]
        indexes = [models.Index(fields=["staff", "starts_at"]), models.Index(fields=["client", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED
