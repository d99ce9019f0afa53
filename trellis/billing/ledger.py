"""The client ledger: each payer decision kept in full (payments, adjustments by CAS group, the client's share by
deductible, coinsurance and co-payment), payments the client made, and what the client still owes.

Writes (`record_adjudication`, `record_patient_payment`) are atomic and audited; reads are aggregate queries, a
fixed number whatever the number of claims. Sources: X12 005010X221A1 (CLP, SVC, CAS, LQ, MOA), CAS group
codes (X12 code source 139) and CARC 1, 2, 3 (deductible, coinsurance, co-payment).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.billing.choices import ClaimStatus
from trellis.billing.models import (
    AdjudicatedLine,
    AdjustmentGroup,
    Claim,
    ClaimAdjudication,
    ClaimAdjustment,
    PatientPayment,
    Remittance,
)
from trellis.billing.models.ledger import COST_SHARING
from trellis.billing.rules.claim_payments import DENIED, PATIENT_RESPONSIBILITY
from trellis.billing.x12.remit835 import Adjustment, ClaimPayment, ServiceLine
from trellis.billing.x12.secondary import PriorAdjudication, PriorAdjustment, PriorLine
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.privacy import audit

ZERO = Decimal(0)
LARGEST_PAYMENT = Decimal("99999999.99")


def _denied_line(service: ServiceLine) -> bool:
    """Nothing paid on the line and a payer (not the client) carries some of it."""
    return service.paid == 0 and any(a.group != PATIENT_RESPONSIBILITY for a in service.adjustments)


def _patient_share(adjustments: tuple[Adjustment, ...]) -> Decimal:
    return sum((a.amount for a in adjustments if a.group == PATIENT_RESPONSIBILITY), ZERO)


def record_adjudication(*, claim: Claim, decision: ClaimPayment, remittance: Remittance) -> ClaimAdjudication:
    """Keep the payer's decision on a claim line by line; called inside the 835 import's transaction, whose
    audit event names the payment."""
    lines = decision.services
    denied_lines = [_denied_line(service) for service in lines]
    adjudication = ClaimAdjudication.objects.create(
        organization_id=claim.organization_id, remittance=remittance, claim=claim, client_id=claim.client_id,
        payer_id=claim.payer_id, status_code=decision.status_code, charge=decision.charge, paid=decision.paid,
        patient_responsibility=_patient_share(decision.all_adjustments()),
        payer_claim_number=decision.payer_claim_number[:50], remarks=list(decision.remarks),
        denied=decision.status_code == DENIED or any(denied_lines), paid_on=remittance.payment_date,
    )  # fmt: skip
    adjustments = [_adjustment(adjudication, None, a) for a in decision.adjustments]
    for position, (service, denied) in enumerate(zip(lines, denied_lines, strict=True), start=1):
        line = AdjudicatedLine.objects.create(
            adjudication=adjudication, position=position, code=service.code[:12],
            modifiers=":".join(service.modifiers)[:11], charge=service.charge, paid=service.paid,
            units=service.units, remarks=list(service.remarks), denied=denied,
        )  # fmt: skip
        adjustments += [_adjustment(adjudication, line, a) for a in service.adjustments]
    ClaimAdjustment.objects.bulk_create(adjustments)
    return adjudication


def _adjustment(
    adjudication: ClaimAdjudication, line: AdjudicatedLine | None, a: Adjustment
) -> ClaimAdjustment:
    group = a.group if a.group in AdjustmentGroup.values else AdjustmentGroup.OTHER
    return ClaimAdjustment(
        adjudication=adjudication, line=line, group=group, reason=a.reason[:5], amount=a.amount,
        quantity=a.quantity,
    )  # fmt: skip


@transaction.atomic
def record_patient_payment(
    *,
    client: Client,
    amount: Decimal,
    received_on: dt.date,
    method: str,
    reference: str = "",
    recorded_by: Any,
) -> PatientPayment:
    """A payment the client made toward their share, as the biller received it."""
    require(recorded_by, Capability.MANAGE_BILLING)
    if client.organization_id != recorded_by.organization_id:
        reject("client", "That client belongs to another organization.")
    if amount <= 0 or amount > LARGEST_PAYMENT:
        reject("amount", "Enter the amount received, more than $0.00.")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]  # a finite Decimal's exponent is an int
        reject("amount", "Enter the amount in dollars and cents.")
    if received_on > clock.today_in(client.site.timezone):
        reject("received_on", "A payment cannot be received in the future.")
    payment = PatientPayment.objects.create(
        organization_id=client.organization_id, client=client, amount=amount, received_on=received_on,
        method=method, reference=reference.strip()[:40], recorded_by=recorded_by,
    )  # fmt: skip
    audit.record(
        actor=recorded_by, action=audit.Action.CREATE, client_id=client.pk, obj=payment,
        detail="patient payment recorded",
    )  # fmt: skip
    return payment


@dataclass(frozen=True)
class ClientLedger:
    """What the client's care was billed and what became of it; `balance` is what the client still owes."""

    billed: Decimal
    awaiting_payer: Decimal  # billed on claims the payer has not decided yet
    payer_paid: Decimal
    written_off: Decimal  # CO, OA, PI and CR adjustments: never the client's to pay
    patient_responsibility: Decimal
    patient_paid: Decimal
    cost_sharing: tuple[tuple[str, Decimal], ...]  # ("Deductible", amount), ... with "Other" for other PR

    @property
    def balance(self) -> Decimal:
        return self.patient_responsibility - self.patient_paid


