"""What a client may expect to pay for a course of IOP, from their cost sharing. Pure; no Django.

An estimate, not a promise: the payer's allowed amount is taken as the program's fee, and cost sharing is
applied in the usual order: the remaining deductible first, then coinsurance and copays, capped by what is
left of the out-of-pocket maximum (an unknown maximum of 0 means no cap is applied).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostSharing:
    deductible_remaining: Decimal
    coinsurance_percent: int
    copay_per_day: Decimal
    out_of_pocket_remaining: Decimal | None  # None: no maximum known
    self_pay: bool = False


@dataclass(frozen=True)
class Estimate:
    days: int
    rate: Decimal
    total: Decimal
    deductible: Decimal
    coinsurance: Decimal
    copays: Decimal
    client_share: Decimal
    payer_share: Decimal
    capped: bool


def estimate_course(*, rate: Decimal, days: int, sharing: CostSharing) -> Estimate:
    total = (rate * days).quantize(CENT)
    if sharing.self_pay:
        return Estimate(
            days, rate, total, Decimal(0), Decimal(0), Decimal(0), total, Decimal(0), capped=False
        )
    deductible = min(max(sharing.deductible_remaining, Decimal(0)), total)
    coinsurance = ((total - deductible) * sharing.coinsurance_percent / 100).quantize(CENT, ROUND_HALF_UP)
    copays = (sharing.copay_per_day * days).quantize(CENT)
    share = deductible + coinsurance + copays
    capped = sharing.out_of_pocket_remaining is not None and share > sharing.out_of_pocket_remaining
    if capped and sharing.out_of_pocket_remaining is not None:
        share = max(sharing.out_of_pocket_remaining, Decimal(0))
    share = min(share, total)
    return Estimate(days, rate, total, deductible, coinsurance, copays, share, total - share, capped)
