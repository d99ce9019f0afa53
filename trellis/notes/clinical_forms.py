"""Forms for family-session and psychiatric-visit notes: an individual note's fields and what each adds."""

from typing import Any

from django import forms

from trellis.clients.models import ClientContact
from trellis.medications.choices import Route
from trellis.medications.models import MedicationOrder
from trellis.medications.regimen import Regimen
from trellis.notes.choices import EM_LEVELS, PSYCHIATRIC_SERVICES, NoteService, OrderAction
from trellis.notes.clinical_services import StartedOrder
from trellis.notes.forms import IndividualNoteForm

_BY_TIME = ("", "By total time on the day")


class FamilyNoteForm(IndividualNoteForm):
    """Who came from the family, and whether the client was in the room (90847 with, 90846 without)."""

    participants = forms.MultipleChoiceField(
        label="Family members and support persons who took part",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Each needs a consent in force naming them, signed by the client.",
    )
    client_present = forms.BooleanField(label="The client was present", required=False, initial=True)

    def __init__(self, *args: Any, contacts: list[ClientContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contacts = {str(contact.pk): contact for contact in contacts}
        choices = [
            (key, f"{c.name} ({c.relationship})" if c.relationship else c.name)
            for key, c in self.contacts.items()
        ]
        self.fields["participants"].choices = choices  # type: ignore[attr-defined]

    @property
    def chosen_contacts(self) -> list[ClientContact]:
        return [self.contacts[key] for key in self.cleaned_data.get("participants", [])]


class PsychiatricNoteForm(IndividualNoteForm):
    """The kind of visit, an E/M level if the prescriber chooses one, and what was done with each order."""

    service = forms.ChoiceField(
        label="Visit",
        choices=[(value, label) for value, label in NoteService.choices if value in PSYCHIATRIC_SERVICES],
    )
    em_code = forms.ChoiceField(
        label="E/M level (medication management)",
        required=False,
        choices=[_BY_TIME, *((code, code) for codes in EM_LEVELS.values() for code in codes)],
        help_text="Left to time: 99212 from 10 minutes, 99213 from 20, 99214 from 30, 99215 from 40 (AMA 2021).",
    )

    def __init__(self, *args: Any, orders: list[MedicationOrder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].label = "Total time on the day (minutes)"
        self.orders = orders
        for order in orders:
            self.fields[f"order_{order.pk}"] = forms.ChoiceField(
                label=str(order),
                required=False,
                choices=[("", "Not discussed"), *OrderAction.choices],
            )
        # Named as the order's own fields, so an order refused by medications/orders.py shows on its field.
        self.fields["name"] = forms.CharField(label="Drug", max_length=120, required=False)
        self.fields["dose"] = forms.CharField(label="Dose", max_length=60, required=False)
        self.fields["route"] = forms.ChoiceField(
            label="Route", required=False, choices=[("", "Choose…"), *Route.choices]
        )
        self.fields["frequency"] = forms.CharField(label="How often", max_length=60, required=False)

    def field_groups(self) -> list[tuple[str, list[Any]]]:
        """The page's groups of fields: the visit, the note, risk, the medication list and a new medication."""
        visit = ["service_date", "duration_minutes", "service", "em_code"]
        risk = ["risk_level", "risk_note"]
        orders = [f"order_{order.pk}" for order in self.orders]
        start = ["name", "dose", "route", "frequency"]
        grouped = set(visit + risk + orders + start)
        note = [f.name for f in self.visible_fields() if f.name not in grouped]
        groups = [
            ("Visit", visit),
            ("Note", note),
            ("Risk", risk),
            ("Medications reviewed at this visit", orders),
            ("Start a medication", start),
        ]
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in groups]

    @property
    def start(self) -> StartedOrder | None:
        """The medication started at this visit, if a drug is named."""
        data = self.cleaned_data
        if not (data.get("name") or "").strip():
            return None
        regimen = Regimen(
            dose=data.get("dose") or "", route=data.get("route") or "", frequency=data.get("frequency") or ""
        )
        return StartedOrder(name=data["name"], regimen=regimen)

    @property
    def order_actions(self) -> dict[Any, str]:
        chosen = {order.pk: self.cleaned_data.get(f"order_{order.pk}") or "" for order in self.orders}
        return {pk: action for pk, action in chosen.items() if action}
