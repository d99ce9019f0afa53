"""What each client's insurance covers: coverages, diagnoses, authorizations and Medicare IOP certifications."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.billing.choices import AuthorizedUnit, CertificationKind, CoverageOrder, Relationship, Sex
from trellis.billing.querysets import AuthorizationQuerySet, ClientOwnedQuerySet
from trellis.core.models import TimeStampedModel
from trellis.episodes.choices import LevelOfCare

MONEY = {"max_digits": 9, "decimal_places": 2, "default": Decimal(0)}


class Coverage(TimeStampedModel):
    """A client's insurance with one payer: member id, subscriber, order of benefits and cost sharing."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="coverages")
    payer = models.ForeignKey("billing.Payer", on_delete=models.PROTECT, related_name="coverages")
    plan = models.ForeignKey(
        "billing.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member_id = models.CharField(max_length=30)
    group_number = models.CharField(max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(choices=CoverageOrder.choices, default=CoverageOrder.PRIMARY)
    relationship = models.CharField(max_length=2, choices=Relationship.choices, default=Relationship.SELF)
    subscriber_first_name = models.CharField(max_length=60, blank=True)
    subscriber_last_name = models.CharField(max_length=60, blank=True)
    subscriber_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    deductible = models.DecimalField(**MONEY)  # type: ignore[arg-type]
    deductible_met = models.DecimalField(**MONEY)  # type: ignore[arg-type]
    out_of_pocket_max = models.DecimalField(**MONEY)  # type: ignore[arg-type]
    out_of_pocket_met = models.DecimalField(**MONEY)  # type: ignore[arg-type]
    copay_per_day = models.DecimalField(**MONEY)  # type: ignore[arg-type]
    coinsurance_percent = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(member_id=""), name="coverage_has_member_id"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="coverage_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer.name} ({self.get_order_display()})"

    def covers(self, day: object) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)  # type: ignore[operator]


class Diagnosis(TimeStampedModel):
    """An ICD-10-CM diagnosis on the client's record, as billed on claims; one is the primary."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="diagnoses")
    code = models.CharField("ICD-10-CM code", max_length=8)
    description = models.CharField(max_length=120, blank=True)
    is_primary = models.BooleanField(default=False)
    onset_on = models.DateField("Onset", null=True, blank=True)
    resolved_on = models.DateField("Resolved", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True)
                | Q(onset_on__isnull=True)
                | Q(resolved_on__gte=F("onset_on")),
                name="diagnosis_resolved_after_onset",
            ),
            models.UniqueConstraint(
                fields=["client"], condition=Q(is_primary=True), name="one_primary_diagnosis"
            ),
            models.UniqueConstraint(fields=["client", "code"], name="diagnosis_once_per_client"),
        ]

    def __str__(self) -> str:
        return self.code


class Authorization(TimeStampedModel):
    """A payer's approval of so many days or units of a level of care between two dates (prior authorization)."""

    coverage = models.ForeignKey(Coverage, on_delete=models.PROTECT, related_name="authorizations")
    number = models.CharField("Authorization number", max_length=30)
    level_of_care = models.CharField(max_length=4, choices=LevelOfCare.choices, default=LevelOfCare.IOP)
    service_codes = models.JSONField(default=list, blank=True, help_text="Codes it covers; empty: all.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    units_authorized = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=5, choices=AuthorizedUnit.choices, default=AuthorizedUnit.DAYS)
    frequency = models.CharField(max_length=40, blank=True, help_text="e.g. 3 days a week")

    objects = AuthorizationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="authorization_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"auth {self.number}"

    def covers_code(self, code: str) -> bool:
        return not self.service_codes or code in self.service_codes


class MedicareCertification(TimeStampedModel):
    """A physician's signed certification that the client needs IOP (>= 9 h/week); renewed every 60 days."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="iop_certifications")
    kind = models.CharField(max_length=16, choices=CertificationKind.choices)
    certified_hours_per_week = models.PositiveSmallIntegerField()
    signed_on = models.DateField()
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_npi = models.CharField(max_length=10)
    attestation = models.TextField()

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signed_on:%Y-%m-%d}"
