"""What was delivered and billed: charges captured from attendance and notes, claims and the files they went in."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.billing.choices import HOLD_LABELS, ChargeStatus, ClaimStatus, ClaimType, DenialReason
from trellis.billing.querysets import ChargeQuerySet, ClientOwnedQuerySet
from trellis.core.models import TimeStampedModel


class Charge(TimeStampedModel):
    """One billable service on one date, captured from attendance or a note, held until it would be paid."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="charges")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="charges")
    coverage = models.ForeignKey(
        "billing.Coverage", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    payer = models.ForeignKey(
        "billing.Payer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authorization = models.ForeignKey(
        "billing.Authorization", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    # Where the charge came from: the attendance record (group days), and the note documenting it.
    attendance = models.ForeignKey(
        "attendance.AttendanceRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    participant_entry = models.ForeignKey(
        "notes.ParticipantEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    individual_note = models.ForeignKey(
        "notes.IndividualNote", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    # A case-management (H0006) or peer-support (H0038) charge stands on its documented contact.
    support_contact = models.ForeignKey(
        "support.SupportContact", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    source_key = models.CharField(max_length=80, unique=True, help_text="One charge per source and payer.")
    service_date = models.DateField()
    code = models.CharField(max_length=12)
    modifier = models.CharField(max_length=2, blank=True)
    revenue_code = models.CharField(max_length=4, blank=True)
    units = models.PositiveIntegerField(default=1)
    minutes = models.PositiveIntegerField(default=0, help_text="Minutes attended or documented that day.")
    qualifying_services = models.PositiveSmallIntegerField(
        default=0, help_text="Medicare IOP services that day."
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    status = models.CharField(max_length=10, choices=ChargeStatus.choices, default=ChargeStatus.HELD)
    hold_reasons = models.JSONField(default=list, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_note = models.CharField(max_length=200, blank=True)
    overridden_reasons = models.JSONField(
        default=list, blank=True, help_text="Holds a biller released by hand."
    )
    claim = models.ForeignKey(
        "billing.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )

    objects = ChargeQuerySet.as_manager()

    class Meta:
        ordering = ["service_date", "code"]
        indexes = [
            models.Index(fields=["status", "service_date"]),
            models.Index(fields=["client", "service_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__isnull=False)
                | Q(individual_note__isnull=False)
                | Q(support_contact__isnull=False),
                name="charge_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.service_date:%Y-%m-%d}"

    @property
    def hold_labels(self) -> list[str]:
        return [HOLD_LABELS.get(reason, reason) for reason in self.hold_reasons]


class ClaimExport(TimeStampedModel):
    """One X12 file written for one payer and claim type: its interchange control number and period."""

    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="claim_exports"
    )
    payer = models.ForeignKey("billing.Payer", on_delete=models.PROTECT, related_name="exports")
    claim_type = models.CharField(max_length=4, choices=ClaimType.choices)
    control_number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=120)
    period_from = models.DateField()
    period_to = models.DateField()
    claim_count = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # ISA13 is the sender's own sequence: each organization (billing identity) counts its own files.
            models.UniqueConstraint(
                fields=["organization", "control_number"], name="export_control_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


class Claim(TimeStampedModel):
    """A bill to one payer for one client's services in a period, from draft to submitted to paid or denied."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="claims")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="claims")
    payer = models.ForeignKey("billing.Payer", on_delete=models.PROTECT, related_name="claims")
    coverage = models.ForeignKey("billing.Coverage", on_delete=models.PROTECT, related_name="claims")
    claim_type = models.CharField(max_length=4, choices=ClaimType.choices)
    control_number = models.CharField(max_length=20, help_text="Patient control number (CLM01).")
    statement_from = models.DateField()
    statement_through = models.DateField()
    # NUBC UB-04 FL4 third digit and FL17, set when the claim is exported (billing.rules.claim_sequence).
    frequency = models.CharField(max_length=1, default="1", help_text="Bill type frequency (CLM05-3).")
    patient_status = models.CharField(max_length=2, blank=True, help_text="UB-04 patient status (CL1-03).")
    total = models.DecimalField(max_digits=10, decimal_places=2)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    export = models.ForeignKey(
        ClaimExport, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    denial_reason = models.CharField(max_length=8, choices=DenialReason.choices, blank=True)
    denial_note = models.CharField(max_length=200, blank=True)
    # 835 CLP07, kept when a decision is applied: a replacement (7) or void (8) names it in REF*F8.
    payer_claim_number = models.CharField(
        max_length=50, blank=True, help_text="The payer's claim control number (835 CLP07)."
    )
    # A replacement (frequency 7) or void (8) points at the adjudicated claim it corrects (claim_corrections).
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = models.CharField(max_length=200, blank=True)
    # A secondary claim bills the next payer for what the primary left; its lines are the primary's charges
    # (a charge has one claim), and the primary's 835 decision goes in its 2320/2430 loops (secondary_claims).
    primary_claim = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="secondary_claims"
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-statement_from", "control_number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.DENIED) | ~Q(denial_reason=""), name="denied_claim_has_reason"
            ),
            # An 835 answers a claim by CLM01: unique within the organization that billed it.
            models.UniqueConstraint(
                fields=["organization", "control_number"], name="claim_control_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.control_number}"
