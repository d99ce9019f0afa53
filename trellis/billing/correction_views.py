"""The claims page's Correct and Void buttons: a replacement or void of an adjudicated claim, drafted for the
next export of its period (claim_corrections)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.billing import claim_corrections
from trellis.billing.models import Claim

Correction = Callable[[Claim, str, Any], Claim]


def _correct(request: HttpRequest, pk: Any, correction: Correction, kind: str) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    try:
        drafted = correction(claim, request.POST.get("reason", ""), request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Claim {drafted.control_number} drafted, the {kind} of claim {claim.control_number}: it goes out "
            f"with the next export of service dates {drafted.statement_from:%b %-d} to "
            f"{drafted.statement_through:%b %-d, %Y}.",
        )
    return redirect("billing:claims")


@require_POST
@requires(Capability.MANAGE_BILLING)
def correct_claim_view(request: HttpRequest, pk: Any) -> HttpResponse:
    return _correct(request, pk, claim_corrections.replace_claim, "replacement")


@require_POST
@requires(Capability.MANAGE_BILLING)
def void_claim_view(request: HttpRequest, pk: Any) -> HttpResponse:
    return _correct(request, pk, claim_corrections.void_claim, "void")
