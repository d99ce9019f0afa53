"""The face sheet's forms: what staff type, parsed; the rules themselves live in the services."""

from typing import Any

from django import forms

from trellis.clients.addresses import STATES
from trellis.clients.face_sheet import EmergencyContact
from trellis.clients.models import Allergy, Client
from trellis.clients.services import ADDRESS_FIELDS, CONTACT_PREFERENCES, OUTSIDE_CARE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
PHONE = forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"})
STATE_CHOICES = [("", "—"), *((code, f"{name} ({code})") for code, name in STATES.items())]

SECTIONS: dict[str, tuple[str, ...]] = {
    "Identity": (
        "legal_first_name", "legal_last_name", "preferred_name", "pronouns", "date_of_birth", "gender_identity",
    ),
    "Address": (*ADDRESS_FIELDS, "living_situation"),
    "Phone and e-mail": ("phone", *CONTACT_PREFERENCES[:2], "alternate_phone", *CONTACT_PREFERENCES[3:4],
                         "email", "email_ok"),
    "Emergency contact": ("emergency_name", "emergency_relationship", "emergency_phone"),
    "Primary care and pharmacy": OUTSIDE_CARE_FIELDS,
    "Allergies": ("no_known_allergies",),
}  # fmt: skip
CLIENT_FIELDS = tuple(
    name for names in SECTIONS.values() for name in names if not name.startswith("emergency_")
)


class FaceSheetForm(forms.ModelForm):  # type: ignore[type-arg]
    """Every field of the face sheet on one form; ModelForm for labels and lengths only, never to save."""

    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, label="State")
    postal_code = forms.CharField(
        max_length=10, required=False, label="ZIP code", help_text="12345 or 12345-6789"
    )
    emergency_name = forms.CharField(max_length=120, required=False, label="Emergency contact name")
    emergency_relationship = forms.CharField(max_length=60, required=False, label="Relationship")
    emergency_phone = forms.CharField(
        max_length=30, required=False, label="Emergency contact phone", widget=PHONE
    )

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": DATE,
            "phone": PHONE,
            "alternate_phone": PHONE,
            "primary_care_phone": PHONE,
            "pharmacy_phone": PHONE,
        }
        labels = {"phone": "Phone", "alternate_phone": "Other phone", "email": "E-mail"}

    def __init__(self, *args: Any, contact: EmergencyContact | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The column keeps longer old addresses that did not parse; a new one fits the 837's 55 characters.
        self.fields["address_line1"] = forms.CharField(max_length=55, required=False, label="Street address")
        if contact is not None and not self.is_bound:
            self.initial.update(
                emergency_name=contact.name,
                emergency_relationship=contact.relationship,
                emergency_phone=contact.phone,
            )

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in SECTIONS.items()]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CLIENT_FIELDS}

    def emergency_contact(self) -> EmergencyContact:
        data = self.cleaned_data
        return EmergencyContact(
            name=data["emergency_name"],
            relationship=data["emergency_relationship"],
            phone=data["emergency_phone"],
        )

    def _post_clean(self) -> None:
        """No model validation here: the services decide, and name the field they refuse."""


class AllergyForm(forms.Form):
    substance = forms.CharField(max_length=120, label="Substance")
    reaction = forms.CharField(
        max_length=200, required=False, label="Reaction", help_text="e.g. hives, swelling"
    )
    severity = forms.ChoiceField(choices=Allergy.Severity.choices, initial=Allergy.Severity.UNKNOWN)


class InsuranceCardForm(forms.Form):
    label = forms.CharField(
        max_length=120, label="Plan on the card", help_text="As printed, e.g. Prairie Mutual PPO"
    )
    front = forms.FileField(label="Front of the card", help_text="A JPEG or PNG photo, at most 8 MB")
    back = forms.FileField(label="Back of the card", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for side in ("front", "back"):
            self.fields[side].widget.attrs["accept"] = "image/jpeg,image/png"