def _sum(queryset: Any, field: str, **filters: Any) -> Decimal:
    return queryset.aggregate(total=Sum(field, filter=Q(**filters) if filters else None))["total"] or ZERO


def get_client_ledger(*, client: Client) -> ClientLedger:
    """Four aggregate queries. The caller has already scoped `client` to the user."""
    # a secondary claim bills the primary's services again, to the next payer: counted once, on the primary
    billed = Claim.objects.filter(client=client, primary_claim__isnull=True).exclude(status=ClaimStatus.DRAFT)
    claims = billed.aggregate(
        billed=Sum("total"), awaiting=Sum("total", filter=Q(status=ClaimStatus.SUBMITTED))
    )  # fmt: skip
    paid = _sum(ClaimAdjudication.objects.filter(client=client), "paid")
    by_group = dict(
        ClaimAdjustment.objects.filter(adjudication__client=client)
        .values("group").annotate(total=Sum("amount")).values_list("group", "total")
    )  # fmt: skip
    shares = dict(
        ClaimAdjustment.objects.filter(adjudication__client=client, group=AdjustmentGroup.PATIENT)
        .values("reason").annotate(total=Sum("amount")).values_list("reason", "total")
    )  # fmt: skip
    patient = by_group.pop(AdjustmentGroup.PATIENT, ZERO)
    return ClientLedger(
        billed=claims["billed"] or ZERO, awaiting_payer=claims["awaiting"] or ZERO, payer_paid=paid,
        written_off=sum(by_group.values(), ZERO), patient_responsibility=patient,
        patient_paid=_sum(PatientPayment.objects.filter(client=client), "amount"),
        cost_sharing=_cost_sharing(shares),
    )  # fmt: skip


def _cost_sharing(shares: dict[str, Decimal]) -> tuple[tuple[str, Decimal], ...]:
    named = [(label, shares.pop(reason)) for reason, label in COST_SHARING.items() if reason in shares]
    other = sum(shares.values(), ZERO)
    return tuple(named + ([("Other patient responsibility", other)] if other else []))


def list_client_adjudications(*, client: Client) -> list[ClaimAdjudication]:
    """Each decided claim with its lines and adjustments: three queries."""
    return list(
        ClaimAdjudication.objects.filter(client=client)
        .select_related("claim", "payer", "remittance")
        .prefetch_related("lines", "adjustments")
        .order_by("claim__statement_from", "paid_on")
    )


def list_patient_payments(*, client: Client) -> list[PatientPayment]:
    return list(PatientPayment.objects.filter(client=client).order_by("received_on", "created_at"))


def prior_adjudication(*, adjudication: ClaimAdjudication) -> PriorAdjudication:
    """The primary's decision on a claim, as the secondary claim's 2320 and 2430 loops carry it. Reads the
    adjudication's lines and adjustments (prefetch them for many claims)."""
    adjustments = list(adjudication.adjustments.all())

    def prior(line: AdjudicatedLine | None) -> tuple[PriorAdjustment, ...]:
        return tuple(
            PriorAdjustment(a.group, a.reason, a.amount, a.quantity)
            for a in adjustments
            if a.line_id == (line.pk if line else None)
        )

    return PriorAdjudication(
        payer_id=adjudication.payer.payer_id, paid=adjudication.paid, paid_on=adjudication.paid_on,
        adjustments=prior(None),
        lines=tuple(
            PriorLine(
                procedure_code=line.code, paid=line.paid, units=line.units or Decimal(1),
                modifiers=tuple(m for m in line.modifiers.split(":") if m), adjustments=prior(line),
            )
            for line in adjudication.lines.all()
        ),
    )  # fmt: skip
