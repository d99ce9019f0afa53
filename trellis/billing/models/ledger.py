"""What each claim came to once the payer decided: payments, adjustments by group and reason, what is left for
the client to pay, and what the client paid. The client ledger and statement are sums over these rows.

CAS adjustment groups (X12 code source 139, 005010X221A1 2100/2110 CAS01): CO contractual obligation, PR patient
responsibility, OA other adjustment, PI payer initiated reduction, CR correction and reversal. Within PR the
reason says which part of the client's cost sharing it is: CARC 1 deductible, 2 coinsurance, 3 co-payment.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.billing.querysets import ClientOwnedQuerySet
from trellis.core.models import TimeStampedModel


class AdjustmentGroup(models.TextChoices):
    CONTRACTUAL = "CO", "Contractual obligation (written off)"
    PATIENT = "PR", "Patient responsibility"
    OTHER = "OA", "Other adjustment"
    PAYER_INITIATED = "PI", "Payer initiated reduction"
    CORRECTION = "CR", "Correction or reversal"


# The client's cost sharing, by the CARC of a PR adjustment (X12 CARC list, codes 1, 2, 3).
COST_SHARING = {"1": "Deductible", "2": "Coinsurance", "3": "Co-payment"}


class ClaimAdjudication(TimeStampedModel):
    """The payer's decision on one claim as one 835 reported it: billed, paid, adjusted, left to the client."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    remittance = models.ForeignKey(
        "billing.Remittance", on_delete=models.PROTECT, related_name="adjudications"
    )
    claim = models.ForeignKey("billing.Claim", on_delete=models.PROTECT, related_name="adjudications")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    payer = models.ForeignKey("billing.Payer", on_delete=models.PROTECT, related_name="+")
    status_code = models.CharField(max_length=3, help_text="CLP02: 1 processed as primary, 4 denied, ...")
    charge = models.DecimalField(max_digits=10, decimal_places=2)
    paid = models.DecimalField(max_digits=10, decimal_places=2)
    patient_responsibility = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal(0), help_text="Sum of the PR adjustments."
    )
    payer_claim_number = models.CharField(max_length=50, blank=True)
    remarks = models.JSONField(default=list, blank=True, help_text="Claim-level RARC (MOA/MIA).")
    denied = models.BooleanField(default=False, help_text="The claim or one of its lines was denied.")
    paid_on = models.DateField(help_text="The payment's date (BPR16).")

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "claim__control_number"]
        indexes = [models.Index(fields=["client", "paid_on"])]

    def __str__(self) -> str:
        return f"adjudication of {self.claim_id}"

    @property
    def written_off(self) -> Decimal:
        """What the payer adjusted away that is not the client's to pay (reads the prefetched adjustments)."""
        adjustments = self.adjustments.all()
        return sum((a.amount for a in adjustments if a.group != AdjustmentGroup.PATIENT), Decimal(0))


class AdjudicatedLine(TimeStampedModel):
    """One service line of an adjudicated claim (SVC): the procedure, what it was billed and paid."""

    adjudication = models.ForeignKey(ClaimAdjudication, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=12)
    modifiers = models.CharField(max_length=11, blank=True)
    charge = models.DecimalField(max_digits=10, decimal_places=2)
    paid = models.DecimalField(max_digits=10, decimal_places=2)
    units = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    remarks = models.JSONField(default=list, blank=True, help_text="Line-level RARC (LQ*HE).")
    denied = models.BooleanField(default=False)

    class Meta:
        ordering = ["adjudication", "position"]
        constraints = [
            models.UniqueConstraint(fields=["adjudication", "position"], name="adjudicated_line_position")
        ]

    def __str__(self) -> str:
        return f"{self.code} line {self.position}"


class ClaimAdjustment(TimeStampedModel):
    """One CAS amount: who carries it (group) and why (CARC), for the claim or one of its lines."""

    adjudication = models.ForeignKey(ClaimAdjudication, on_delete=models.CASCADE, related_name="adjustments")
    line = models.ForeignKey(
        AdjudicatedLine, on_delete=models.CASCADE, null=True, blank=True, related_name="adjustments"
    )
    group = models.CharField(max_length=2, choices=AdjustmentGroup.choices)
    reason = models.CharField(max_length=5, help_text="Claim Adjustment Reason Code (CARC).")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["adjudication", "line__position", "group", "reason"]

    def __str__(self) -> str:
        return f"{self.group}-{self.reason} {self.amount}"

    @property
    def cost_sharing(self) -> str:
        """Deductible, coinsurance or co-payment for a PR amount; otherwise ""."""
        return COST_SHARING.get(self.reason, "") if self.group == AdjustmentGroup.PATIENT else ""


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    CHECK = "check", "Check"
    CARD = "card", "Card"
    OTHER = "other", "Other"


class PatientPayment(TimeStampedModel):
    """Money the client paid toward their own share, recorded by billing staff."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="patient_payments")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    received_on = models.DateField()
    method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    reference = models.CharField(max_length=40, blank=True, help_text="Check number or receipt.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="patient_payment_positive")]

    def __str__(self) -> str:
        return f"patient payment {self.amount}"
