"""Consent panels on shared pages: the client's consents on the chart, missing and expiring consents on Today.

Each tag runs a fixed number of queries and returns "" for users who see no client.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.privacy import audit, consent_selectors

register = template.Library()

TODAY_LIMIT = 15


def _user(context: dict[str, Any]) -> Any:
    user = getattr(context.get("request"), "user", None)
    return user if user is not None and user.is_authenticated else None


@register.simple_tag(takes_context=True)
def consents_chart_panel(context: dict[str, Any], client: Any) -> str:
    user = _user(context)
    if user is None or not user.can(Capability.VIEW_CLIENTS):
        return ""
    return render_to_string(
        "privacy/consents_chart_panel.html",
        {
            "client": client,
            "consents": consent_selectors.get_chart_consents(client=client),
            "can_manage": user.can(Capability.MANAGE_CONSENTS),
        },
        request=context.get("request"),
    )


@register.simple_tag(takes_context=True)
def consents_today_panel(context: dict[str, Any]) -> str:
    user = _user(context)
    if user is None or not user.can(Capability.VIEW_CLIENTS):
        return ""
    found = consent_selectors.list_today_consents(user=user, limit=TODAY_LIMIT)
    if not (found.missing or found.expiring):
        return ""
    shown = [c.pk for c in found.missing] + [line.consent.client_id for line in found.expiring]
    audit.record_views(actor=user, client_ids=shown, detail="today: consents")
    return render_to_string(
        "privacy/consents_today_panel.html", {"found": found}, request=context.get("request")
    )
