"""Length of stay, completion rate and TEDS discharge reasons of the episodes discharged in the range.

Grouped in SQL by (admitted, discharged) date pair, so the rows read grow with the days of the range, not with
the number of clients in the network.
"""

import statistics
from dataclasses import dataclass

from django.db.models import Count

from trellis.episodes.choices import DischargeReason
from trellis.episodes.models import Episode
from trellis.outcomes.scope import Scope


@dataclass(frozen=True)
class ReasonCount:
    reason: DischargeReason
    count: int


@dataclass(frozen=True)
class Discharges:
    total: int
    completed: int
    median_stay_days: float | None
    mean_stay_days: float | None
    reasons: list[ReasonCount]  # every TEDS reason, zero counts included, in TEDS order

    @property
    def completion_rate(self) -> float | None:
        """Share discharged as "treatment completed" (TEDS-D reason 1), of all discharges."""
        return self.completed / self.total if self.total else None


def get_discharges(scope: Scope) -> Discharges:
    """2 queries: reasons, and stays grouped by date pair."""
    discharged = Episode.objects.filter(scope.episodes()).filter(
        discharged_on__gte=scope.first, discharged_on__lte=scope.last
    )
    by_reason = dict(
        discharged.values_list("discharge_reason")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("discharge_reason", "n")
    )
    stays: list[int] = []
    for admitted, left, n in (
        discharged.values("admitted_on", "discharged_on")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("admitted_on", "discharged_on", "n")
    ):
        stays.extend([(left - admitted).days] * n)
    return Discharges(
        total=sum(by_reason.values()),
        completed=by_reason.get(DischargeReason.COMPLETED, 0),
        median_stay_days=statistics.median(stays) if stays else None,
        mean_stay_days=round(statistics.fmean(stays), 1) if stays else None,
        reasons=[ReasonCount(reason, by_reason.get(reason.value, 0)) for reason in DischargeReason],
    )
