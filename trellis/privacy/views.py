"""Searching the audit trail (directors and administrators), each search itself recorded."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import saved_search
from trellis.privacy import audit
from trellis.privacy.forms import AuditSearchForm
from trellis.privacy.models import AuditEvent
from trellis.privacy.querysets import reads_client_trail

PAGE_SIZE = 100
# Filters whose value is written into the search's own event; a chart number is recorded as the client.
RECORDED_VALUES = ("actor", "action", "since", "until", "request_id")
# The search is posted and kept in the session: a chart number never appears in an address (core.saved_search).
SEARCH_FIELDS = ("chart_number", *RECORDED_VALUES)


def _filtered(events: Any, data: dict[str, Any]) -> Any:
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


def _searched_client_id(user: Any, data: dict[str, Any]) -> Any:
    chart_number = (data.get("chart_number") or "").strip()
    if not chart_number:
        return None
    found = Client.objects.filter(organization_id=user.organization_id, chart_number__iexact=chart_number)
    return found.values_list("pk", flat=True).first()


def _record_search(user: Any, data: dict[str, Any], page: str) -> None:
    used = [f"{name}={str(data[name]).strip()[:40]}" for name in RECORDED_VALUES if data.get(name)]
    if data.get("chart_number"):
        used.insert(0, "chart number")
    page_number = page if page.isdigit() else "1"
    detail = f"audit search: {', '.join(used) or 'no filter'}; page {page_number[:6]}"
    audit.record(
        actor=user, action=audit.Action.VIEW, client_id=_searched_client_id(user, data), detail=detail
    )


@requires(Capability.VIEW_AUDIT)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if saved_search.asks_to_search(request, SEARCH_FIELDS):
        return saved_search.remember_and_redirect(request, scope="audit", fields=SEARCH_FIELDS)
    key, terms = saved_search.recall(request, scope="audit")
    shows_clients = reads_client_trail(user)
    # every field is optional: no filter shows the newest events
    form = AuditSearchForm(terms, reads_client_trail=shows_clients)
    events = AuditEvent.objects.none()
    if form.is_valid():
        events = _filtered(AuditEvent.objects.visible_to(user), form.cleaned_data)
        # Recorded before the page is counted, so the search shows on the page it makes.
        _record_search(user, form.cleaned_data, request.GET.get("page", "1"))
    related = ("actor", "client") if shows_clients else ("actor",)
    page = Paginator(events.select_related(*related).order_by("-occurred_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "search_key": key,
        "expired": saved_search.is_expired(request, key),
        "shows_clients": shows_clients,
    }
    return render(request, "privacy/audit_log.html", context)
