"""The alumni self-report beside the BAM, and the staff form for an alumni event."""

from typing import Any

from django import forms

from trellis.alumni.models import UsingSince
from trellis.alumni.services import SelfReport
from trellis.programs.models import Site

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Answer: {label}"},
    )


class SelfReportForm(forms.Form):
    use_required_attribute = False  # the server names every gap at once, for every browser

    using_since = forms.ChoiceField(
        label="Have you used alcohol or drugs since your last check-in?",
        choices=UsingSince.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Answer: have you used since your last check-in (or 'I'd rather not say')."
        },
    )
    in_support = _yes_no("Are you in any recovery support (meetings, a sponsor, counseling)?")
    working_or_school = _yes_no("Are you working or in school?")
    housing_stable = _yes_no("Is where you live stable?")
    note = forms.CharField(
        label="Anything you want us to know? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def report(self) -> SelfReport:
        data = self.cleaned_data
        return SelfReport(
            using_since=data["using_since"],
            in_support=data["in_support"],
            working_or_school=data["working_or_school"],
            housing_stable=data["housing_stable"],
            note=data["note"],
        )


class EventForm(forms.Form):
    use_required_attribute = False

    site = forms.ModelChoiceField(queryset=Site.objects.none(), empty_label="Choose…")
    title = forms.CharField(max_length=120)
    starts_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    location = forms.CharField(label="Where", max_length=200, required=False)
    virtual_link = forms.URLField(label="Online link", required=False, assume_scheme="https")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
