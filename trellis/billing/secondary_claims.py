"""Secondary claims: once the primary payer has paid, the next payer is billed for what it left, with the
primary's decision attached.

Sources: ASC X12 837P 005010X222A1 and 837I 005010X223A2. On the claim to the secondary payer, loop 2000B SBR01
is "S" (the payer this claim goes to is secondary); loop 2320 names the primary (SBR01 "P") with its claim-level
adjustments (CAS) and what it paid (AMT*D), loops 2330A/2330B its subscriber and the payer itself, and each
service line carries the primary's line decision in loop 2430 (SVD, CAS, DTP*573). The guides' coordination of
benefits balancing: on each line, the line charge (SV102/SV203) equals the prior payer's paid amount (SVD02)
plus the line's adjustments (2430 CAS); on the claim, the claim charge (CLM02) equals the prior payer's paid
amount (2320 AMT*D) plus every claim-level and line-level adjustment. A claim whose 835 decision does not balance
against what we billed is not prepared (`unbalanced`): the secondary payer's front end would reject it, and the
biller has to look at the primary's remittance first.

Design. A charge belongs to one claim (Charge.claim), its primary's. The secondary claim is its own Claim row
(its payer, coverage, control number, status and its own 835 later) pointing at the primary through
`Claim.primary_claim`, and its service lines are the primary's charges, read through that link (`lines_of`).
This needs no copy of the lines and no through model: the secondary bills exactly what the primary billed, and a
correction of the primary's charges is a correction of both. The 837 writers get the primary's decision
from the primary claim's latest imported adjudication (`ledger.prior_adjudication`).

When: a primary claim (its coverage first in the order of benefits, no primary_claim of its own) that the
primary paid (status paid after the 835), whose client has a secondary coverage with another payer in force on
the claim's first service date, and which still has something left to bill (the patient's share, or a remainder
no adjustment explains). Never twice for one primary claim; never after a full denial (the denial queue's
work), never when the primary's decision wrote everything off.
"""

import dataclasses
import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from trellis.billing import claims_x12, scope
from trellis.billing.choices import ClaimStatus, ClaimType, CoverageOrder, PayerKind
from trellis.billing.ledger import prior_adjudication
from trellis.billing.models import (
    BillingProfile,
    Charge,
    Claim,
    ClaimAdjudication,
    Coverage,
)
from trellis.billing.rules.claim_payments import DENIED
from trellis.billing.x12 import claims as x12
from trellis.billing.x12.claims import ClaimT
from trellis.privacy import audit
from trellis.programs.models import Organization

ZERO = Decimal(0)
REVERSAL = "22"  # CLP02 22: a reversal of an earlier payment, never the decision a secondary claim carries
CORRECTIONS = ("7", "8")  # a replacement or void of the primary is not what the secondary payer receives
RESPONSIBILITY = {
    CoverageOrder.PRIMARY: x12.PayerResponsibility.PRIMARY,
    CoverageOrder.SECONDARY: x12.PayerResponsibility.SECONDARY,
    CoverageOrder.TERTIARY: x12.PayerResponsibility.TERTIARY,
}
LINE_ORDER = ("service_date", "code")  # the order the primary's lines were billed in, and so answered in


@dataclass(frozen=True)
class SecondaryClaims:
    made: list[Claim] = field(default_factory=list)
    unbalanced: int = 0  # primaries left alone: their 835 decision does not add up to what was billed


def lines_of(claim: Claim) -> list[Charge]:
    """A claim's service lines: its own charges, or for a secondary claim the primary's (prefetch both)."""
    source = claim.primary_claim or claim
    return list(source.charges.all())


def latest_decision(adjudications: list[ClaimAdjudication]) -> ClaimAdjudication | None:
    """The payer's standing decision on a claim: the last one imported that is not a reversal."""
    standing = [a for a in adjudications if a.status_code != REVERSAL]
    return max(standing, key=lambda a: (a.paid_on, a.created_at), default=None)


def _adjustments(adjudication: ClaimAdjudication) -> list[Any]:
    return list(adjudication.adjustments.all())


def fully_denied(adjudication: ClaimAdjudication) -> bool:
    """Denied as a claim (CLP02 4), every line denied, or nothing paid and nothing left to the client."""
    lines = list(adjudication.lines.all())
    if adjudication.status_code == DENIED or (lines and all(line.denied for line in lines)):
        return True
    return adjudication.paid == 0 and adjudication.patient_responsibility == 0


def left_to_bill(adjudication: ClaimAdjudication) -> Decimal:
    """What the primary neither paid nor wrote off (CO, OA, PI, CR): the client's share and any remainder."""
    return adjudication.charge - adjudication.paid - adjudication.written_off


def balances(adjudication: ClaimAdjudication, charges: list[Charge], total: Decimal) -> bool:
    """The COB balancing rule over what we billed: the claim charge = paid + every adjustment, and each answered
    line's charge = its paid + its adjustments, the line's charge being the one we billed."""
    adjustments = _adjustments(adjudication)
    if total != adjudication.charge or total != adjudication.paid + sum(
        (a.amount for a in adjustments), ZERO
    ):
        return False
    billed = sorted(c.amount for c in charges)
    answered = list(adjudication.lines.all())
    for line in answered:
        own = sum((a.amount for a in adjustments if a.line_id == line.pk), ZERO)
        if line.charge != line.paid + own:
            return False
    return not answered or sorted(line.charge for line in answered) == billed


def _control_number() -> str:
    return "TR" + uuid.uuid4().hex[:14].upper()  # CLM01 holds up to 20 characters, like claims.prepare_claims


