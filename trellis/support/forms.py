"""The contact and outside-meeting forms; the services decide, these only parse what was typed."""

import datetime as dt
from typing import Any

from django import forms

from trellis.support.choices import ContactKind, ContactMode, MeetingKind
from trellis.support.models import MAX_MINUTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ContactForm(forms.Form):
    kind = forms.ChoiceField(choices=ContactKind.choices, label="Kind of contact")
    service_date = forms.DateField(widget=DATE, label="Date")
    starts_at = forms.TimeField(widget=TIME, label="Start time")
    minutes = forms.IntegerField(min_value=1, max_value=MAX_MINUTES, label="Minutes")
    mode = forms.ChoiceField(choices=ContactMode.choices, label="How")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="What was done", max_length=20_000
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = kinds

    @classmethod
    def blank(cls, *, kinds: list[tuple[str, str]], kind: str, today: dt.date) -> "ContactForm":
        return cls(kinds=kinds, initial={"kind": kind, "service_date": today, "mode": ContactMode.IN_PERSON})


class AddendumForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Addendum", max_length=20_000)


class MeetingForm(forms.Form):
    attended_on = forms.DateField(widget=DATE, label="Date")
    kind = forms.ChoiceField(choices=MeetingKind.choices, label="Meeting")
    other_name = forms.CharField(max_length=80, required=False, label="Name (when other)")
    note = forms.CharField(max_length=500, required=False, label="Note (optional)")
