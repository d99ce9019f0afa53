"""Searching the audit trail (directors and administrators)."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.privacy.forms import AuditSearchForm
from trellis.privacy.models import AuditEvent

PAGE_SIZE = 100


def _filtered(form: AuditSearchForm, user: Any) -> Any:
    # Staff of the user's organization, or nobody (failed logins): never another organization's trail.
    events = AuditEvent.objects.filter(
        actor__organization_id=user.organization_id
    ) | AuditEvent.objects.filter(actor__isnull=True)
    data = form.cleaned_data
    if data.get("chart_number"):
        events = events.filter(client__chart_number__iexact=data["chart_number"].strip())
    if data.get("actor"):
        events = events.filter(actor__username__iexact=data["actor"].strip())
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("since"):
        events = events.filter(occurred_at__date__gte=data["since"])
    if data.get("until"):
        events = events.filter(occurred_at__date__lte=data["until"])
    if data.get("request_id"):
        events = events.filter(request_id=data["request_id"].strip())
    return events


@requires(Capability.VIEW_AUDIT)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)  # every field is optional: no filter shows the newest events
    events = _filtered(form, request.user) if form.is_valid() else AuditEvent.objects.none()
    page = Paginator(events.select_related("actor", "client").order_by("-occurred_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "privacy/audit_log.html", {"form": form, "page": page, "query": request.GET.urlencode()}
    )
