from django import forms

from trellis.notifications.models import Channel, ChannelConsent, NotificationSettings, WordingPreference


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


class SettingsForm(forms.ModelForm[NotificationSettings]):
    class Meta:
        model = NotificationSettings
        fields = ["sms_sender_name", "help_phone", "quiet_start", "quiet_end"]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "sms_sender_name": "Shown at the start of every text. Name no treatment: a town or short name, not the program.",
            "quiet_start": "No reminder goes out from this time (in each client's site's zone)...",
            "quiet_end": "...until this time; reminders due then wait for it.",
        }
