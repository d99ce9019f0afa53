"""Who pays: the program's billing identity, payers and their plans, and the fee schedule."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.billing.choices import ClaimType, PayerKind, PerDiemCode, UnitType
from trellis.billing.rules.claim_sequence import BILLING_CYCLE_CHOICES, BillingCycle
from trellis.core.models import TimeStampedModel


class BillingProfile(TimeStampedModel):
    """The organization as a billing provider: NPI, tax id, address and clearinghouse identifiers for the 837."""

    organization = models.OneToOneField(
        "programs.Organization", on_delete=models.CASCADE, related_name="billing_profile"
    )
    legal_name = models.CharField(max_length=60)
    npi = models.CharField("NPI", max_length=10)
    tin = models.CharField("Tax id (EIN)", max_length=9)
    taxonomy_code = models.CharField(max_length=10, blank=True)
    address_line1 = models.CharField(max_length=55)
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=9, help_text="ZIP+4, digits only (837 billing provider).")
    submitter_id = models.CharField(max_length=15, help_text="Assigned by the clearinghouse.")
    receiver_id = models.CharField(max_length=15)
    receiver_name = models.CharField(max_length=60)
    contact_name = models.CharField(max_length=60)
    contact_phone = models.CharField(max_length=10)
    # UB-04 bill type digits 1-2 for institutional claims: 13 hospital outpatient, 76 CMHC, 85 CAH.
    facility_type = models.CharField(max_length=2, default="76")
    last_control_number = models.PositiveIntegerField(default=0)
    production = models.BooleanField(default=False, help_text="ISA15: P for production files, T for tests.")

    def __str__(self) -> str:
        return self.legal_name


class Payer(TimeStampedModel):
    """An insurer or program that pays for care (Medicare, a Medicaid plan, a commercial insurer, or self-pay)."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="payers")
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=PayerKind.choices)
    payer_id = models.CharField("Payer id (837)", max_length=15, blank=True)
    address_line1 = models.CharField(max_length=55, blank=True)
    city = models.CharField(max_length=30, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=9, blank=True)
    claim_type = models.CharField(max_length=4, choices=ClaimType.choices, default=ClaimType.PROFESSIONAL)
    per_diem_code = models.CharField(max_length=12, choices=PerDiemCode.choices, blank=True)
    requires_authorization = models.BooleanField(default=True)
    alert_used_percent = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    alert_days_before_end = models.PositiveSmallIntegerField(default=7)
    # CMS Pub. 100-04 ch. 1 s50.2.2: repetitive outpatient care is billed monthly; some payers take weekly claims.
    billing_cycle = models.CharField(
        max_length=7,
        choices=BILLING_CYCLE_CHOICES,
        default=BillingCycle.MONTHLY.value,
        help_text="One claim per client and cycle; a claim never spans two cycles.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "payer_id"], condition=~Q(payer_id=""), name="payer_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def bills_claims(self) -> bool:
        return self.kind != PayerKind.SELF_PAY


class Plan(TimeStampedModel):
    """One of a payer's products (an HMO, a PPO, a Medicaid managed-care plan)."""

    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(max_length=80)
    group_number = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.payer.name} {self.name}"


class FeeScheduleEntry(TimeStampedModel):
    """What a payer pays for one code (and modifier) on service dates inside its effective period."""

    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="fees")
    code = models.CharField(max_length=12)
    modifier = models.CharField(max_length=2, blank=True)
    revenue_code = models.CharField(max_length=4, blank=True)
    description = models.CharField(max_length=120, blank=True)
    rate = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    unit_type = models.CharField(max_length=12, choices=UnitType.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Last day in effect; empty while current.")

    class Meta:
        ordering = ["payer", "code", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="fee_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(rate__gte=0), name="fee_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}{'-' + self.modifier if self.modifier else ''} ${self.rate}"
