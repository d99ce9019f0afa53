from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import saved_search, search
from trellis.privacy import audit

PAGE_SIZE = 50
SEARCH_FIELDS = ("q",)


@requires(Capability.VIEW_CLIENTS)
def client_list_view(request: HttpRequest) -> HttpResponse:
    """Clients the user may see; a search by name or chart number is posted, never put in the address."""
    if saved_search.asks_to_search(request, SEARCH_FIELDS):
        return saved_search.remember_and_redirect(request, scope="clients", fields=SEARCH_FIELDS)
    key, terms = saved_search.recall(request, scope="clients")
    wanted = search.shorten(terms.get("q", ""))
    query = wanted.text
    clients = Client.objects.visible_to(request.user).select_related("site")
    if query:
        clients = clients.search(query)
    page = Paginator(clients.order_by("legal_last_name", "legal_first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.record_views(actor=request.user, client_ids=[c.pk for c in page], detail="client list")
    note = saved_search.EXPIRED_NOTE if saved_search.is_expired(request, key) else wanted.note
    context: dict[str, Any] = {"page": page, "query": query, "search_key": key, "search_note": note}
    return render(request, "clients/client_list.html", context)
