"""Forms of the client's privacy page: restriction requests and decisions, court orders, emergencies.

They parse input only; the services in `restrictions`, `court_orders` and `emergency` hold the rules and name
the field they refuse, which `add_service_errors` puts back on the form.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.privacy.consent_models import RestrictionKind, RestrictionRequest
from trellis.privacy.court_orders import OrderTerms
from trellis.privacy.part2 import InfoKind

DATE = forms.DateInput(attrs={"type": "date"})
NOT_NOTES = [(value, label) for value, label in InfoKind.choices if value != InfoKind.COUNSELING_NOTES]


class ServiceForm(forms.Form):
    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class RestrictionRequestForm(ServiceForm):
    kind = forms.ChoiceField(
        label="The client asks", choices=RestrictionKind.choices, widget=forms.RadioSelect
    )
    payer = forms.ModelChoiceField(
        label="Health plan not to be told",
        queryset=RestrictionRequest._meta.get_field("payer").related_model.objects.none(),  # type: ignore[union-attr]
        required=False,
        empty_label="Every health plan",
        help_text="Only for a request not to tell a health plan.",
    )
    description = forms.CharField(
        label="What the client asked, in their words",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    requested_on = forms.DateField(label="Asked on", widget=DATE)

    def __init__(self, *args: Any, organization_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        payers: Any = RestrictionRequest._meta.get_field("payer").related_model
        self.fields["payer"].queryset = payers.objects.filter(  # type: ignore[attr-defined]
            organization_id=organization_id
        ).order_by("name")


class DecisionForm(ServiceForm):
    decision = forms.ChoiceField(
        choices=[("agree", "Agree"), ("deny", "Deny")], widget=forms.RadioSelect, label="Decision"
    )
    paid_in_full = forms.BooleanField(
        required=False, label="The services this covers were paid in full out of pocket"
    )
    note = forms.CharField(label="Note or reason", required=False, max_length=300)


class EndForm(ServiceForm):
    note = forms.CharField(label="Why it ends", max_length=300)


class CourtOrderForm(ServiceForm):
    court_name = forms.CharField(label="Court", max_length=160)
    order_reference = forms.CharField(label="Docket or case number", max_length=80)
    issued_on = forms.DateField(label="Issued on", widget=DATE)
    judge_name = forms.CharField(label="Judge", max_length=120, required=False)
    recipient_name = forms.CharField(label="Who may receive the records", max_length=160)
    information = forms.MultipleChoiceField(
        label="Records the order covers", choices=InfoKind.choices, widget=forms.CheckboxSelectMultiple
    )
    scope = forms.CharField(
        label="What the order authorizes, in its own words", widget=forms.Textarea(attrs={"rows": 3})
    )
    expires_on = forms.DateField(label="Expires on", widget=DATE, required=False)

    def terms(self) -> OrderTerms:
        data = self.cleaned_data
        return OrderTerms(
            court_name=data["court_name"],
            order_reference=data["order_reference"],
            issued_on=data["issued_on"],
            judge_name=data["judge_name"],
            recipient_name=data["recipient_name"],
            information=tuple(data["information"]),
            scope=data["scope"],
            expires_on=data["expires_on"],
        )


class EmergencyForm(ServiceForm):
    medical_personnel = forms.CharField(label="Medical personnel who received it", max_length=160)
    facility = forms.CharField(label="Their facility", max_length=160)
    nature_of_emergency = forms.CharField(
        label="Nature of the medical emergency", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    information = forms.MultipleChoiceField(
        label="Information disclosed", choices=NOT_NOTES, widget=forms.CheckboxSelectMultiple
    )
