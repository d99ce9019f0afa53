"""The privacy officer's panel on Today: emergency disclosures (42 CFR 2.51) nobody has reviewed yet.

Two queries at most, and "" for everyone else or when there is nothing to review.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.privacy import audit, emergency

register = template.Library()

TODAY_LIMIT = 20


@register.simple_tag(takes_context=True)
def emergency_today_panel(context: dict[str, Any]) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.MANAGE_PRIVACY):
        return ""
    waiting = list(emergency.unreviewed(organization_id=user.organization_id)[:TODAY_LIMIT])
    if not waiting:
        return ""
    audit.record_views(
        actor=user, client_ids=[e.client_id for e in waiting], detail="today: emergency disclosures"
    )
    return render_to_string(
        "privacy/today_emergencies.html", {"emergencies": waiting, "limit": TODAY_LIMIT}, request=request
    )
