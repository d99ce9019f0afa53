from django import forms

from trellis.notifications.models import Channel, ChannelConsent, WordingPreference


class OptInForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices, label="Channel")
    address = forms.CharField(
        label="Phone or e-mail", max_length=254, required=False,
        help_text="Leave blank to use the phone or e-mail on the face sheet.",
    )  # fmt: skip
    how = forms.ChoiceField(
        label="How the client agreed",
        choices=[(ChannelConsent.HowIn.VERBAL, "Told staff"), (ChannelConsent.HowIn.WRITTEN, "In writing")],
    )


class WordingForm(forms.Form):
    style = forms.ChoiceField(
        label="Reminder wording", choices=WordingPreference.Style.choices, widget=forms.RadioSelect
    )
    own_sender = forms.CharField(
        label="Sender name the client chose", max_length=40, required=False,
        help_text="Only for the client's own words, e.g. \"Dr. Lee\".",
    )  # fmt: skip
