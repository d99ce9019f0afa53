"""The accounts-receivable aging panel of the billing reports page: one query, whatever the number of claims.

A tag rather than a line in the reports view, so the report lives with the ledger and the view stays as it is.
"""

from decimal import Decimal
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from trellis.accounts.roles import Capability
from trellis.billing import reports
from trellis.core import clock

register = template.Library()


@register.simple_tag(takes_context=True)
def ar_aging_panel(context: dict[str, Any]) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.MANAGE_BILLING):
        return ""
    rows = reports.receivables_by_payer(user=user, today=timezone.localdate(clock.now()))
    totals = [sum((row.amounts[n] for row in rows), Decimal(0)) for n in range(len(reports.AGING_BANDS))]
    return render_to_string(
        "billing/_ar_aging.html",
        {"rows": rows, "bands": [label for label, _ in reports.AGING_BANDS], "totals": totals},
        request=request,
    )
