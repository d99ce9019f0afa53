from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import search
from trellis.privacy import audit

PAGE_SIZE = 50


@requires(Capability.VIEW_CLIENTS)
def client_list_view(request: HttpRequest) -> HttpResponse:
    wanted = search.shorten(request.GET.get("q", ""))
    query = wanted.text
    clients = Client.objects.visible_to(request.user).select_related("site")
    if query:
        clients = clients.search(query)
    page = Paginator(clients.order_by("legal_last_name", "legal_first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.record_views(actor=request.user, client_ids=[c.pk for c in page], detail="client list")
    context: dict[str, Any] = {"page": page, "query": query, "search_note": wanted.note}
    return render(request, "clients/client_list.html", context)
