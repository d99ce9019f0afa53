from typing import Any

from django import forms

from trellis.messaging.models import BODY_MAX, SUBJECT_MAX


class MessageForm(forms.Form):
    subject = forms.CharField(label="Subject (optional)", max_length=SUBJECT_MAX, required=False)
    body = forms.CharField(
        label="Your message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX}),
        help_text=f"Plain text, up to {BODY_MAX} characters.",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_MAX}),
        help_text=f"Plain text, up to {BODY_MAX} characters.",
    )


class StaffMessageForm(MessageForm):
    """A staff member's first message to a client: the client's own form, worded for staff."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Message"
        self.fields[
            "body"
        ].help_text = f"Plain text, up to {BODY_MAX} characters. The client reads it in the portal."
