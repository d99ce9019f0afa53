"""Census over time, admissions and discharges per week: counts in SQL, one query each."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from trellis.episodes.models import Episode
from trellis.outcomes.scope import Scope, weeks


@dataclass(frozen=True)
class WeekFlow:
    monday: dt.date
    census_on: dt.date  # the week's last day inside the range
    census: int  # clients in an episode of care that day
    admissions: int
    discharges: int


def _census_day(monday: dt.date, scope: Scope) -> dt.date:
    return min(monday + dt.timedelta(days=6), scope.last)


def _in_care_on(day: dt.date) -> Q:
    return Q(admitted_on__lte=day) & (Q(discharged_on__isnull=True) | Q(discharged_on__gt=day))


def list_week_flow(scope: Scope) -> list[WeekFlow]:
    """Per week of the range: census on its last day, admissions and discharges inside the range (3 queries)."""
    mondays = weeks(scope)
    # Only episodes in care on some census day of the range: a network's years of history need not be read.
    earliest = min(_census_day(m, scope) for m in mondays)
    episodes = Episode.objects.filter(scope.episodes()).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=earliest), admitted_on__lte=scope.last
    )
    census = episodes.aggregate(
        **{f"w{i}": Count("pk", filter=_in_care_on(_census_day(m, scope))) for i, m in enumerate(mondays)}
    )
    admitted = _per_week("admitted_on", scope)
    discharged = _per_week("discharged_on", scope)
    return [
        WeekFlow(
            monday=monday,
            census_on=_census_day(monday, scope),
            census=census[f"w{i}"],
            admissions=admitted[monday],
            discharges=discharged[monday],
        )
        for i, monday in enumerate(mondays)
    ]


def _per_week(field: str, scope: Scope) -> Counter[dt.date]:
    """Counts grouped by day in SQL (at most one row per day of the range), summed into weeks."""
    rows = (
        Episode.objects.filter(scope.episodes())
        .filter(**{f"{field}__gte": scope.first, f"{field}__lte": scope.last})
        .values(field)
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter[dt.date] = Counter()
    for row in rows:
        day: dt.date = row[field]
        counts[day - dt.timedelta(days=day.weekday())] += row["n"]
    return counts
