"""Forms of the breach register. Affected clients are typed as chart numbers and looked up among the clients
the director may see; the rules live in `breaches`."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.clients.models import Client
from trellis.privacy import breach_deadlines
from trellis.privacy.breach_models import BreachConclusion, BreachIncident
from trellis.privacy.breaches import IncidentTerms
from trellis.privacy.part2 import InfoKind
from trellis.privacy.record_forms import DATE, ServiceForm

MAX_CHART_NUMBERS = 2000


def _text(label: str, *, rows: int = 3, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class IncidentForm(ServiceForm):
    title = forms.CharField(label="Title", max_length=160)
    description = _text("What happened", help_text="In plain words: the letters to clients quote it.")
    discovered_on = forms.DateField(label="Discovered on", widget=DATE)
    occurred_on = forms.DateField(label="Happened on (first day)", widget=DATE, required=False)
    occurred_through = forms.DateField(label="Happened through (last day)", widget=DATE, required=False)
    chart_numbers = _text(
        "Affected clients' chart numbers", rows=2, required=False, help_text="Separated by spaces or commas."
    )
    number_affected = forms.IntegerField(label="Number of people affected", min_value=0, max_value=10**8)
    residents = _text(
        "Residents by state or jurisdiction",
        rows=2,
        required=False,
        help_text="For example “NY: 320, NJ: 12”.",
    )
    over_500_in_a_state = forms.BooleanField(
        label="More than 500 residents of one state or jurisdiction", required=False
    )
    information = forms.MultipleChoiceField(
        label="Information involved", choices=InfoKind.choices, widget=forms.CheckboxSelectMultiple
    )
    nature_and_extent = _text("1. Nature and extent of the PHI involved", required=False)
    unauthorized_recipient = _text("2. Who used it or received it", required=False)
    acquired_or_viewed = _text("3. Whether it was actually acquired or viewed", required=False)
    mitigation = _text("4. How far the risk has been mitigated", required=False)
    conclusion = forms.ChoiceField(label="Conclusion", choices=BreachConclusion.choices)
    steps_for_individuals = _text("Steps clients should take to protect themselves", required=False)
    program_actions = _text("What the program is doing", required=False)
    contact = _text("How clients can ask questions", rows=2, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.affected: list[Client] = []

    def clean_chart_numbers(self) -> str:
        text: str = self.cleaned_data["chart_numbers"]
        wanted = {n.strip() for n in text.replace(",", " ").split() if n.strip()}
        if len(wanted) > MAX_CHART_NUMBERS:
            raise ValidationError(f"List at most {MAX_CHART_NUMBERS} chart numbers.")
        found = list(Client.objects.visible_to(self.user).filter(chart_number__in=wanted))
        unknown = wanted - {client.chart_number for client in found}
        if unknown:
            raise ValidationError(
                f"No client you can see has chart number {', '.join(sorted(unknown)[:10])}."
            )
        self.affected = found
        return text

    def clean_residents(self) -> dict[str, int]:
        try:
            return breach_deadlines.parse_residents(self.cleaned_data["residents"])
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def terms(self) -> IncidentTerms:
        data = self.cleaned_data
        names = [
            f for f in IncidentTerms.__dataclass_fields__ if f not in {"residents_by_state", "information"}
        ]
        return IncidentTerms(
            **{name: data[name] for name in names},
            residents_by_state=data["residents"],
            information=tuple(data["information"]),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        names = {"residents_by_state": "residents", "affected": "chart_numbers"}
        for field, messages in error.message_dict.items():
            field = names.get(field, field)
            self.add_error(field if field in self.fields else None, messages)


def initial_of(incident: BreachIncident) -> dict[str, Any]:
    initial = {name: getattr(incident, name) for name in IncidentTerms.__dataclass_fields__}
    initial["residents"] = ", ".join(f"{state}: {n}" for state, n in incident.residents_by_state.items())
    initial["chart_numbers"] = " ".join(sorted(c.chart_number for c in incident.affected_clients.all()))
    return initial


class NoticeForm(ServiceForm):
    notice = forms.ChoiceField(
        label="Who was notified",
        choices=[("individuals", "The individuals"), ("hhs", "HHS (the Secretary)"), ("media", "The media")],
    )
    sent_on = forms.DateField(label="Sent on", widget=DATE)
