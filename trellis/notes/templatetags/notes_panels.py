"""Panels this app adds to shared pages (Today, the client chart), each reading its own data.

Each tag runs a fixed number of queries and returns "" when it has nothing to show. The page that includes
a panel has already checked access to the client and written the audit event for it; the Today panel names
clients of its own (individual notes to sign), so it records those views itself.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.core import clock, clock_marks
from trellis.notes import cosign, worklist
from trellis.privacy import audit

register = template.Library()


@register.simple_tag(takes_context=True)
def notes_today_panel(context: dict[str, Any]) -> str:
    request = context["request"]
    user = request.user
    if not user.can(Capability.VIEW_CLINICAL):
        return ""
    todo = worklist.list_notes_to_do(user=user, now=clock.now())
    clock_marks.changes_at(item.due for item in todo.unsigned if not item.overdue)  # each turns overdue then
    waiting = cosign.waiting_count(user)  # counts only: the queue page names the clients
    if not (todo.unsigned or todo.cosign or waiting):
        return ""
    audit.record_views(actor=user, client_ids=todo.client_ids(), detail="today: notes to sign")
    return render_to_string(
        "notes/today_panel_wrap.html",
        {"todo": todo, "waiting": waiting, "zone": context.get("zone") or worklist.zone_for(user)},
        request=request,
    )


@register.simple_tag(takes_context=True)
def notes_chart_panel(context: dict[str, Any], client: Any) -> str:
    request = context["request"]
    user = request.user
    if not user.can(Capability.VIEW_CLINICAL):
        return ""
    notes = worklist.list_client_notes(client=client, user=user)
    context_ = {
        "client": client,
        "notes": notes,
        "can_write": user.can(Capability.WRITE_NOTES),
        "can_prescribe": user.can(Capability.ORDER_MEDICATIONS),
    }
    return render_to_string("notes/chart_panel.html", context_, request=request)
