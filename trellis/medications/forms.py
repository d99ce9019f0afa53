"""Forms for the medication list, drug screens and flag reviews. Services do the checking; forms parse."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.clients.models import Client
from trellis.medications.choices import (
    MatKind,
    MedicationSource,
    Result,
    Route,
    ScreenMethod,
    Specimen,
    Substance,
)
from trellis.medications.models import MedicationOrder
from trellis.medications.orders import NAMED_WITHOUT_ORDER, active_orders
from trellis.medications.regimen import Regimen
from trellis.medications.services import ResultEntry

DATE = forms.DateInput(attrs={"type": "date"})
# A standard 12-panel cup: these start as negative so staff mark only what reads positive.
CUP_PANEL = {
    Substance.AMPHETAMINES,
    Substance.METHAMPHETAMINE,
    Substance.MDMA,
    Substance.BARBITURATES,
    Substance.BENZODIAZEPINES,
    Substance.BUPRENORPHINE,
    Substance.CANNABINOIDS,
    Substance.COCAINE,
    Substance.FENTANYL,
    Substance.METHADONE,
    Substance.OPIATES,
    Substance.OXYCODONE,
}
NOT_TESTED = ""


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or on the form when the field is not shown."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class OrderChoiceField(forms.ModelChoiceField[MedicationOrder]):
    def label_from_instance(self, obj: MedicationOrder) -> str:
        return f"{obj} — ordered by {obj.prescriber_name} on {obj.ordered_on:%b} {obj.ordered_on.day}, {obj.ordered_on.year}"


class MedicationForm(forms.Form):
    """Against an active order (drug and regimen come from it) or as reported by the client."""

    source = forms.ChoiceField(
        choices=MedicationSource.choices, widget=forms.RadioSelect, label="Where this medication comes from"
    )
    order = OrderChoiceField(
        queryset=MedicationOrder.objects.none(),
        required=False,
        label="Prescriber's active order",
        empty_label="—",
        help_text="The drug, dose and prescriber come from the order.",
    )
    name = forms.CharField(
        max_length=120,
        required=False,
        help_text="As reported by the client: generic name, and brand if it matters.",
    )
    dose = forms.CharField(max_length=60, required=False, help_text="e.g. 16 mg, 380 mg monthly")
    route = forms.ChoiceField(choices=[("", "—"), *Route.choices], required=False)
    frequency = forms.CharField(max_length=60, required=False, help_text="e.g. once daily, every 4 weeks")
    outside_prescriber = forms.CharField(
        max_length=120,
        required=False,
        label="Prescriber, as reported by the client (optional)",
        help_text="Name and practice, as the client gives them.",
    )
    started_on = forms.DateField(widget=DATE, label="Started on")
    indication = forms.CharField(max_length=120, required=False)
    is_mat = forms.BooleanField(required=False, label="Medication for addiction treatment (MAT)")
    mat_kind = forms.ChoiceField(
        choices=[("", "—"), *MatKind.choices], required=False, label="MAT medication"
    )
    otp_name = forms.CharField(
        max_length=120,
        required=False,
        label="Opioid treatment program",
        help_text="For methadone: the OTP that doses the client.",
    )

    def __init__(self, *args: Any, client: Client, may_order: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order_field: Any = self.fields["order"]
        order_field.queryset = active_orders(client).order_by("name", "-ordered_on", "id")
        if may_order:
            order_field.help_text = (
                "Leave it empty to record this under your own name: that is your order, with the drug and "
                "dose typed below."
            )
            self.fields["name"].help_text = "Typed for your own order or as reported by the client."

    def clean(self) -> dict[str, Any]:
        # The form offers no prescriber to pick; a posted one is someone naming a prescriber on their own.
        if self.data.get("prescriber"):
            raise ValidationError(NAMED_WITHOUT_ORDER)
        return super().clean() or {}

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "source": data["source"],
            "order": data["order"],
            "name": data["name"],
            "regimen": Regimen(dose=data["dose"], route=data["route"], frequency=data["frequency"]),
            "started_on": data["started_on"],
            "outside_prescriber": data["outside_prescriber"],
            "indication": data["indication"],
            "is_mat": data["is_mat"],
            "mat_kind": data["mat_kind"],
            "otp_name": data["otp_name"],
        }


class OrderForm(forms.Form):
    name = forms.CharField(max_length=120, label="Drug", help_text="Generic name, and brand if it matters.")
    dose = forms.CharField(max_length=60, help_text="e.g. 16 mg, 380 mg monthly")
    route = forms.ChoiceField(choices=Route.choices)
    frequency = forms.CharField(max_length=60, help_text="e.g. once daily, every 4 weeks")
    ordered_on = forms.DateField(widget=DATE, label="Ordered on")

    def regimen(self) -> Regimen:
        data = self.cleaned_data
        return Regimen(dose=data["dose"], route=data["route"], frequency=data["frequency"])


class ChangeMedicationForm(forms.Form):
    dose = forms.CharField(max_length=60)
    route = forms.ChoiceField(choices=Route.choices)
    frequency = forms.CharField(max_length=60)
    changed_on = forms.DateField(widget=DATE, label="From")
    reason = forms.CharField(max_length=160, help_text="e.g. cravings persist, side effects")

    def regimen(self) -> Regimen:
        data = self.cleaned_data
        return Regimen(dose=data["dose"], route=data["route"], frequency=data["frequency"])


class StopMedicationForm(forms.Form):
    stopped_on = forms.DateField(widget=DATE, label="Stopped on", help_text="First day no longer taken.")
    reason = forms.CharField(max_length=160, label="Why it stops")


class DrugScreenForm(forms.Form):
    """Collection details, then one result (and for definitive testing, a level) per drug class."""

    collected_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        label="Collected at",
    )
    specimen = forms.ChoiceField(choices=Specimen.choices)
    method = forms.ChoiceField(choices=ScreenMethod.choices, label="How it was read")
    observed = forms.BooleanField(required=False, label="Observed collection")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        results = [(NOT_TESTED, "Not tested"), *Result.choices]
        for code, label in Substance.choices:
            self.fields[f"result_{code}"] = forms.ChoiceField(
                choices=results,
                required=False,
                label=label,
                initial=Result.NEGATIVE if code in CUP_PANEL else "",
            )
            self.fields[f"level_{code}"] = forms.DecimalField(
                required=False, min_value=Decimal(0), max_digits=10, decimal_places=2, label=f"{label} level"
            )

    def collection_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("collected_at", "specimen", "method", "observed")]

    def panel_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(label), self[f"result_{code}"], self[f"level_{code}"]) for code, label in Substance.choices
        ]

    def entries(self) -> list[ResultEntry]:
        data = self.cleaned_data
        return [
            ResultEntry(
                substance=code,
                result=data[f"result_{code}"],
                level=data[f"level_{code}"],
                unit="ng/mL" if data[f"level_{code}"] is not None else "",
            )
            for code in Substance.values
            if data.get(f"result_{code}")
        ]


class ReviewFlagForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Review note",
        help_text="What the review found and what changes in the plan.",
    )
