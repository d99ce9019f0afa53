"""Forms built from the instrument definitions (item texts and options come from the JSON, never from code)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.measures import scoring
from trellis.measures.choices import Disposition, RiskLevel
from trellis.measures.instrument_data import Instrument, Item
from trellis.programs.models import Program

SEX_CHOICES = [("", "Choose…"), ("female", "Female"), ("male", "Male")]


def item_field_name(number: int) -> str:
    return f"item_{number}"


class InstrumentForm(forms.Form):
    """One radio group per item; every gap or impossible answer is named by its item before anything is saved."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items:
            self.fields[item_field_name(item.number)] = self._item_field(item)
        if instrument.needs_sex:
            self.fields["sex"] = forms.ChoiceField(
                choices=SEX_CHOICES,
                required=False,
                label="Sex (the cut-offs differ)",
            )

    def _item_field(self, item: Item) -> forms.Field:
        name = f"{self.instrument.short_name} item {item.label}"
        return forms.TypedChoiceField(
            label=item.text,
            choices=[(option.value, option.label) for option in item.options],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": f"{name}: %(value)s is not one of its answers."},
        )

    def items(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[item_field_name(item.number)]) for item in self.instrument.items]

    @property
    def answers(self) -> list[scoring.Answer]:
        return [self.cleaned_data.get(item_field_name(item.number)) for item in self.instrument.items]

    def sex_field(self) -> forms.BoundField | None:
        return self["sex"] if "sex" in self.fields else None

    @property
    def chosen_sex(self) -> str | None:
        return self.cleaned_data.get("sex") or None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        missing = [
            item
            for item in self.instrument.items
            if item.asked_if is None and self.answers[item.number - 1] is None
        ]
        for item in missing:  # all the gaps at once, not one per submit
            self.add_error(
                item_field_name(item.number),
                f"{self.instrument.short_name} item {item.label} is missing an answer.",
            )
        if not missing:
            self._check_scoring()
        return cleaned

    def _check_scoring(self) -> None:
        try:
            scoring.score(self.instrument.code, self.answers, sex=self.chosen_sex)
        except scoring.ScoringError as error:
            field = item_field_name(error.item) if error.item else ("sex" if "sex" in self.fields else None)
            self.add_error(field, error.message)

    def add_service_errors(self, error: ValidationError) -> None:
        for messages in error.message_dict.values():
            for message in messages:
                self.add_error(None, message)


class SafetyAssessmentForm(forms.Form):
    """The documented same-day safety assessment; the service decides what is missing and names the field."""

    use_required_attribute = False  # the server says what is missing, in words, for every browser

    assessment = forms.CharField(
        label="Safety assessment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you asked and what the client said: ideation, plan, intent, means, past attempts, "
        "protective factors.",
    )
    risk_level = forms.ChoiceField(
        label="Risk level", required=False, choices=[("", "Choose…"), *RiskLevel.choices]
    )
    disposition = forms.ChoiceField(
        label="Disposition", required=False, choices=[("", "Choose…"), *Disposition.choices]
    )
    plan = forms.CharField(
        label="Safety plan and follow-up",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. safety plan reviewed, means restriction, crisis line 988, next contact.",
    )

    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class ScheduleForm(forms.Form):
    """Give an instrument to each client of a program every N days (a baseline at admission first)."""

    program: forms.ModelChoiceField[Program] = forms.ModelChoiceField(
        queryset=Program.objects.none(), empty_label="Choose…"
    )
    instrument = forms.ChoiceField(choices=[])
    every_days = forms.IntegerField(label="Every (days)", min_value=1, max_value=365, initial=14)

    def __init__(self, *args: Any, programs: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        self.fields["instrument"].choices = [("", "Choose…")] + [(i.code, i.short_name) for i in instruments]  # type: ignore[attr-defined]

    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
