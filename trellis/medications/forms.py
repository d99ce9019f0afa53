"""Forms for the medication list, drug screens and flag reviews. Services do the checking; forms parse."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.clients.models import Client
from trellis.medications.choices import MatKind, Result, Route, ScreenMethod, Specimen, Substance
from trellis.medications.services import Regimen, ResultEntry

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


class PrescriberChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.get_role_display()})"


class MedicationForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="Generic name, and brand if it matters.")
    dose = forms.CharField(max_length=60, help_text="e.g. 16 mg, 380 mg monthly")
    route = forms.ChoiceField(choices=Route.choices)
    frequency = forms.CharField(max_length=60, help_text="e.g. once daily, every 4 weeks")
    started_on = forms.DateField(widget=DATE, label="Started on")
    prescriber = PrescriberChoiceField(
        queryset=User.objects.none(), required=False, label="Prescriber on staff"
    )
    outside_prescriber = forms.CharField(
        max_length=120, required=False, label="…or outside prescriber", help_text="Name and practice."
    )
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

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prescriber"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, sites=client.site_id, role__in=[Role.PRESCRIBER, Role.DIRECTOR]
        ).distinct()

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "regimen": Regimen(dose=data["dose"], route=data["route"], frequency=data["frequency"]),
            "started_on": data["started_on"],
            "prescriber": data["prescriber"],
            "outside_prescriber": data["outside_prescriber"],
            "indication": data["indication"],
            "is_mat": data["is_mat"],
            "mat_kind": data["mat_kind"],
            "otp_name": data["otp_name"],
        }


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
