from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients import listing
from trellis.clients.models import Client
from trellis.core import clock, saved_search, search
from trellis.core.csv_export import csv_download
from trellis.privacy import audit

PAGE_SIZE = 50
SEARCH_FIELDS = ("q",)


@requires(Capability.VIEW_CLIENTS)
def client_list_view(request: HttpRequest) -> HttpResponse:
    """Clients the user may see, with where each stands; a search by name, chart number or date of birth is
    posted, never put in the address, and the filters (status, track, counselor) are ids in the address."""
    if saved_search.asks_to_search(request, SEARCH_FIELDS):
        return saved_search.remember_and_redirect(request, scope="clients", fields=SEARCH_FIELDS)
    key, terms = saved_search.recall(request, scope="clients")
    wanted = search.shorten(terms.get("q", ""))
    query = wanted.text
    filters = listing.Filters.from_query(request.GET)
    clients = listing.with_standing(Client.objects.visible_to(request.user).select_related("site"))
    if query:
        clients = clients.search(query)
    clients = listing.filtered(clients, filters)
    if request.GET.get("format") == "csv":
        return _client_list_csv(request.user, clients)
    page = Paginator(clients.order_by("legal_last_name", "legal_first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counselors = listing.counselor_names(list(page))
    rows = [
        {"client": c, "status": listing.status_of(c), "counselor": counselors.get(c.counselor_id, "")}
        for c in page
    ]
    audit.record_views(actor=request.user, client_ids=[c.pk for c in page], detail="client list")
    note = saved_search.EXPIRED_NOTE if saved_search.is_expired(request, key) else wanted.note
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "query": query,
        "search_key": key,
        "search_note": note,
        "filters": filters,
        "choices": listing.choices_for(request.user),
        "csv_query": "&".join(part for part in (f"s={key}" if key else "", filters.as_query()) if part),
    }
    return render(request, "clients/client_list.html", context)


def _client_list_csv(user: Any, clients: Any) -> HttpResponse:
    """The whole list as filtered (a caseload, when filtered by counselor), not one page of it."""
    everyone = list(clients.order_by("legal_last_name", "legal_first_name", "pk"))
    counselors = listing.counselor_names(everyone)
    rows = [
        (
            c.display_name,
            c.chart_number,
            listing.status_of(c),
            c.track_name or "",
            counselors.get(c.counselor_id, ""),
            c.site.name,
        )
        for c in everyone
    ]
    return csv_download(
        filename=f"clients-{clock.now():%Y-%m-%d}.csv",
        header=("Name", "Chart number", "Status", "Track", "Counselor", "Site"),
        rows=rows,
        actor=user,
        client_ids=[c.pk for c in everyone],
        what="client list",
    )
