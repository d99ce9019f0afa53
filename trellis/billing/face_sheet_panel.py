"""Billing's section of the client's face sheet: the diagnoses, primary first, with their dates.

Clinical roles see and keep them here; the face sheet has already checked access to the client and written
the audit event. One query.
"""

from typing import Any

from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.billing.forms import FaceSheetDiagnosisForm
from trellis.billing.models import Diagnosis


def diagnoses_panel(client: Any, request: Any) -> str:
    if not request.user.can(Capability.VIEW_CLINICAL):
        return ""
    rows = list(Diagnosis.objects.filter(client=client).order_by("-is_primary", "resolved_on", "code"))
    active = [d for d in rows if d.resolved_on is None]
    context = {
        "client": client,
        "active": active,
        "resolved": [d for d in rows if d.resolved_on is not None],
        "form": FaceSheetDiagnosisForm(),
    }
    return render_to_string("billing/face_sheet_diagnoses.html", context, request=request)
