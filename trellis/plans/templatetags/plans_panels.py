"""Panels this app adds to shared pages (Today, the client chart), each reading its own data.

Each tag runs a fixed number of queries and returns "" when it has nothing to show. The page that includes
a panel has already checked access to the client and written the audit event for it.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.plans import selectors
from trellis.plans.models import Goal
from trellis.privacy import audit

register = template.Library()
TODAY_LIMIT = 10


def _clinical_user(context: Any) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated and user.can(Capability.VIEW_CLINICAL) else None


@register.simple_tag(takes_context=True)
def plans_today_panel(context: Any) -> str:
    """Reviews overdue or due soon and unsigned plans; the names shown are audited here (Today does not know them)."""
    user = _clinical_user(context)
    if user is None:
        return ""
    alerts = selectors.list_plan_alerts(user=user, limit=TODAY_LIMIT)
    if not alerts.due and not alerts.unsigned and not alerts.missing:
        return ""
    shown = selectors.alert_client_ids(alerts)
    audit.record_views(actor=user, client_ids=shown, detail="today: treatment plans")
    return render_to_string("plans/today_panel.html", {"alerts": alerts}, request=context["request"])


@register.simple_tag(takes_context=True)
def plans_chart_panel(context: Any, client: Any) -> str:
    user = _clinical_user(context)
    if user is None:
        return ""
    plan = selectors.get_current_plan(user=user, client=client)
    due = goals = None
    if plan is not None:
        interval = selectors.intervals_for(program_ids=[plan.episode.program_id])[plan.episode.program_id]
        due = selectors.due_of(plan, interval)
        goals = list(Goal.objects.filter(problem__plan=plan).order_by("problem__position", "position")[:5])
    context_data = {"plan": plan, "due": due, "goals": goals, "client": client}
    return render_to_string("plans/chart_panel.html", context_data, request=context["request"])
