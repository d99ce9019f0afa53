"""Worklist panels on shared pages: a count and link on Today, the client's own missing items on the chart.

The Today panel names no client (counts only), so it writes no view event; the chart page has already
checked access to the client and audited the view.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.core import clock
from trellis.worklist import selectors

register = template.Library()


def _reader(context: Any) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if selectors.may_see_worklist(user) else None


@register.simple_tag(takes_context=True)
def worklist_today_panel(context: Any) -> str:
    user = _reader(context)
    if user is None:
        return ""
    counts = selectors.count_items(user=user, now=clock.now())
    return render_to_string("worklist/today_panel.html", {"counts": counts}, request=context["request"])


@register.simple_tag(takes_context=True)
def worklist_chart_panel(context: Any, client: Any) -> str:
    user = _reader(context)
    if user is None:
        return ""
    items = selectors.list_client_items(user=user, client=client, now=clock.now())
    if not items:
        return ""
    return render_to_string(
        "worklist/chart_panel.html", {"items": items, "client": client}, request=context["request"]
    )
