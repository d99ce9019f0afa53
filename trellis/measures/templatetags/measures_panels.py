"""Panels this app adds to shared pages (Today, the client chart), each reading its own data.

Each tag runs a fixed number of queries and returns "" when it has nothing to show. The page that includes
a panel has already checked access to the client and written the audit event for it; Today's urgent tasks
name clients the page itself does not list, so that panel writes its own view events.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.measures import safety, selectors
from trellis.measures.instrument_data import UnknownInstrumentError, get_instrument
from trellis.measures.schedule import DueState
from trellis.privacy import audit

register = template.Library()


def _clinical_user(context: Any) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.VIEW_CLINICAL):
        return None
    return user


@register.simple_tag(takes_context=True)
def measures_today_panel(context: Any) -> str:
    """Urgent safety tasks at the top of Today, in red, and how many scheduled measures are due."""
    user = _clinical_user(context)
    if user is None:
        return ""
    tasks = selectors.list_open_safety_tasks(user=user)
    due = selectors.list_due_measures(user=user, now=clock.now())
    audit.record_views(actor=user, client_ids=[t.client_id for t in tasks], detail="today safety tasks")
    panel = {
        "tasks": tasks,
        "notified": {notice.task_id for notice in safety.list_unread_notices(user=user)},
        "day": context.get("day"),
        "due_today": sum(1 for d in due if d.due.state is DueState.DUE),
        "overdue": sum(1 for d in due if d.due.state is DueState.OVERDUE),
    }
    return render_to_string("measures/today_panel.html", panel, request=context["request"])


@register.simple_tag(takes_context=True)
def measures_chart_panel(context: Any, client: Any) -> str:
    """The latest score of each instrument with its band, open safety tasks, and links to trends."""
    user = _clinical_user(context)
    if user is None:
        return ""
    panel = {
        "client": client,
        "latest": selectors.list_latest_scores(client=client),
        "tasks": selectors.list_open_client_safety_tasks(client=client),
        "day": clock.today_in(client.site.timezone),
    }
    return render_to_string("measures/chart_panel.html", panel, request=context["request"])


@register.filter
def instrument_name(code: str) -> str:
    try:
        return get_instrument(code).short_name
    except UnknownInstrumentError:
        return code
