"""Rechecking held charges from the queue: what capture decides again, counted so the numbers add up.

Every held charge given ends released, still held or void, so held before = released + still held + void;
released charges of the same clients and days that the recheck holds again are counted apart. A charge whose
inputs did not change is not touched (capture writes only rows whose decision changed).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.billing.capture import recheck_held_charges
from trellis.billing.choices import ChargeStatus
from trellis.billing.models import Charge


@dataclass(frozen=True)
class RecheckCounts:
    """What a recheck did to the held charges it was given: every one is released, still held or void; and
    released charges of the same clients and days that it held again because what they rest on changed."""

    held_before: int
    released: int
    still_held: int
    voided: int
    held_again: int

    def words(self) -> str:
        parts = [f"{self.released} released", f"{self.still_held} still held"]
        if self.voided:
            parts.append(f"{self.voided} void (their attendance or note is gone)")
        text = f"Rechecked {self.held_before} held charge{'s' * (self.held_before != 1)}: {', '.join(parts)}."
        if self.held_again:
            text += (
                f" {_charges(self.held_again)} released before {'is' if self.held_again == 1 else 'are'} held "
                "again: a consent, coverage, authorization or note they rest on changed."
            )
        return text


def _charges(count: int) -> str:
    return f"{count} charge{'s' * (count != 1)}"


def _statuses(organization_id: Any, held: list[tuple[Any, Any, dt.date]]) -> dict[Any, str]:
    """Status of every charge a recheck of these held charges decides again: their clients' charges of the
    days from the first to the last of them."""
    if not held:
        return {}
    days = [day for _, _, day in held]
    rows = Charge.objects.filter(
        client__organization_id=organization_id, client_id__in={client for _, client, _ in held},
        service_date__gte=min(days), service_date__lte=max(days),
    ).values_list("pk", "status")  # fmt: skip
    return dict(rows)


@transaction.atomic
def recheck_charges(*, actor: Any, charge_ids: list[Any]) -> RecheckCounts:
    """Decide these held charges again (a note signed, an authorization or consent added since) and count
    what happened to them; a charge whose inputs did not change is left exactly as it was."""
    require(actor, Capability.MANAGE_BILLING)
    organization_id = actor.organization_id
    held = list(
        Charge.objects.filter(
            pk__in=charge_ids, status=ChargeStatus.HELD, client__organization_id=organization_id
        ).values_list("pk", "client_id", "service_date")
    )
    before = _statuses(organization_id, held)
    recheck_held_charges(actor=actor, charge_ids=[pk for pk, _, _ in held])
    after = dict(Charge.objects.filter(pk__in=list(before)).values_list("pk", "status"))
    mine = [after.get(pk) for pk, _, _ in held]
    return RecheckCounts(
        held_before=len(held),
        released=mine.count(ChargeStatus.RELEASED),
        still_held=mine.count(ChargeStatus.HELD),
        voided=mine.count(ChargeStatus.VOID),
        held_again=sum(
            1
            for pk, status in before.items()
            if status == ChargeStatus.RELEASED and after.get(pk) == ChargeStatus.HELD
        ),
    )
