from django import forms


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
