"""Billing panels on shared pages: the biller's alerts on Today, the client's coverage on the chart.

Each tag runs a fixed number of queries and returns "" for roles that do not work on billing. Prescribers
(CERTIFY_IOP) see the Medicare certifications that are due, to sign them.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.billing import reports, selectors
from trellis.billing.models import Coverage
from trellis.core import clock
from trellis.privacy import audit

register = template.Library()

TODAY_LIMIT = 10


def _user(context: dict[str, Any]) -> Any:
    user = getattr(context.get("request"), "user", None)
    return user if user is not None and user.is_authenticated else None


@register.simple_tag(takes_context=True)
def billing_today_panel(context: dict[str, Any]) -> str:
    user = _user(context)
    if user is None or not (user.can(Capability.MANAGE_BILLING) or user.can(Capability.CERTIFY_IOP)):
        return ""
    today = clock.now().date()
    biller = user.can(Capability.MANAGE_BILLING)
    at_risk = selectors.list_authorizations_at_risk(user=user, today=today)[:TODAY_LIMIT] if biller else []
    held = reports.held_by_reason(user=user) if biller else []
    certifications = selectors.list_certifications_due(user=user, today=today)[:TODAY_LIMIT]
    if not (at_risk or held or certifications):
        return ""
    shown = [line.authorization.coverage.client_id for line in at_risk] + [
        c.client.pk for c in certifications
    ]
    audit.record_views(actor=user, client_ids=shown, detail="today: billing alerts")
    return render_to_string(
        "billing/today_panel.html",
        {
            "at_risk": at_risk,
            "held": held,
            "certifications": certifications,
            "biller": biller,
            "can_certify": user.can(Capability.CERTIFY_IOP),
        },
        request=context.get("request"),
    )


@register.simple_tag(takes_context=True)
def billing_chart_panel(context: dict[str, Any], client: Any) -> str:
    user = _user(context)
    if user is None or not user.can(Capability.MANAGE_BILLING):
        return ""
    today = clock.today_in(client.site.timezone)
    coverages = list(Coverage.objects.filter(client=client).select_related("payer").order_by("order"))
    authorizations = [
        line
        for line in selectors.list_client_authorizations(client=client, user=user, today=today)
        if line.authorization.ends_on >= today
    ]
    return render_to_string(
        "billing/chart_panel.html",
        {"client": client, "coverages": coverages, "authorizations": authorizations},
        request=context.get("request"),
    )
