"""Recording a court order under 42 CFR 2.64; the gate then allows use in proceedings within its terms."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.privacy.consent_models import CourtOrder
from trellis.privacy.part2 import InfoKind


@dataclass(frozen=True)
class OrderTerms:
    court_name: str
    order_reference: str
    issued_on: dt.date
    judge_name: str
    recipient_name: str
    information: tuple[str, ...]
    scope: str
    expires_on: dt.date | None = None


def _check(terms: OrderTerms, today: dt.date) -> None:
    for field, value, what in (
        ("court_name", terms.court_name, "Name the court."),
        ("order_reference", terms.order_reference, "Give the docket or case number."),
        ("recipient_name", terms.recipient_name, "Name who the order allows to receive the records."),
        ("scope", terms.scope, "Copy what the order authorizes, in its own words."),
    ):
        if not value.strip():
            reject(field, what)
    if not terms.information or not set(terms.information) <= set(InfoKind.values):
        reject("information", "Choose the kinds of record the order covers.")
    plausible_dates.check_not_in_future(
        field="issued_on", day=terms.issued_on, today=today, what="issue date"
    )
    if terms.expires_on is not None and terms.expires_on < terms.issued_on:
        reject("expires_on", "The order cannot expire before it was issued.")


def record_court_order(*, client: Client, terms: OrderTerms, actor: Any) -> CourtOrder:
    _check(terms, clock.today_in(client.site.timezone))
    with transaction.atomic():
        order = CourtOrder.objects.create(
            organization_id=client.organization_id,
            client=client,
            court_name=terms.court_name.strip(),
            order_reference=terms.order_reference.strip(),
            issued_on=terms.issued_on,
            judge_name=terms.judge_name.strip(),
            recipient_name=terms.recipient_name.strip(),
            information=sorted(set(terms.information)),
            scope=terms.scope.strip(),
            expires_on=terms.expires_on,
            recorded_by=actor,
        )
        audit.record(
            actor=actor, action=audit.Action.CREATE, client_id=client.pk, obj=order, detail="court order"
        )
    return order
