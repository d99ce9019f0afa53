"""Disclosures: every time records left the program, under which authority (consent, court order, medical
emergency or, for HIPAA-only records, treatment/payment/operations), to whom and with which notice.

Written only by `trellis.privacy.gate.disclose`, in the same transaction as the release itself, and never
changed afterwards: they are the accounting of disclosures (42 CFR 2.24, HIPAA 164.528).
"""

from django.conf import settings
from django.db import models

from trellis.core.models import TimeStampedModel
from trellis.privacy.part2 import Purpose, RecipientKind


class Authority(models.TextChoices):
    CONSENT = "consent", "Client's written consent"
    COURT_ORDER = "court_order", "Court order (42 CFR 2.64)"
    EMERGENCY = "emergency", "Medical emergency (42 CFR 2.51)"
    HIPAA_TPO = "hipaa_tpo", "Treatment, payment or operations (HIPAA only, not a Part 2 record)"


class Disclosure(TimeStampedModel):
    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="disclosures")
    path = models.CharField(max_length=40)  # a key of trellis.privacy.paths.OUTBOUND_PATHS
    disclosed_at = models.DateTimeField(db_index=True)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient_name = models.CharField(max_length=160)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    information = models.JSONField(default=list)  # InfoKind values
    description = models.CharField(
        max_length=200
    )  # what left: "837P claim file 000000012", "UR review packet"
    authority = models.CharField(max_length=20, choices=Authority.choices)
    consent = models.ForeignKey(
        "privacy.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    court_order = models.ForeignKey(
        "privacy.CourtOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    emergency = models.ForeignKey(
        "privacy.EmergencyDisclosure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    # Made to a recipient the consent named only by general designation: listed for the client on request
    # (42 CFR 2.24).
    general_designation = models.BooleanField(default=False)
    part2 = models.BooleanField()
    notice = models.TextField(blank=True)  # the notice and consent summary exactly as they were attached
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=40, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-disclosed_at"]
        indexes = [models.Index(fields=["client", "disclosed_at"])]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_name}"


class EmergencyDisclosure(TimeStampedModel):
    """A disclosure without consent to medical personnel in a bona fide medical emergency (42 CFR 2.51):
    who received it and where, who disclosed, when, and the nature of the emergency. The director is alerted."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="emergency_disclosures"
    )
    medical_personnel = models.CharField(max_length=160)
    facility = models.CharField(max_length=160)
    nature_of_emergency = models.TextField()
    information = models.JSONField(default=list)
    disclosed_at = models.DateTimeField()
    disclosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-disclosed_at"]

    def __str__(self) -> str:
        return "Emergency disclosure"
