"""Panels this app adds to shared pages (Today, the client chart), each reading its own data.

Each tag runs a fixed number of queries and returns "" when it has nothing to show. The page that includes
a panel has already checked access to the client and written the audit event for it.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.programs.models import Site
from trellis.scheduling import calendars, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def scheduling_today_panel(context: dict[str, Any]) -> str:
    """For those who publish schedules: proposals ready for review at their sites."""
    request = context["request"]
    if not request.user.can(Capability.PUBLISH_SCHEDULE):
        return ""
    proposals = selectors.list_ready_proposals(user=request.user)
    sites = Site.objects.filter(pk__in=request.user.site_ids())
    context_data = {"proposals": proposals, "sites": sites}
    return render_to_string("scheduling/panels/today.html", context_data, request=request)


@register.simple_tag(takes_context=True)
def scheduling_chart_panel(context: dict[str, Any], client: Any) -> str:
    """The client's published week at a glance (one query)."""
    request = context["request"]
    monday = clock.week_start(clock.today_in(client.site.timezone))
    week = calendars.get_client_week(client=client, monday=monday)
    context_data = {"week": week, "client": client}
    return render_to_string("scheduling/panels/chart.html", context_data, request=request)
