"""A payer's billing rules as dated settings: which per diem a day earns, the minimums, Medicare IOP counting."""

import datetime as dt
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.payers import CY2024_IOP_SERVICES, Focus, PayerRules
from trellis.billing.rules.units import Rounding
from trellis.core.models import TimeStampedModel

DEFAULTS = PayerRules(effective=EffectivePeriod(dt.date.min))


class CoOccurringFocus(models.TextChoices):
    SUBSTANCE_USE = Focus.SUBSTANCE_USE.value, "Substance use per diem (H0015)"
    MENTAL_HEALTH = Focus.MENTAL_HEALTH.value, "Psychiatric per diem (S9480)"


class GroupUnitRounding(models.TextChoices):
    WHOLE_UNITS_ONLY = Rounding.WHOLE_UNITS_ONLY.value, "Whole units only"
    CMS_EIGHT_MINUTE = Rounding.CMS_EIGHT_MINUTE.value, "From half a unit"
    ANY_PART = Rounding.ANY_PART.value, "Any part of a unit"


def default_counted_services() -> list[str]:
    return sorted(CY2024_IOP_SERVICES)


class PayerRuleSet(TimeStampedModel):
    """One version of a payer's billing rules, in effect for the service dates from `starts_on` to `ends_on`."""

    payer = models.ForeignKey("billing.Payer", on_delete=models.CASCADE, related_name="rule_sets")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Last day in effect; empty while current.")
    substance_use_code = models.CharField(max_length=5, default=DEFAULTS.substance_use_code)
    substance_use_revenue_code = models.CharField(max_length=4, default=DEFAULTS.substance_use_revenue_code)
    mental_health_code = models.CharField(max_length=5, default=DEFAULTS.mental_health_code)
    mental_health_revenue_code = models.CharField(max_length=4, default=DEFAULTS.mental_health_revenue_code)
    co_occurring_focus = models.CharField(
        max_length=16, choices=CoOccurringFocus.choices, default=DEFAULTS.co_occurring_focus.value
    )
    per_diem_minimum_minutes = models.PositiveSmallIntegerField(default=DEFAULTS.per_diem_minimum_minutes)
    substance_use_days_per_week = models.PositiveSmallIntegerField(
        default=DEFAULTS.substance_use_days_per_week, validators=[MaxValueValidator(7)]
    )
    mental_health_days_per_week = models.PositiveSmallIntegerField(
        default=DEFAULTS.mental_health_days_per_week, validators=[MaxValueValidator(7)]
    )
    individual_therapy_bundled = models.BooleanField(default=DEFAULTS.individual_therapy_bundled)
    iop_lower_tier_services = models.PositiveSmallIntegerField(default=DEFAULTS.iop_lower_tier_services)
    iop_upper_tier_services = models.PositiveSmallIntegerField(default=DEFAULTS.iop_upper_tier_services)
    iop_counted_services = models.JSONField(default=default_counted_services)
    group_unit_minutes = models.PositiveSmallIntegerField(
        default=DEFAULTS.group_unit_minutes, validators=[MinValueValidator(1)]
    )
    group_unit_rounding = models.CharField(
        max_length=16, choices=GroupUnitRounding.choices, default=DEFAULTS.group_unit_rounding.value
    )
    breaks_count_as_therapy = models.BooleanField(default=DEFAULTS.breaks_count_as_therapy)
    pays_case_management = models.BooleanField(default=DEFAULTS.pays_case_management)
    pays_peer_support = models.BooleanField(default=DEFAULTS.pays_peer_support)

    class Meta:
        ordering = ["payer", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="payer_rules_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(iop_upper_tier_services__gte=F("iop_lower_tier_services")),
                name="payer_rules_tiers_ordered",
            ),
            models.CheckConstraint(condition=Q(group_unit_minutes__gte=1), name="payer_rules_unit_length"),
            models.CheckConstraint(
                condition=Q(substance_use_days_per_week__lte=7) & Q(mental_health_days_per_week__lte=7),
                name="payer_rules_days_in_a_week",
            ),
            models.UniqueConstraint(fields=["payer", "starts_on"], name="payer_rules_one_version_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.payer_id} rules from {self.starts_on.isoformat()}"

    @property
    def effective(self) -> EffectivePeriod:
        return EffectivePeriod(self.starts_on, self.ends_on)

    def to_rules(self) -> PayerRules:
        return PayerRules(
            effective=self.effective,
            substance_use_code=self.substance_use_code,
            substance_use_revenue_code=self.substance_use_revenue_code,
            mental_health_code=self.mental_health_code,
            mental_health_revenue_code=self.mental_health_revenue_code,
            co_occurring_focus=Focus(self.co_occurring_focus),
            per_diem_minimum_minutes=self.per_diem_minimum_minutes,
            substance_use_days_per_week=self.substance_use_days_per_week,
            mental_health_days_per_week=self.mental_health_days_per_week,
            individual_therapy_bundled=self.individual_therapy_bundled,
            iop_lower_tier_services=self.iop_lower_tier_services,
            iop_upper_tier_services=self.iop_upper_tier_services,
            iop_counted_services=frozenset(str(code).upper() for code in self.iop_counted_services),
            group_unit_minutes=self.group_unit_minutes,
            group_unit_rounding=Rounding(self.group_unit_rounding),
            breaks_count_as_therapy=self.breaks_count_as_therapy,
            pays_case_management=self.pays_case_management,
            pays_peer_support=self.pays_peer_support,
        )


# Fields a new version copies from the one it follows, then overrides with the change.
RULE_FIELDS: tuple[str, ...] = tuple(
    field.name
    for field in PayerRuleSet._meta.concrete_fields
    if field.name not in {"id", "payer", "starts_on", "ends_on", "created_at", "updated_at"}
)


def rule_values(rule_set: PayerRuleSet) -> dict[str, Any]:
    return {name: getattr(rule_set, name) for name in RULE_FIELDS}
