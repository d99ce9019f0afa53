"""Forms for consents: staff prepare the terms (every element of 42 CFR 2.31), the client signs, staff revoke.

The forms only parse what was sent; the rules of 2.31 are checked once, in `consents.validate_terms`.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms

from trellis.privacy.consents import ConsentTerms
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind, SignatureMethod, SignerRole
from trellis.privacy.preset_switch import switch_preset

# A drawn signature is kept in this coordinate box whatever the size of the screen it was drawn on
# (static/trellis/signature.js scales to it), so the chart, the PDF and the tablet draw it the same.
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = 1000, 300
_NUMBER = r"-?\d+(?:\.\d+)?"
_COMMAND = re.compile(rf"([ML])\s*({_NUMBER})[ ,]\s*({_NUMBER})\s*")

SUD_WORDING = (
    "Records of my substance use disorder (SUD) treatment in this program, including that I am a client "
    "here, limited to the kinds of information ticked above."
)
NOTES_WORDING = (
    "My SUD counseling notes: the notes my counselor keeps apart from the rest of my record. Nothing else."
)
EXPIRY_MODES = [
    ("date", "On a date"),
    ("event", "When something happens"),
    ("none", "No expiry: in force until I revoke it (TPO consent only)"),
]
RECIPIENT_MODES = [
    ("general", "By general designation (TPO consent only)"),
    ("named", "A named person or organization"),
]
REVOCATION_METHODS = [
    ("in writing", "In writing (a signed letter or form)"),
    ("verbally", "Verbally, to program staff"),
    ("portal", "Through the client portal"),
]


@dataclass(frozen=True)
class Preset:
    """A starting point for one common kind of consent; staff change anything before the client signs."""

    label: str
    kind: str
    information: tuple[str, ...]
    purposes: tuple[str, ...]
    recipient_mode: str = "named"
    recipient_kind: str = ""
    expiry_mode: str = "event"
    expiry_event: str = "The end of this treatment episode"
    extra: dict[str, Any] = field(default_factory=dict)


_ALL_BUT_NOTES = tuple(k for k in InfoKind.values if k != InfoKind.COUNSELING_NOTES)
_ATTENDANCE = (InfoKind.IDENTITY, InfoKind.ATTENDANCE)
_SCREENS = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DRUG_SCREENS)
_CLINICAL = (
    InfoKind.IDENTITY,
    InfoKind.DIAGNOSIS,
    InfoKind.ASSESSMENTS,
    InfoKind.MEDICATIONS,
    InfoKind.TREATMENT_PLAN,
    InfoKind.DISCHARGE,
)
PRESETS: dict[str, Preset] = {
    "tpo": Preset(
        "Treatment, payment and operations",
        ConsentKind.TPO,
        _ALL_BUT_NOTES,
        (Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS),
        recipient_mode="general",
        expiry_mode="none",
        expiry_event="",
    ),
    "family": Preset(
        "Family or support person",
        ConsentKind.NAMED,
        _ATTENDANCE,
        (Purpose.FAMILY,),
        recipient_kind=RecipientKind.FAMILY,
    ),
    "employer": Preset(
        "Employer",
        ConsentKind.NAMED,
        _ATTENDANCE,
        (Purpose.EMPLOYMENT,),
        recipient_kind=RecipientKind.EMPLOYER,
    ),
    "court_program": Preset(
        "Court-ordered program",
        ConsentKind.NAMED,
        _SCREENS,
        (Purpose.COURT_PROGRAM,),
        recipient_kind=RecipientKind.COURT,
        expiry_event="The end of the court's supervision",
    ),
    "probation": Preset(
        "Probation or parole",
        ConsentKind.NAMED,
        _SCREENS,
        (Purpose.PROBATION,),
        recipient_kind=RecipientKind.PROBATION,
        expiry_event="The end of my probation or parole",
    ),
    "provider": Preset(
        "Another provider",
        ConsentKind.NAMED,
        _CLINICAL,
        (Purpose.TREATMENT,),
        recipient_kind=RecipientKind.PROVIDER,
    ),
    "counseling_notes": Preset(
        "SUD counseling notes",
        ConsentKind.COUNSELING_NOTES,
        (InfoKind.COUNSELING_NOTES,),
        (Purpose.TREATMENT,),
        recipient_kind=RecipientKind.PROVIDER,
        extra={"information_detail": NOTES_WORDING},
    ),
    "legal": Preset(
        "Legal proceedings",
        ConsentKind.LEGAL,
        _ATTENDANCE,
        (Purpose.LEGAL,),
        recipient_kind=RecipientKind.COURT,
        expiry_event="The end of the proceeding",
    ),
}


def initial_for(preset_key: str, *, organization_name: str) -> dict[str, Any]:
    """The form's starting values for a preset (TPO when the key is unknown)."""
    preset = PRESETS.get(preset_key, PRESETS["tpo"])
    return {
        "kind": preset.kind,
        "disclosing_party": organization_name,
        "information": list(preset.information),
        "information_detail": SUD_WORDING,
        "recipient_mode": preset.recipient_mode,
        "recipient_kind": preset.recipient_kind,
        "purposes": list(preset.purposes),
        "expiry_mode": preset.expiry_mode,
        "expiry_event": preset.expiry_event,
        **preset.extra,
    }


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of consent", choices=ConsentKind.choices, widget=forms.RadioSelect)
    disclosing_party = forms.CharField(
        label="Who may disclose",
        max_length=200,
        help_text="The program, by name (42 CFR 2.31(a)(2)).",
    )
    information = forms.MultipleChoiceField(
        label="What information may be disclosed",
        choices=InfoKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    information_detail = forms.CharField(
        label="How much and what kind, in words",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Name substance use disorder information plainly (42 CFR 2.31(a)(3)).",
        required=False,
    )
    recipient_mode = forms.ChoiceField(
        label="To whom", choices=RECIPIENT_MODES, widget=forms.RadioSelect, initial="named"
    )
    recipient_kind = forms.ChoiceField(
        label="Kind of recipient", choices=[("", "Choose…"), *RecipientKind.choices], required=False
    )
    recipient_name = forms.CharField(label="Recipient's name", max_length=160, required=False)
    recipient_detail = forms.CharField(
        label="Recipient's address or contact (optional)", max_length=200, required=False
    )
    purposes = forms.MultipleChoiceField(
        label="For what purpose", choices=Purpose.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    purpose_detail = forms.CharField(
        label="Purpose, in the client's words (optional)", max_length=200, required=False
    )
    expiry_mode = forms.ChoiceField(label="When it ends", choices=EXPIRY_MODES, widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label="End date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expiry_event = forms.CharField(label="The event that ends it", max_length=200, required=False)

    @classmethod
    def switched(cls, data: Any, *, to: str, organization_name: str) -> "ConsentForm":
        """The terms as posted, restarted from the preset `to`, keeping what was typed where it still applies.

        Unbound: switching is not preparing, so nothing is validated (or refused) yet.
        """
        source = initial_for(str(data.get("preset") or ""), organization_name=organization_name)
        target = initial_for(to, organization_name=organization_name)
        return cls(initial=switch_preset(data, source=source, target=target))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("expiry_mode")
        if mode == "date" and not data.get("expires_on"):
            self.add_error("expires_on", "Give the date the consent ends.")
        if mode == "event" and not (data.get("expiry_event") or "").strip():
            self.add_error("expiry_event", "Say what event ends the consent.")
        return data

    def terms(self) -> ConsentTerms:
        """The terms as the service takes them: only the chosen recipient and expiry are passed on."""
        data = self.cleaned_data
        general = data["recipient_mode"] == "general"
        mode = data["expiry_mode"]
        expires_on: dt.date | None = data.get("expires_on") if mode == "date" else None
        return ConsentTerms(
            kind=data["kind"],
            information=tuple(data.get("information") or ()),
            information_detail=data.get("information_detail") or "",
            purposes=tuple(data.get("purposes") or ()),
            general_designation=general,
            recipient_kind="" if general else data.get("recipient_kind") or "",
            recipient_name="" if general else data.get("recipient_name") or "",
            recipient_detail="" if general else data.get("recipient_detail") or "",
            purpose_detail=data.get("purpose_detail") or "",
            expires_on=expires_on,
            expiry_event=(data.get("expiry_event") or "") if mode == "event" else "",
            no_expiry=mode == "none",
            disclosing_party=data.get("disclosing_party") or "",
        )


def is_path_data(mark: str) -> bool:
    """Pen strokes as `M x y L x y ...` inside the signature box, with at least one line drawn."""
    position, lines = 0, 0
    for match in _COMMAND.finditer(mark):
        if match.start() != position:
            return False
        x, y = float(match.group(2)), float(match.group(3))
        if not (0 <= x <= SIGNATURE_WIDTH and 0 <= y <= SIGNATURE_HEIGHT):
            return False
        lines += match.group(1) == "L"
        position = match.end()
    return position == len(mark) and lines > 0 and mark.startswith("M")


class SignForm(forms.Form):
    signer_name = forms.CharField(label="Signer's full name", max_length=160)
    signer_role = forms.ChoiceField(
        label="Who is signing",
        choices=SignerRole.choices,
        widget=forms.RadioSelect,
        initial=SignerRole.CLIENT,
    )
    method = forms.ChoiceField(
        label="How to sign",
        choices=[
            (SignatureMethod.DRAWN, "Draw my signature"),
            (SignatureMethod.TYPED, "Type my name instead"),
        ],
        widget=forms.RadioSelect,
        initial=SignatureMethod.TYPED,
    )
    drawn = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60_000)
    typed = forms.CharField(label="Type your full name as your signature", max_length=160, required=False)
    agreed = forms.BooleanField(
        label="I have read this consent, or had it read to me, and I agree to it.",
        error_messages={"required": "Tick the box to say you have read this consent and agree to it."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if method == SignatureMethod.DRAWN and not is_path_data((data.get("drawn") or "").strip()):
            self.add_error(None, "The drawn signature could not be read. Clear the box and sign again.")
        if method == SignatureMethod.TYPED and not (data.get("typed") or "").strip():
            self.add_error("typed", "Type your full name to sign.")
        return data

    @property
    def signature(self) -> str:
        data = self.cleaned_data
        return str(data["drawn"] if data["method"] == SignatureMethod.DRAWN else data["typed"]).strip()


class RevokeForm(forms.Form):
    method = forms.ChoiceField(
        label="How the client revoked it", choices=REVOCATION_METHODS, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=200,
        required=False,
        help_text="For example, the date on the client's letter. No clinical detail.",
    )


class ExpiryEventForm(forms.Form):
    occurred_on = forms.DateField(label="The day it happened", widget=forms.DateInput(attrs={"type": "date"}))
