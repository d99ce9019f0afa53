from typing import Any

from django import forms

from trellis.casework.choices import NeedDomain, NeedStatus
from trellis.casework.screener import Question, Screener


def _field(question: Question) -> forms.Field:
    choices = [(option.value, option.label) for option in question.options]
    if question.many:
        return forms.MultipleChoiceField(
            label=question.text, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
        )
    return forms.ChoiceField(label=question.text, choices=choices, widget=forms.RadioSelect, required=False)


class ScreeningForm(forms.Form):
    """One field per question; completeness and scoring are the service's (screener.score) to judge."""

    def __init__(self, *args: Any, screener: Screener, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.screener = screener
        for question in screener.questions:
            self.fields[question.code] = _field(question)

    def questions(self) -> list[tuple[Question, forms.BoundField]]:
        return [(question, self[question.code]) for question in self.screener.questions]


class NeedForm(forms.Form):
    domain = forms.ChoiceField(choices=NeedDomain.choices)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(choices=NeedStatus.choices)


class GoalForm(forms.Form):
    description = forms.CharField(label="Goal", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    need = forms.ModelChoiceField[Any](queryset=None, required=False, label="For the need (optional)")

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    description = forms.CharField(label="Task", max_length=2000)
    owner = forms.ModelChoiceField[Any](queryset=None, label="Owner")
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))
    goal = forms.ModelChoiceField[Any](queryset=None, required=False, label="Toward the goal (optional)")

    def __init__(self, *args: Any, staff: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    case_manager = forms.ModelChoiceField[Any](queryset=None, label="Case manager")

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = staff  # type: ignore[attr-defined]
