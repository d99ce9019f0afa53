from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients import listing
from trellis.clients.models import Client
from trellis.core import saved_search, search
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
    }
    return render(request, "clients/client_list.html", context)
