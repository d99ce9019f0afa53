"""The discharge form: the TEDS reason and summary, the aftercare plan, then what other apps ask (steps)."""

from dataclasses import dataclass
from typing import Any

from django import forms

from trellis.episodes import discharge_steps
from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.discharge import DEFAULT_CRISIS_LINE, Aftercare
from trellis.episodes.models import AftercarePlan

TEDS_REQUIRED = "Choose the reason for discharge (TEDS)."


@dataclass(frozen=True)
class StepFields:
    title: str
    hint: str
    names: list[str]


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Discharge date")
    discharge_reason = forms.TypedChoiceField(
        choices=[("", "— choose —"), *DischargeReason.choices],
        coerce=int,
        label="Reason for discharge (TEDS)",
        error_messages={"required": TEDS_REQUIRED},
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 9}),
        required=False,
        label="Discharge summary",
        help_text="Course of treatment, progress on the plan's goals, condition at discharge.",
    )
    next_level_of_care = forms.ChoiceField(
        choices=[("", "None / not applicable"), *LevelOfCare.choices],
        required=False,
        label="Next level of care",
    )
    referrals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One a line: provider, contact, appointment date.",
    )
    peer_support = forms.MultipleChoiceField(
        choices=AftercarePlan.PeerSupport.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Peer support",
    )
    peer_support_other = forms.CharField(max_length=120, required=False, label="Other peer support group")
    alumni_group = forms.BooleanField(required=False, label="Joins an alumni group")
    alumni_group_name = forms.CharField(max_length=120, required=False, label="Which alumni group")
    crisis_line = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Crisis line",
        initial=DEFAULT_CRISIS_LINE,
        help_text="Printed on the discharge summary the client takes home.",
    )

    DISCHARGE_FIELDS = ("discharged_on", "discharge_reason", "summary")

    def __init__(self, *args: Any, episode: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps: list[StepFields] = []
        for step in discharge_steps.registered():
            extra = step.fields(episode)
            self.fields.update(extra)
            if extra:
                self.steps.append(StepFields(step.title, step.hint, list(extra)))

    def _step_names(self) -> set[str]:
        return {name for step in self.steps for name in step.names}

    def discharge_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DISCHARGE_FIELDS]

    def aftercare_fields(self) -> list[forms.BoundField]:
        asked = self._step_names()
        return [self[name] for name in self.fields if name not in self.DISCHARGE_FIELDS and name not in asked]

    def step_sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(step.title, step.hint, [self[name] for name in step.names]) for step in self.steps]

    def answers(self) -> dict[str, Any]:
        """What the steps asked, by field name, for `discharge_client(answers=...)`."""
        return {name: self.cleaned_data.get(name) for name in self._step_names()}

    def error_summary(self) -> list[str]:
        """Each error with the label of the field it belongs to, for the banner above the form."""
        lines: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else None
            lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return lines

    def aftercare(self) -> Aftercare:
        data: dict[str, Any] = self.cleaned_data
        return Aftercare(
            next_level_of_care=data["next_level_of_care"],
            referrals=data["referrals"],
            peer_support=list(data["peer_support"]),
            peer_support_other=data["peer_support_other"],
            alumni_group=data["alumni_group"],
            alumni_group_name=data["alumni_group_name"],
            crisis_line=data["crisis_line"],
        )
