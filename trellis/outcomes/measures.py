"""Measure change per episode: first against latest score of PHQ-9, GAD-7 and BAM, and the share that improved
reliably. Computed in SQL: each episode's first and latest score are subqueries, then summed in one aggregate.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from trellis.episodes.models import Episode
from trellis.measures.models import MeasureResponse
from trellis.outcomes.scope import Scope


@dataclass(frozen=True)
class Rule:
    """Which score of an instrument is followed, and the drop that counts as reliable improvement."""

    instrument: str
    label: str
    score: str  # "total", or the subscale key
    reliable_drop: int
    source: str


RULES = (
    # Reliable change of 6 points on the PHQ-9: McMillan D, Gilbody S, Richards D. J Affect Disord
    # 2010;127:122-129 (also used by NHS Talking Therapies); Löwe B et al. Med Care 2004;42:1194-1201.
    Rule("phq9", "PHQ-9", "total", 6, "McMillan et al. 2010; Löwe et al. 2004"),
    # Reliable change of 4 points on the GAD-7: NHS Talking Therapies manual (2023), after Spitzer et al. 2006.
    Rule("gad7", "GAD-7", "total", 4, "NHS Talking Therapies manual"),
    # The BAM has no total and no published reliable change index. We follow its use subscale (items 4-6, days
    # of drinking, heavy drinking and drug use, 0-12) and count a drop of 3 points, one day-band on each of
    # the three items, as improvement: a program setting to revisit when a published RCI exists.
    Rule("bam", "BAM (use)", "use", 3, "chosen for Trellis; no published RCI"),
)


@dataclass(frozen=True)
class MeasureChange:
    rule: Rule
    episodes: int  # episodes with two or more scores, the latest inside the range
    mean_first: float | None
    mean_latest: float | None
    improved: int  # dropped by at least the reliable change

    @property
    def improved_rate(self) -> float | None:
        return self.improved / self.episodes if self.episodes else None


def _responses(scope: Scope, rule: Rule) -> Any:
    """The episode's responses up to the end of the range: a later score is not yet known on that day."""
    return MeasureResponse.objects.filter(
        episode=OuterRef("pk"), instrument=rule.instrument, administered_at__date__lte=scope.last
    )


def _score(scope: Scope, rule: Rule, order: str) -> Subquery:
    responses = _responses(scope, rule).order_by(order, "pk" if order == "administered_at" else "-pk")
    if rule.score == "total":
        value = responses.filter(total__isnull=False).values("total")[:1]
    else:
        keyed = responses.annotate(value=Cast(KT(f"subscales__{rule.score}"), IntegerField()))
        value = keyed.filter(value__isnull=False).values("value")[:1]
    return Subquery(value, output_field=IntegerField())


def get_measure_change(scope: Scope, rule: Rule) -> MeasureChange:
    """One query: episodes scored two or more times by the end of the range, once or more inside it."""
    responses = _responses(scope, rule)
    episodes = (
        Episode.objects.filter(scope.episodes())
        .filter(Exists(responses.filter(administered_at__date__gte=scope.first)))
        .annotate(
            n=Subquery(responses.values("episode").annotate(c=Count("pk")).values("c")[:1]),
            first_score=_score(scope, rule, "administered_at"),
            latest_score=_score(scope, rule, "-administered_at"),
        )
        .filter(n__gte=2, first_score__isnull=False, latest_score__isnull=False)
    )
    figures = episodes.aggregate(
        episodes=Count("pk"),
        mean_first=Avg("first_score"),
        mean_latest=Avg("latest_score"),
        improved=Count("pk", filter=Q(latest_score__lte=F("first_score") - rule.reliable_drop)),
    )
    return MeasureChange(
        rule=rule,
        episodes=figures["episodes"],
        mean_first=_round(figures["mean_first"]),
        mean_latest=_round(figures["mean_latest"]),
        improved=figures["improved"],
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def list_measure_changes(scope: Scope) -> list[MeasureChange]:
    return [get_measure_change(scope, rule) for rule in RULES]
