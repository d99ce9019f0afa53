"""The face sheet's portal panel: whether the client is invited, when they last signed in, and the invite /
resend / turn-off forms (one query)."""

from typing import Any

from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.portal.forms import FamilyInviteForm, InviteForm
from trellis.portal.models import FamilyAccess, PortalAccount


def portal_panel(client: Any, request: Any) -> str:
    if not request.user.can(Capability.EDIT_CLIENTS):
        return ""
    account = PortalAccount.objects.filter(client=client).first()
    initial = {"email": account.email, "mobile": account.mobile} if account else {}
    context = {
        "client": client,
        "account": account,
        "form": InviteForm(initial=initial or {"email": client.email, "mobile": client.phone}),
    }
    return render_to_string("portal/face_sheet_panel.html", context, request=request)


def family_panel(client: Any, request: Any) -> str:
    """Who of the client's contacts may sign in, and the invitation form (the consent is checked on sending)."""
    if not request.user.can(Capability.EDIT_CLIENTS):
        return ""
    context = {
        "client": client,
        "accesses": FamilyAccess.objects.filter(client=client).select_related("contact"),
        "form": FamilyInviteForm(client=client),
    }
    return render_to_string("portal/family_panel.html", context, request=request)