def _secondary_coverages(client_ids: set[Any], organization_id: Any) -> dict[Any, list[Coverage]]:
    rows = Coverage.objects.filter(
        client_id__in=client_ids, order=CoverageOrder.SECONDARY, payer__organization_id=organization_id
    ).exclude(payer__kind=PayerKind.SELF_PAY)
    by_client: dict[Any, list[Coverage]] = defaultdict(list)
    for coverage in rows.select_related("payer").order_by("-starts_on"):
        by_client[coverage.client_id].append(coverage)
    return by_client


def _secondary_for(primary: Claim, coverages: list[Coverage]) -> Coverage | None:
    return next(
        (c for c in coverages if c.covers(primary.statement_from) and c.payer_id != primary.payer_id), None
    )


def _paid_primaries(organization_id: Any, first: dt.date, last: dt.date) -> list[Claim]:
    """The period's paid primary claims without a secondary claim yet, locked so two runs cannot both draft one."""
    already = Claim.objects.filter(primary_claim__isnull=False).values("primary_claim_id")
    return list(
        Claim.objects.select_for_update(of=("self",))
        .filter(
            organization_id=organization_id,
            primary_claim__isnull=True,
            coverage__order=CoverageOrder.PRIMARY,
            status=ClaimStatus.PAID,
            statement_from__gte=first,
            statement_through__lte=last,
        )
        .exclude(pk__in=already)
        .prefetch_related(
            Prefetch("charges", queryset=Charge.objects.order_by(*LINE_ORDER)),
            Prefetch(
                "adjudications",
                queryset=ClaimAdjudication.objects.prefetch_related("lines", "adjustments"),
            ),
        )
        .order_by("statement_from", "control_number")
    )


def _draft(primary: Claim, coverage: Coverage) -> Claim:
    """The secondary claim: the primary's period and total, to the secondary payer in the form it takes."""
    claim_type = coverage.payer.claim_type
    same_form = claim_type == primary.claim_type and primary.frequency not in CORRECTIONS
    institutional = claim_type == ClaimType.INSTITUTIONAL
    return Claim(
        organization_id=primary.organization_id, client_id=primary.client_id, payer_id=coverage.payer_id,
        coverage=coverage, claim_type=claim_type, control_number=_control_number(),
        statement_from=primary.statement_from, statement_through=primary.statement_through,
        frequency=primary.frequency if same_form else "1",
        patient_status=primary.patient_status if same_form else ("01" if institutional else ""),
        total=primary.total, primary_claim=primary,
    )  # fmt: skip


@transaction.atomic
def prepare_secondary_claims(
    *, first: dt.date, last: dt.date, organization: Organization | None = None, actor: Any = None
) -> SecondaryClaims:
    """Draft a secondary claim for each of the organization's paid primary claims of the period that the
    client's secondary coverage should now see; each audited. Exported with the period's other drafts."""
    organization_id = scope.organization_id_for(organization=organization, actor=actor)
    primaries = _paid_primaries(organization_id, first, last)
    coverages = _secondary_coverages({c.client_id for c in primaries}, organization_id)
    made: list[Claim] = []
    unbalanced = 0
    for primary in primaries:
        coverage = _secondary_for(primary, coverages.get(primary.client_id, []))
        decision = latest_decision(list(primary.adjudications.all()))
        if coverage is None or decision is None or fully_denied(decision) or left_to_bill(decision) <= 0:
            continue
        if not balances(decision, list(primary.charges.all()), primary.total):
            unbalanced += 1
            continue
        made.append(_draft(primary, coverage))
    Claim.objects.bulk_create(made, batch_size=500)
    audit.record_changes(
        actor=actor, system_job="secondary claim preparation", action=audit.Action.CREATE,
        changes=[(claim.client_id, claim, "secondary claim drafted") for claim in made],
    )  # fmt: skip
    return SecondaryClaims(made=made, unbalanced=unbalanced)


# What claims.export_claims prefetches on its drafts so a secondary claim's lines and the primary's decision
# are read in a fixed number of queries.
DRAFT_PREFETCHES = (
    Prefetch(
        "primary_claim__charges",
        queryset=Charge.objects.select_related("authorization", "program").order_by(*LINE_ORDER),
    ),
    Prefetch(
        "primary_claim__adjudications",
        queryset=ClaimAdjudication.objects.select_related("payer").prefetch_related("lines", "adjustments"),
    ),
)
DRAFT_RELATED = ("primary_claim__coverage__payer", "primary_claim__payer")


def with_prior_payer(claim: Claim, written: ClaimT, profile: BillingProfile) -> ClaimT:
    """A secondary claim as the 837 writers want it: its own subscriber marked secondary (SBR01 S), and the
    primary with its decision in 2320/2330A/2330B (2430 follows from the decision's lines). A primary claim
    is returned as it is."""
    primary = claim.primary_claim
    if primary is None:
        return written
    decision = latest_decision(list(primary.adjudications.all()))
    if decision is None:  # prepared only after a decision; a reversal since leaves nothing to carry
        raise ValueError(
            f"Claim {claim.control_number}: the primary claim has no standing decision to carry."
        )
    responsibility = RESPONSIBILITY.get(
        CoverageOrder(claim.coverage.order), x12.PayerResponsibility.SECONDARY
    )
    subscriber = dataclasses.replace(written.subscriber, responsibility=responsibility)
    prior_subscriber, _ = claims_x12.subscriber_and_patient(
        claim.client, primary.coverage, profile, claim.claim_type
    )
    other = x12.OtherCoverage(
        payer=claims_x12.x12_payer(primary.payer),
        subscriber=dataclasses.replace(prior_subscriber, responsibility=x12.PayerResponsibility.PRIMARY),
        relationship=x12.Relationship(primary.coverage.relationship),
        adjudication=prior_adjudication(adjudication=decision),
    )
    return dataclasses.replace(written, subscriber=subscriber, other_coverages=(other,))
