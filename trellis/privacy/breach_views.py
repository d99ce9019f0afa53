"""The breach register (privacy officer only, one organization's incidents): list, record, change, notices
and the letter to each affected client."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.privacy import audit, breaches, documents
from trellis.privacy.breach_forms import IncidentForm, NoticeForm, initial_of
from trellis.privacy.breach_models import BreachIncident
from trellis.privacy.part2 import labels


def _incident_or_404(request: HttpRequest, pk: Any) -> BreachIncident:
    user: Any = request.user
    queryset = BreachIncident.objects.filter(organization_id=user.organization_id)
    incident: BreachIncident = get_object_or_404(queryset, pk=pk)
    return incident


@requires(Capability.MANAGE_PRIVACY)
def breach_list_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    incidents = list(BreachIncident.objects.filter(organization_id=user.organization_id))
    audit.record(actor=user, action=audit.Action.VIEW, detail="breach register")
    today = breaches.organization_today(user.organization_id)
    return render(request, "privacy/breach_list.html", {"incidents": incidents, "today": today})


def _save(request: HttpRequest, incident: BreachIncident | None) -> HttpResponse:
    user: Any = request.user
    initial = initial_of(incident) if incident is not None else {}
    form = IncidentForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = breaches.save_incident(
                organization_id=user.organization_id,
                terms=form.terms(),
                affected=form.affected,
                actor=user,
                incident=incident,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Incident saved in the breach register.")
            return redirect("part2:breach", pk=saved.pk)
    context = {"form": form, "incident": incident}
    return render(request, "privacy/breach_form.html", context, status=422 if form.errors else 200)


@requires(Capability.MANAGE_PRIVACY)
def breach_new_view(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@requires(Capability.MANAGE_PRIVACY)
def breach_edit_view(request: HttpRequest, pk: Any) -> HttpResponse:
    return _save(request, _incident_or_404(request, pk))


@requires(Capability.MANAGE_PRIVACY)
def breach_view(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    affected = list(incident.affected_clients.select_related("site").order_by("legal_last_name"))
    audit.record(
        actor=request.user, action=audit.Action.VIEW, obj=incident, detail="breach register: incident"
    )
    audit.record_views(actor=request.user, client_ids=[c.pk for c in affected], detail="breach register")
    context = {
        "incident": incident,
        "affected": affected,
        "information": labels(incident.information),
        "deadlines": incident.deadlines,
        "today": breaches.organization_today(incident.organization_id),
        "notice_form": NoticeForm(),
    }
    return render(request, "privacy/breach.html", context)


@requires(Capability.MANAGE_PRIVACY)
@require_POST
def breach_notice_view(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = _incident_or_404(request, pk)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who was notified and the date it was sent.")
        return redirect("part2:breach", pk=incident.pk)
    try:
        breaches.record_notice(incident=incident, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Notice recorded.")
    return redirect("part2:breach", pk=incident.pk)


@requires(Capability.MANAGE_PRIVACY)
def breach_letter_view(request: HttpRequest, pk: Any, client_pk: Any) -> HttpResponse:
    """The notification letter to one affected client (164.404(c)): a communication to the client, so it is
    audited as an export of their record, not accounted as a disclosure to a third party."""
    incident = _incident_or_404(request, pk)
    visible = Client.objects.visible_to(request.user).select_related("site", "organization")
    client: Client = get_object_or_404(visible.filter(pk__in=incident.affected_clients.all()), pk=client_pk)
    if not incident.is_breach:
        messages.error(request, "Letters are written once the incident is concluded to be a breach.")
        return redirect("part2:breach", pk=incident.pk)
    document = documents.render_letter_pdf(
        incident=incident, client=client, organization_name=client.organization.name
    )
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        client_id=client.pk,
        obj=incident,
        detail="breach notification letter PDF",
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="breach-letter-{client.chart_number}.pdf"'
    return response
