"""The held charges as a file: every charge waiting in the biller's queue, one row per charge with all of its
reasons in words, for the biller's own follow-up lists."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.billing import selectors
from trellis.billing.choices import HOLD_LABELS, ChargeStatus
from trellis.core import clock
from trellis.core.csv_export import csv_download


@requires(Capability.MANAGE_BILLING)
def held_charges_csv_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    held = list(
        selectors.queue_charges(user)
        .filter(status=ChargeStatus.HELD)
        .order_by("service_date", "client_id", "pk")
    )
    rows = [
        (
            charge.service_date.isoformat(),
            charge.client.display_name,
            charge.client.chart_number,
            charge.payer.name if charge.payer else "Self-pay",
            charge.code,
            charge.units,
            f"{charge.amount:.2f}",
            "; ".join(str(HOLD_LABELS.get(reason, reason)) for reason in charge.hold_reasons),
        )
        for charge in held
    ]
    return csv_download(
        filename=f"held-charges-{clock.now():%Y-%m-%d}.csv",
        header=("Service date", "Client", "Chart number", "Payer", "Code", "Units", "Amount", "Held because"),
        rows=rows,
        actor=user,
        client_ids=[charge.client_id for charge in held],
        what="held charges",
    )
