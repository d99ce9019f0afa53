"""Who is on call at each site: the director names one clinician per site, told first of urgent safety tasks."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.models import User
from trellis.accounts.roles import Capability
from trellis.measures import safety
from trellis.measures.models import OnCall
from trellis.programs.models import Site


def _sites(user: Any) -> Any:
    return Site.objects.filter(organization_id=user.organization_id).order_by("name")


def _rows(user: Any, errors: dict[Any, str] | None = None) -> list[dict[str, Any]]:
    sites = list(_sites(user))
    current = {row.site_id: row.clinician_id for row in OnCall.objects.filter(site__in=sites)}
    return [
        {
            "site": site,
            "current": current.get(site.pk),
            "candidates": safety.on_call_candidates(site=site),
            "error": (errors or {}).get(site.pk, ""),
        }
        for site in sites
    ]


def _clinician(chosen: str, site: Site) -> User | None:
    if not chosen:
        return None
    try:
        found = User.objects.filter(pk=chosen, organization_id=site.organization_id).first()
    except (ValidationError, ValueError):  # not an id at all
        found = None
    if found is None:
        raise ValidationError({"clinician": ["Choose a clinician who works at this site."]})
    return found


# Clinical directors direct clinical staff; the capability they alone hold for that is SUPERVISE_NOTES.
@requires(Capability.SUPERVISE_NOTES)
def on_call_view(request: HttpRequest) -> HttpResponse:
    return render(request, "measures/on_call.html", {"rows": _rows(request.user)})


@require_POST
@requires(Capability.SUPERVISE_NOTES)
def set_on_call_view(request: HttpRequest, site_pk: Any) -> HttpResponse:
    site = get_object_or_404(_sites(request.user), pk=site_pk)
    chosen = request.POST.get("clinician", "").strip()
    try:
        clinician = _clinician(chosen, site)
        safety.set_on_call(site=site, clinician=clinician, set_by=request.user)
    except ValidationError as error:
        message = " ".join(m for messages_ in error.message_dict.values() for m in messages_)
        context = {"rows": _rows(request.user, {site.pk: message})}
        return render(request, "measures/on_call.html", context, status=422)
    messages.success(
        request, f"On call at {site.name}: {clinician.get_full_name() if clinician else 'nobody'}."
    )
    return redirect("measures:on_call")
