"""The face sheet's summary on the chart: contact, address, emergency contact and, for clinical roles,
allergies and outside care, with the way to edit them.

The chart has already checked access to the client and written the audit event; this panel reads only and
runs one query (allergies) beyond the contacts the chart passes in.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability

register = template.Library()


@register.simple_tag(takes_context=True)
def face_sheet_chart_panel(context: dict[str, Any], client: Any, contacts: list[Any]) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    clinical = bool(user is not None and user.can(Capability.VIEW_CLINICAL))
    values = {
        "c": client,
        "contacts": contacts,
        "clinical": clinical,
        "allergies": list(client.allergies.all()) if clinical else [],
        "can_edit": bool(user is not None and user.can(Capability.EDIT_CLIENTS)),
    }
    return render_to_string("clients/chart_panel.html", values, request=request)
