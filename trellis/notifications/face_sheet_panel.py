"""The face sheet's reminders panel: the client's channel opt-ins, wording and recent reminders. Reads only
(three queries whatever the number of rows); its forms post to views.py."""

from typing import Any

from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.notifications.forms import OptInForm, WordingForm
from trellis.notifications.models import ChannelConsent, Notification, WordingPreference

RECENT = 10


def reminders_panel(client: Any, request: Any) -> str:
    if not request.user.can(Capability.EDIT_CLIENTS):
        return ""
    preference = WordingPreference.objects.filter(client=client).first()
    style = preference.style if preference is not None else WordingPreference.Style.NEUTRAL
    context = {
        "client": client,
        "consents": list(ChannelConsent.objects.filter(client=client).order_by("channel")),
        "notifications": list(Notification.objects.filter(client=client).order_by("-scheduled_for")[:RECENT]),
        "preference": preference,
        "opt_in_form": OptInForm(),
        "wording_form": WordingForm(
            initial={"style": style, "own_sender": preference.own_sender if preference else ""}
        ),
    }
    return render_to_string("notifications/face_sheet_reminders.html", context, request=request)
