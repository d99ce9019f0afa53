"""Plan forms. Required parts are checked by the services, so the form and the API refuse in the same words."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.plans.choices import AsamDimension, Modality, Progress
from trellis.plans.models import Objective
from trellis.plans.review_schedule import DEFAULT_PLAN_DUE_DAYS
from trellis.plans.reviews import ProgressEntry

DATE = forms.DateInput(attrs={"type": "date"})


def _text(label: str, rows: int = 2, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, **attrs}))


class ServiceForm(forms.Form):
    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class ProblemForm(ServiceForm):
    statement = _text("Problem", placeholder="As assessed, e.g. 'Drinking daily to cope with work stress'")
    asam_dimension = forms.ChoiceField(
        label="ASAM dimension", required=False, choices=[("", "—"), *AsamDimension.choices]
    )


class GoalForm(ServiceForm):
    client_words = _text("Goal, in the client's own words", placeholder="“I want to ...”")


class ObjectiveForm(ServiceForm):
    text = _text("Objective", placeholder="What the client will do")
    measure = forms.CharField(
        label="Measure", required=False, help_text="How we will know, e.g. 'PHQ-9 below 10'."
    )
    target_on = forms.DateField(label="Target date", required=False, widget=DATE)


class InterventionForm(ServiceForm):
    modality = forms.ChoiceField(choices=[("", "—"), *Modality.choices], required=False)
    frequency = forms.CharField(required=False, help_text="e.g. 3x/week, weekly")
    responsible = forms.ChoiceField(label="Responsible staff", required=False)
    detail = forms.CharField(label="Detail (optional)", required=False)

    def __init__(self, *args: Any, staff: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        choices = [("", "—"), *((pk, str(user)) for pk, user in staff.items())]
        self.fields["responsible"].choices = choices  # type: ignore[attr-defined]

    @property
    def cleaned(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["responsible"] = self.staff.get(data["responsible"])
        return data


class ClientSignatureForm(ServiceForm):
    client_signed_name = forms.CharField(label="Client types their full name", required=False)
    attested = forms.BooleanField(
        label="I watched the client read this plan and type their name.", required=False
    )


class StepDownForm(ServiceForm):
    starts_on = forms.DateField(label="New phase starts on", widget=DATE)


class ReviewForm(ServiceForm):
    """One status and note per objective, and a summary; field names match the service's refusals."""

    summary = _text("Summary", rows=3)

    def __init__(self, *args: Any, objectives: list[Objective], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objectives = objectives
        for objective in objectives:
            self.fields[f"status_{objective.pk}"] = forms.ChoiceField(
                label="Progress", choices=Progress.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{objective.pk}"] = forms.CharField(
                label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self) -> list[tuple[Objective, Any, Any]]:
        return [(o, self[f"status_{o.pk}"], self[f"note_{o.pk}"]) for o in self.objectives]

    def entries(self) -> list[ProgressEntry]:
        data = self.cleaned_data
        return [
            ProgressEntry(objective_id=o.pk, status=data[f"status_{o.pk}"], note=data[f"note_{o.pk}"])
            for o in self.objectives
            if data.get(f"status_{o.pk}")
        ]


class PlanRulesForm(ServiceForm):
    review_interval_days = forms.IntegerField(label="Review every (days)", min_value=1, max_value=365)
    due_soon_days = forms.IntegerField(label="Warn this many days before", min_value=1, max_value=365)
    plan_due_days = forms.IntegerField(
        label="First plan signed within (days of admission)", min_value=1, max_value=365, required=False
    )
    supervisor_signature_required = forms.BooleanField(
        label="Plans need a supervisor's co-signature", required=False
    )
    require_signed_plan_for_groups = forms.BooleanField(
        label="No group sessions before the plan is signed", required=False
    )

    def clean_plan_due_days(self) -> int:
        """Left empty, the first plan is due in the default number of days."""
        return self.cleaned_data.get("plan_due_days") or DEFAULT_PLAN_DUE_DAYS
