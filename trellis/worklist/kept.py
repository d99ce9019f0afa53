"""The worklist page's body and its panels on Today and the chart, kept rendered per reader (core.kept_pages).

A kept part is shown again only while nothing can have changed it: its key holds the reader and the
organization's activity stamp (renewed by every audited write, in the writing transaction), and it ends at
`horizon.next_change`, when the clock alone would turn a line due or overdue or make a new one. So a signed
note leaves the page at once, and a note whose deadline passes turns overdue at once, kept or not.

Kept HTML holds no per-request content (no CSRF token, no messages): the page's filter is a GET form, and the
page around the body (base.html) is rendered on every request. The page names clients, so every request,
kept or not, records a view for each client it shows (Part 2).
"""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from trellis.core import clock, kept_pages, page_memo
from trellis.privacy import audit
from trellis.worklist import horizon, selectors
from trellis.worklist.sources import Scope

LAYOUT = 2  # raise when a kept template changes shape, so parts kept by the old code are not shown


def _valid_until(user: Any, *, client_id: Any = None) -> Any:
    return horizon.next_change(Scope(user=user, now=clock.now(), client_id=client_id))


def page_body(request: HttpRequest, *, staff: str, page: str) -> kept_pages.Kept:
    """The worklist below the page's frame for this reader, staff filter and page; views audited here."""
    user: Any = request.user
    with page_memo.reading_page():
        key = kept_pages.page_key(
            page="worklist", layout=LAYOUT, user=user, day=clock.now().date(), extra=f"{staff}|{page}"
        )
        kept = kept_pages.get_or_render(key, lambda: _render_body(request, staff=staff, page=page))
    # Only the clients the page names are viewed; the lines on later pages are not.
    audit.record_views(actor=user, client_ids=kept.shown_client_ids, detail="worklist")
    return kept


def _render_body(request: HttpRequest, *, staff: str, page: str) -> kept_pages.Kept:
    user: Any = request.user
    found = selectors.get_worklist_page(user=user, now=clock.now(), staff=staff, page=page)
    worklist, shown = found.worklist, found.shown
    context = {
        "worklist": worklist,
        "shown": shown,
        "staff_choices": (
            choices := [(selectors.staff_key(g), g.staff.name, g.total) for g in worklist.everyone]
        ),
        # A person asked for who owes nothing here (or a key from an old link): shown as such, not as "Everyone".
        "chosen_unlisted": bool(worklist.chosen) and worklist.chosen not in {key for key, _, _ in choices},
        "team": found.team,
    }
    client_ids = [item.client_id for part in shown for item in part.items if item.client_id is not None]
    return kept_pages.Kept(
        html=render_to_string("worklist/worklist_body.html", context, request=request),
        shown_client_ids=tuple(dict.fromkeys(client_ids)),
        valid_until=_valid_until(user),
    )


def today_panel_html(request: HttpRequest) -> str:
    """Today's worklist figures (counts only: no client named, no view to record)."""
    user: Any = request.user
    if not selectors.may_see_worklist(user):
        return ""
    key = kept_pages.page_key(page="worklist-today", layout=LAYOUT, user=user, day=clock.now().date())

    def render() -> kept_pages.Kept:
        counts = selectors.count_items(user=user, now=clock.now())
        html = render_to_string("worklist/today_panel.html", {"counts": counts}, request=request)
        return kept_pages.Kept(html=html, valid_until=_valid_until(user))

    return kept_pages.get_or_render(key, render).html


def chart_panel_html(request: HttpRequest, client: Any) -> str:
    """What is owed for one client, on their chart; the chart page itself records the view of the client."""
    user: Any = request.user
    if not selectors.may_see_worklist(user):
        return ""
    key = kept_pages.page_key(
        page="worklist-chart", layout=LAYOUT, user=user, day=clock.now().date(), extra=str(client.pk)
    )

    def render() -> kept_pages.Kept:
        items = selectors.list_client_items(user=user, client=client, now=clock.now())
        html = ""
        if items:
            context = {"items": items, "client": client}
            html = render_to_string("worklist/chart_panel.html", context, request=request)
        return kept_pages.Kept(html=html, valid_until=_valid_until(user, client_id=client.pk))

    return kept_pages.get_or_render(key, render).html
