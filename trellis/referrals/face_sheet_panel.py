"""The face sheet's living situation as TEDS codes it, and the way to the client's referrals."""

from typing import Any

from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.clients import teds
from trellis.referrals.models import Referral


def referrals_panel(client: Any, request: Any) -> str:
    user = request.user
    if not (user.can(Capability.CASE_MANAGEMENT) or user.can(Capability.PEER_SUPPORT)):
        return ""
    code = teds.living_arrangement(client.living_situation)
    context = {
        "client": client,
        "teds_code": code,
        "teds_label": teds.LIVING_ARRANGEMENT_LABELS[code],
        "open_count": Referral.objects.filter(client=client).open().count(),
    }
    return render_to_string("referrals/face_sheet_panel.html", context, request=request)
