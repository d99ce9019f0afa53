"""The denial work queue: claims a payer denied, whole or in part, with what each code means.

A claim is on the queue when it was denied (by an 835 or by hand) or when an 835 denied one of its lines. Each
row names the Claim Adjustment Reason Codes (CARC) and Remark Codes (RARC) the payer gave, with their texts
(rules/adjustment_codes.py). A fixed number of queries whatever the number of claims.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q

from trellis.billing.choices import ClaimStatus
from trellis.billing.models import AdjustmentGroup, Claim, ClaimAdjudication
from trellis.billing.rules.adjustment_codes import carc_text, rarc_text

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class Code:
    code: str
    text: str


@dataclass(frozen=True)
class DenialRow:
    claim: Claim
    denied_amount: Decimal
    lines_denied: int
    reasons: tuple[Code, ...]  # CARC, payer adjustments first
    remarks: tuple[Code, ...]  # RARC


def list_denials(*, user: Any, payer_id: Any = None) -> list[DenialRow]:
    claims = (
        Claim.objects.visible_to(user)
        .filter(Q(status=ClaimStatus.DENIED) | Q(adjudications__denied=True))
        .distinct()
        .select_related("client", "payer")
        .prefetch_related(
            Prefetch(
                "adjudications",
                queryset=ClaimAdjudication.objects.prefetch_related("lines", "adjustments__line"),
            )
        )
        .order_by("-decided_at", "control_number")
    )
    if payer_id is not None:
        claims = claims.filter(payer_id=payer_id)
    return [_row(claim) for claim in claims[:QUEUE_LIMIT]]


def _row(claim: Claim) -> DenialRow:
    adjudications = list(claim.adjudications.all())
    if not adjudications:  # denied by hand: the reason the biller chose
        code = claim.denial_reason
        return DenialRow(claim, claim.total, 0, (Code(code, carc_text(code)),) if code != "other" else (), ())
    reasons: dict[str, Code] = {}
    remarks: dict[str, Code] = {}
    whole = claim.status == ClaimStatus.DENIED
    denied_amount, lines_denied = claim.total if whole else Decimal(0), 0
    for adjudication in adjudications:
        for adjustment in adjudication.adjustments.all():
            if adjustment.group != AdjustmentGroup.PATIENT and (whole or _on_denied_line(adjustment)):
                reasons.setdefault(adjustment.reason, Code(adjustment.reason, carc_text(adjustment.reason)))
        lines = list(adjudication.lines.all())
        codes = list(adjudication.remarks) + [c for line in lines if line.denied for c in line.remarks]
        remarks.update({c: Code(c, rarc_text(c)) for c in codes})
        lines_denied += sum(line.denied for line in lines)
        if not whole:
            denied_amount += sum((line.charge for line in lines if line.denied), Decimal(0))
    return DenialRow(claim, denied_amount, lines_denied, tuple(reasons.values()), tuple(remarks.values()))


def _on_denied_line(adjustment: Any) -> bool:
    """On a claim paid in part, a payer adjustment explains a denial when it sits on a denied line; a
    contractual write-off on a paid line does not."""
    return adjustment.line is not None and bool(adjustment.line.denied)
