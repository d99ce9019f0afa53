"""A service's refusal shown on the form: on the field it names, or above the form when that field is not
shown. The one copy for new code (STYLE.md: "binding a service's error to a form field" lives in core)."""

from django import forms
from django.core.exceptions import ValidationError


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
