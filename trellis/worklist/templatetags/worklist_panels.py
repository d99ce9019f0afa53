"""Worklist panels on shared pages: a count and link on Today, the client's own missing items on the chart.

Both are kept rendered per reader (worklist.kept). The Today panel names no client (counts only), so it
writes no view event; the chart page has already checked access to the client and audited the view.
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from trellis.worklist import kept

register = template.Library()


@register.simple_tag(takes_context=True)
def worklist_today_panel(context: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return mark_safe("")
    return mark_safe(kept.today_panel_html(request))


@register.simple_tag(takes_context=True)
def worklist_chart_panel(context: Any, client: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return mark_safe("")
    return mark_safe(kept.chart_panel_html(request, client))
