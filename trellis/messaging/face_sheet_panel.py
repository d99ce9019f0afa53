"""The face sheet's messages panel: a link to the client's conversations with the count awaiting a reply
(one query). Reads only."""

from typing import Any

from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.messaging.models import MessageThread


def messages_panel(client: Any, request: Any) -> str:
    if not request.user.can(Capability.ANSWER_MESSAGES):
        return ""
    awaiting = MessageThread.objects.filter(client=client).awaiting_reply().count()
    context = {"client": client, "awaiting": awaiting}
    return render_to_string("messaging/face_sheet_panel.html", context, request=request)
