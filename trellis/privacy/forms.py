from typing import Any

from django import forms

from trellis.privacy.models import AuditEvent


class AuditSearchForm(forms.Form):
    chart_number = forms.CharField(required=False, max_length=20, label="Client chart number")
    actor = forms.CharField(required=False, max_length=150, label="Staff username")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *AuditEvent.Action.choices])
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    request_id = forms.CharField(required=False, max_length=64, label="Request id")

    def __init__(self, *args: Any, reads_client_trail: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not reads_client_trail:
            # Someone who sees no client cannot search by one: the field does not exist for them.
            del self.fields["chart_number"]
