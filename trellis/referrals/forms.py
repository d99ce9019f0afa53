"""What staff type on the directory and referral pages, parsed; the rules live in the services."""

from typing import Any

from django import forms

from trellis.privacy.part2 import InfoKind
from trellis.referrals.choices import FollowUpOutcome, NeedDomain, ResourceKind
from trellis.referrals.models import Resource
from trellis.referrals.services import RECORD_KINDS, RESOURCE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


class ResourceForm(forms.ModelForm):  # type: ignore[type-arg]
    """ModelForm for labels and lengths only; `services.save_resource` saves."""

    class Meta:
        model = Resource
        fields = RESOURCE_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def validate_unique(self) -> None:
        """The service says so on the name field, in words; the form's check would need the organization."""


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search the directory", max_length=80)
    kind = forms.ChoiceField(required=False, label="Kind", choices=[("", "Any kind"), *ResourceKind.choices])
    inactive = forms.BooleanField(required=False, label="Show deactivated resources")


class ReferralForm(forms.Form):
    resource = forms.ModelChoiceField(queryset=Resource.objects.none(), label="Refer to")
    domain = forms.ChoiceField(choices=NeedDomain.choices, label="Need")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason for the referral")
    records = forms.MultipleChoiceField(
        choices=[(kind.value, kind.label) for kind in InfoKind if kind in RECORD_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Records sent with it",
        help_text="The referral always names the client; tick what else goes with it. The client's consent must "
        "cover all of it.",
    )
    follow_up_on = forms.DateField(widget=DATE, label="Follow up on", required=False)

    def __init__(self, *args: Any, organization_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resource = self.fields["resource"]
        assert isinstance(resource, forms.ModelChoiceField)
        resource.queryset = Resource.objects.filter(organization_id=organization_id).active()


class StateForm(forms.Form):
    """The next state of a referral, its note, and (while it stays open) the next follow-up date."""

    state = forms.ChoiceField(choices=[], label="Next state")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note")
    follow_up_on = forms.DateField(widget=DATE, required=False, label="Next follow-up")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)
        state.choices = choices


class SendForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note")


class FirstAppointmentForm(forms.Form):
    first_appointment_on = forms.DateField(widget=DATE, label="First appointment")
    kept = forms.TypedChoiceField(
        choices=[("", "Not yet"), ("yes", "Kept"), ("no", "Not kept")],
        required=False,
        label="Kept?",
        coerce=lambda value: value == "yes",
        empty_value=None,
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(choices=FollowUpOutcome.choices, label="How the follow-up went")
    recorded_on = forms.DateField(widget=DATE, label="Date of the call")
