"""Billing forms: they parse input; the services decide what is allowed and name the field they refuse."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.billing.choices import (
    AuthorizedUnit,
    CertificationKind,
    CoverageOrder,
    DenialReason,
    Relationship,
    Sex,
    UnitType,
)
from trellis.billing.models import Coverage, Payer, PayerRuleSet
from trellis.billing.models.payer_rules import RULE_FIELDS
from trellis.billing.services import HCPCS
from trellis.core import plausible_dates
from trellis.episodes.choices import LevelOfCare

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 9, "decimal_places": 2, "min_value": Decimal(0), "initial": Decimal(0)}


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or on the form when the field is not shown."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class CoverageForm(forms.Form):
    payer = forms.ModelChoiceField(queryset=Payer.objects.none())
    member_id = forms.CharField(max_length=30, required=False, help_text="As printed on the insurance card.")
    group_number = forms.CharField(max_length=30, required=False)
    order = forms.TypedChoiceField(choices=CoverageOrder.choices, coerce=int, initial=CoverageOrder.PRIMARY)
    relationship = forms.ChoiceField(choices=Relationship.choices, label="Client is the subscriber's")
    subscriber_first_name = forms.CharField(max_length=60, required=False)
    subscriber_last_name = forms.CharField(max_length=60, required=False)
    subscriber_date_of_birth = forms.DateField(required=False, widget=DATE)
    sex = forms.ChoiceField(choices=Sex.choices, label="Sex on the insurance record")
    starts_on = forms.DateField(widget=DATE, label="Effective from")
    ends_on = forms.DateField(required=False, widget=DATE, label="Effective until")
    deductible = forms.DecimalField(**MONEY)  # type: ignore[arg-type]
    deductible_met = forms.DecimalField(**MONEY)  # type: ignore[arg-type]
    out_of_pocket_max = forms.DecimalField(**MONEY, label="Out-of-pocket maximum")  # type: ignore[arg-type]
    out_of_pocket_met = forms.DecimalField(**MONEY, label="Out-of-pocket met")  # type: ignore[arg-type]
    copay_per_day = forms.DecimalField(**MONEY, label="Copay per day")  # type: ignore[arg-type]
    coinsurance_percent = forms.IntegerField(min_value=0, max_value=100, initial=0, label="Coinsurance %")

    def __init__(self, *args: Any, organization_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = Payer.objects.filter(organization_id=organization_id)  # type: ignore[attr-defined]


class DiagnosisForm(forms.Form):
    code = forms.CharField(max_length=10, label="ICD-10-CM code", help_text="e.g. F10.20")
    description = forms.CharField(max_length=120, required=False)
    is_primary = forms.BooleanField(required=False, label="Principal diagnosis")


class FaceSheetDiagnosisForm(forms.Form):
    code = forms.CharField(max_length=10, label="ICD-10-CM code", help_text="e.g. F10.20")
    description = forms.CharField(max_length=120, required=False)
    onset_on = forms.DateField(required=False, widget=DATE, label="Onset")
    is_primary = forms.BooleanField(required=False, label="Primary diagnosis")


class ResolveDiagnosisForm(forms.Form):
    resolved_on = forms.DateField(widget=DATE, label="Resolved on")


class AuthorizationForm(forms.Form):
    coverage = forms.ModelChoiceField(queryset=Coverage.objects.none())
    number = forms.CharField(max_length=30, label="Authorization number")
    level_of_care = forms.ChoiceField(choices=LevelOfCare.choices, initial=LevelOfCare.IOP)
    starts_on = forms.DateField(widget=DATE)
    ends_on = forms.DateField(widget=DATE)
    units_authorized = forms.IntegerField(min_value=0, label="Days or units authorized")
    unit = forms.ChoiceField(choices=AuthorizedUnit.choices)
    service_codes = forms.CharField(required=False, help_text="Codes it covers, comma-separated; empty: all.")
    frequency = forms.CharField(max_length=40, required=False, help_text="e.g. 3 days a week")

    def __init__(self, *args: Any, client: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Coverage.objects.filter(client=client).select_related("payer")
        self.fields["coverage"].queryset = queryset  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["service_codes"] = [c for c in data["service_codes"].replace(";", ",").split(",") if c.strip()]
        return data


class FeeForm(forms.Form):
    code = forms.CharField(max_length=5, help_text="CPT or HCPCS, e.g. H0015")
    modifier = forms.CharField(max_length=2, required=False)
    revenue_code = forms.CharField(
        max_length=4, required=False, help_text="For institutional claims, e.g. 0906"
    )
    description = forms.CharField(max_length=120, required=False)
    rate = forms.DecimalField(max_digits=9, decimal_places=2)
    unit_type = forms.ChoiceField(choices=UnitType.choices)
    starts_on = forms.DateField(widget=DATE, label="Effective from")
    ends_on = forms.DateField(required=False, widget=DATE, label="Effective until")


class PayerRulesForm(forms.ModelForm):  # type: ignore[type-arg]
    """A payer's rules from a date: the version in effect before that date is kept for earlier services."""

    starts_on = forms.DateField(widget=DATE, label="For services from")
    iop_counted_services = forms.CharField(
        label="Medicare IOP: services counted toward the day's tier",
        help_text="HCPCS or CPT codes, separated by commas (CY2024 OPPS list by default).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = PayerRuleSet
        fields = [name for name in RULE_FIELDS if name != "iop_counted_services"]
        labels = {
            "substance_use_code": "Substance use per diem code",
            "substance_use_revenue_code": "Substance use revenue code",
            "mental_health_code": "Mental health per diem code",
            "mental_health_revenue_code": "Mental health revenue code",
            "co_occurring_focus": "Clients with both kinds of diagnosis in a co-occurring program bill",
            "per_diem_minimum_minutes": "Per diem: minimum minutes of treatment a day",
            "substance_use_days_per_week": "Substance use per diem: minimum days a week (0: none)",
            "mental_health_days_per_week": "Mental health per diem: minimum days a week (0: none)",
            "individual_therapy_bundled": "Individual therapy is included in the per diem",
            "iop_lower_tier_services": "Medicare IOP: services for the lower per diem",
            "iop_upper_tier_services": "Medicare IOP: services for the higher per diem",
            "group_unit_minutes": "Group therapy (G0410): minutes a unit",
            "group_unit_rounding": "Group therapy (G0410): a part unit counts",
            "breaks_count_as_therapy": "Breaks count as therapy time",
            "pays_case_management": "Pays for case management (H0006)",
            "pays_peer_support": "Pays for peer support (H0038)",
        }

    def clean_iop_counted_services(self) -> list[str]:
        codes = sorted(
            {code.strip().upper() for code in self.cleaned_data["iop_counted_services"].split(",")} - {""}
        )
        wrong = [code for code in codes if not HCPCS.match(code)]
        if wrong:
            raise ValidationError(f"Not a CPT or HCPCS code: {', '.join(wrong)}.")
        return codes


class ReleaseForm(forms.Form):
    note = forms.CharField(max_length=200, required=False, label="Why the payer will pay it")


class DecisionForm(forms.Form):
    paid_amount = forms.DecimalField(max_digits=10, decimal_places=2, required=False)
    denial_reason = forms.ChoiceField(
        choices=[("", "Paid (no denial)"), *DenialReason.choices], required=False
    )
    note = forms.CharField(max_length=200, required=False)


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(choices=CertificationKind.choices)
    certified_hours_per_week = forms.IntegerField(min_value=0, max_value=40, initial=9)
    attested = forms.BooleanField(required=False, label="I have read the statement above and sign it")


# Capture runs day by day over the span; a quarter covers any backlog a biller would reasonably catch up.
CAPTURE_MAX_DAYS = 92


class CaptureForm(forms.Form):
    first = forms.DateField(widget=DATE, label="From")
    last = forms.DateField(widget=DATE, label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last"):
            problem = plausible_dates.span_problem(data["first"], data["last"], max_days=CAPTURE_MAX_DAYS)
            if problem:
                self.add_error("last", problem)
        return data


class RemittanceForm(forms.Form):
    """An 835 file from a payer or clearinghouse; read here, never stored."""

    MAX_BYTES = 5 * 1024 * 1024  # a month of remittances for one program is a few hundred kilobytes

    file = forms.FileField(label="835 remittance file")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file is larger than 5 MB: split it, or import it with the command.")
        try:
            text: str = upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                "The file is not text: choose the 835 file itself, not a PDF or a zip."
            ) from error
        return text


CLAIM_PERIOD_MAX_DAYS = 92  # a quarter at most: payers take a month's claims, rarely more


class ClaimPeriodForm(forms.Form):
    """The service dates (and, for review, the payer) of a batch of claims."""

    first = forms.DateField(widget=DATE, label="Service dates from")
    last = forms.DateField(widget=DATE, label="Service dates to")
    payer = forms.ModelChoiceField(
        queryset=Payer.objects.none(), required=False, empty_label="Every payer", label="Payer"
    )

    def __init__(self, *args: Any, organization_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        payers = (
            Payer.objects.filter(organization_id=organization_id).exclude(kind="self_pay").order_by("name")
        )
        self.fields["payer"].queryset = payers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last"):
            problem = plausible_dates.span_problem(
                data["first"], data["last"], max_days=CLAIM_PERIOD_MAX_DAYS
            )
            if problem:
                self.add_error("last", problem)
        return data
