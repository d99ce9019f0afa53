"""Billing reports: charges by payer, program and week; held charges by reason; denials by reason; accounts
receivable by payer, aged from submission.

Each report is one aggregate query over the rows the user may see, whatever the number of charges.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from trellis.billing.choices import HOLD_LABELS, ChargeStatus, ClaimStatus, DenialReason
from trellis.billing.models import Charge, Claim


@dataclass(frozen=True)
class WeekRow:
    payer: str
    program: str
    monday: dt.date
    charges: int
    units: int
    amount: Decimal
    held: int


def charges_by_payer_program_week(*, user: Any, first: dt.date, last: dt.date) -> list[WeekRow]:
    rows = (
        Charge.objects.visible_to(user)
        .exclude(status=ChargeStatus.VOID)
        .filter(service_date__gte=first, service_date__lte=last)
        .annotate(monday=TruncWeek("service_date"))
        .values("payer__name", "program__name", "monday")
        .annotate(
            charges=Count("id"),
            units=Sum("units"),
            amount=Sum("amount"),
            held=Count("id", filter=Q(status=ChargeStatus.HELD)),
        )
        .order_by("-monday", "payer__name", "program__name")
    )
    return [
        WeekRow(
            payer=row["payer__name"] or "No coverage",
            program=row["program__name"],
            monday=row["monday"].date() if isinstance(row["monday"], dt.datetime) else row["monday"],
            charges=row["charges"],
            units=row["units"] or 0,
            amount=row["amount"] or Decimal(0),
            held=row["held"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int
    amount: Decimal


def held_by_reason(*, user: Any) -> list[CountRow]:
    counts: Counter[str] = Counter()
    amounts: dict[str, Decimal] = {}
    held = (
        Charge.objects.visible_to(user).filter(status=ChargeStatus.HELD).values_list("hold_reasons", "amount")
    )
    for reasons, amount in held:
        for reason in reasons:
            counts[reason] += 1
            amounts[reason] = amounts.get(reason, Decimal(0)) + amount
    return [CountRow(r, HOLD_LABELS.get(r, r), n, amounts[r]) for r, n in counts.most_common()]


def denials_by_reason(*, user: Any) -> list[CountRow]:
    labels = dict(DenialReason.choices)
    rows = (
        Claim.objects.visible_to(user)
        .filter(status=ClaimStatus.DENIED)
        .values("denial_reason")
        .annotate(count=Count("id"), amount=Sum("total"))
        .order_by("-count")
    )
    return [
        CountRow(
            r["denial_reason"], labels.get(r["denial_reason"], r["denial_reason"]), r["count"], r["amount"]
        )
        for r in rows
    ]


# Accounts-receivable aging bands, in days since the claim was submitted (the usual 30-day buckets).
AGING_BANDS: tuple[tuple[str, int | None], ...] = (
    ("0-30 days", 30),
    ("31-60 days", 60),
    ("61-90 days", 90),
    ("91-120 days", 120),
    ("Over 120 days", None),
)


def aging_band(days: int) -> int:
    """The index in AGING_BANDS of a claim submitted `days` ago; 30 is still in the first band, 31 the next."""
    for index, (_, last) in enumerate(AGING_BANDS):
        if last is None or days <= last:
            return index
    return len(AGING_BANDS) - 1


@dataclass(frozen=True)
class AgingRow:
    payer: str
    amounts: tuple[Decimal, ...]  # one per band
    claims: int

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, Decimal(0))


def receivables_by_payer(*, user: Any, today: dt.date) -> list[AgingRow]:
    """What payers still owe: submitted claims not yet decided, by payer and by days since submission. One
    query; the bands are counted here."""
    open_claims = (
        Claim.objects.visible_to(user)
        .filter(status=ClaimStatus.SUBMITTED, submitted_at__isnull=False)
        .values_list("payer__name", "submitted_at", "total")
    )
    amounts: dict[str, list[Decimal]] = {}
    counts: Counter[str] = Counter()
    for payer, submitted_at, total in open_claims:
        days = max((today - timezone.localdate(submitted_at)).days, 0)
        amounts.setdefault(payer, [Decimal(0)] * len(AGING_BANDS))[aging_band(days)] += total
        counts[payer] += 1
    return [AgingRow(payer, tuple(amounts[payer]), counts[payer]) for payer in sorted(amounts)]
