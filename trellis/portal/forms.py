from typing import Any

from django import forms

from trellis.clients.models import ClientContact


class AddressForm(forms.Form):
    address = forms.CharField(
        label="E-mail address or mobile number",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="The 6-digit code we sent you",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class InviteForm(forms.Form):
    email = forms.CharField(label="E-mail address", max_length=254, required=False)
    mobile = forms.CharField(label="Mobile number", max_length=30, required=False)


class FamilyInviteForm(forms.Form):
    """Which of the client's contacts to invite, and where their codes go (their own address, not the client's).
    Prefixed: on the face sheet it sits beside the client's own invitation, whose fields have the same names."""

    prefix = "family"

    contact: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who", queryset=ClientContact.objects.none(), empty_label=None
    )
    email = forms.CharField(label="Their e-mail address", max_length=254, required=False)
    mobile = forms.CharField(label="Their mobile number", max_length=30, required=False)

    def __init__(self, *args: Any, client: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = client.contacts.all()
