"""Prescribers' orders, and where a medication on the list comes from (issue 12, item 10).

A nurse records a medication only against a prescriber's order or as reported by the client: she never
names a prescriber on her own. A prescriber who records one under their own name writes their order.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import plausible_dates
from trellis.core.errors import reject
from trellis.medications.choices import MedicationSource, OrderStatus
from trellis.medications.models import MedicationOrder
from trellis.medications.regimen import Regimen, check_regimen
from trellis.privacy import audit

NAMED_WITHOUT_ORDER = (
    "A prescriber on staff is named only through their order: choose one of the client's active orders, "
    "or record the medication as reported by the client."
)


def may_order_for(user: Any, client: Client) -> bool:
    """A prescriber working at the client's site, in the client's organization and programs."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.ORDER_MEDICATIONS):
        return False
    return bool(Client.objects.visible_to(user).filter(pk=client.pk).exists())


def active_orders(client: Client) -> Any:
    return MedicationOrder.objects.filter(client=client, status=OrderStatus.ACTIVE).select_related(
        "ordered_by"
    )


@transaction.atomic
def create_order(
    *, client: Client, name: str, regimen: Regimen, ordered_by: Any, ordered_on: dt.date | None = None
) -> MedicationOrder:
    if not may_order_for(ordered_by, client):
        reject("ordered_by", "Only a prescriber at the client's site can order a medication.")
    if not name.strip():
        reject("name", "Give the drug's name.")
    regimen = check_regimen(regimen)
    today = plausible_dates.today_at(client.site.timezone)
    ordered_on = ordered_on or today
    plausible_dates.check_not_in_future(
        field="ordered_on",
        day=ordered_on,
        today=today,
        what="order date",
        earliest=max(client.date_of_birth or plausible_dates.EARLIEST, plausible_dates.EARLIEST),
    )
    order = MedicationOrder.objects.create(
        client=client,
        name=name.strip(),
        dose=regimen.dose,
        route=regimen.route,
        frequency=regimen.frequency,
        ordered_by=ordered_by,
        ordered_on=ordered_on,
    )
    audit.record(
        actor=ordered_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=order,
        detail="medication ordered",
    )
    return order


@dataclass(frozen=True)
class Source:
    """Where a medication comes from: an existing order, the recording prescriber's own, or the client."""

    kind: str
    order: MedicationOrder | None = None
    own_order: bool = False


def _locked_active_order(order: MedicationOrder, client: Client) -> MedicationOrder:
    locked: MedicationOrder = (
        MedicationOrder.objects.select_for_update().select_related("ordered_by").get(pk=order.pk)
    )
    if locked.client_id != client.pk:
        reject("order", "This order is for another client.")
    if locked.status != OrderStatus.ACTIVE:
        reject("order", "This order has been discontinued: choose an active order.")
    return locked


def resolve_source(
    *, client: Client, source: str, order: MedicationOrder | None, prescriber: Any, recorded_by: Any
) -> Source:
    """Refuse a prescriber named without their order; an order must be the client's and still active."""
    if source == MedicationSource.CLIENT_REPORTED:
        if order is not None or prescriber is not None:
            reject("prescriber", NAMED_WITHOUT_ORDER)
        return Source(kind=source)
    if source != MedicationSource.ORDER:
        reject("source", "Choose whether the medication is against an order or reported by the client.")
    if order is not None:
        locked = _locked_active_order(order, client)
        if prescriber is not None and prescriber.pk != locked.ordered_by_id:
            reject("prescriber", "The prescriber comes from the order: this order is another prescriber's.")
        return Source(kind=source, order=locked)
    own = prescriber is None or prescriber.pk == recorded_by.pk
    if own and may_order_for(recorded_by, client):
        return Source(kind=source, own_order=True)
    if prescriber is not None:
        reject("prescriber", NAMED_WITHOUT_ORDER)
    reject("order", "Choose the prescriber's active order this medication is given against.")
