from django import forms

from trellis.privacy.models import AuditEvent


class AuditSearchForm(forms.Form):
    chart_number = forms.CharField(required=False, label="Client chart number")
    actor = forms.CharField(required=False, label="Staff username")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *AuditEvent.Action.choices])
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    request_id = forms.CharField(required=False, label="Request id")
