"""Alumni figures: the 30/60/90-day follow-ups due and answered, what the answered BAMs say about use, and how
many alumni were passed back to admissions (issue 13). Aggregates only, counted in the database; three queries
whatever the range or the number of discharges."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from trellis.alumni import rules
from trellis.alumni.models import FollowUp, Reconnect
from trellis.episodes.choices import DischargeReason
from trellis.episodes.models import Episode
from trellis.outcomes.scope import Scope


@dataclass(frozen=True)
class MilestoneFigures:
    milestone: int
    due: int  # follow-ups whose day falls in the range and whose window has opened
    completed: int
    abstinent: int  # of the completed: no day of alcohol or drug use on the BAM (items 4-6)
    reporting_use: int

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.due if self.due else None

    @property
    def abstinent_rate(self) -> float | None:
        return self.abstinent / self.completed if self.completed else None


@dataclass(frozen=True)
class AlumniFigures:
    milestones: list[MilestoneFigures]
    reconnects_asked: int  # alumni who asked to talk about coming back
    reconnects_follow_up: int  # follow-ups whose answers called for a call back


def _discharged_between(scope: Scope, milestone: int) -> tuple[dt.date, dt.date]:
    """Discharge days whose follow-up at `milestone` falls in the range and whose window opened by today
    (rules.window: due `milestone` days after discharge, open WINDOW_DAYS before)."""
    days = dt.timedelta(days=milestone)
    opened_by = scope.today - days + dt.timedelta(days=rules.WINDOW_DAYS)
    return scope.first - days, min(scope.last - days, opened_by)


def _due_filter(scope: Scope, prefix: str = "") -> dict[int, Q]:
    """Per milestone, the episodes whose follow-up is due in the range: a date filter the database applies, so
    a network's thousands of discharges are counted there, not listed."""
    return {
        milestone: Q(**{f"{prefix}discharged_on__range": _discharged_between(scope, milestone)})
        for milestone in rules.MILESTONES
    }


def get_alumni_figures(scope: Scope) -> AlumniFigures:
    episodes = Episode.objects.filter(scope.episodes()).exclude(discharge_reason=DischargeReason.DEATH)
    due = episodes.aggregate(**{str(m): Count("pk", filter=q) for m, q in _due_filter(scope).items()})
    answered_due = Q()
    for milestone, q in _due_filter(scope, "episode__").items():
        answered_due |= Q(milestone=milestone) & q
    answered = (
        FollowUp.objects.filter(completed_at__isnull=False, episode__in=episodes)
        .filter(answered_due)
        .values_list("milestone", "response__answers")
    )
    done: dict[int, list[bool]] = {milestone: [] for milestone in rules.MILESTONES}
    for milestone, answers in answered:
        done[milestone].append(rules.reports_use(list(answers or [])))
    in_scope = Episode.objects.filter(scope.episodes(), client=OuterRef("client"))
    reconnects = dict.fromkeys(Reconnect.Reason.values, 0)
    for reason in Reconnect.objects.filter(
        Exists(in_scope),
        client__organization_id=scope.organization_id,
        requested_at__date__gte=scope.first,
        requested_at__date__lte=scope.last,
    ).values_list("reason", flat=True):
        reconnects[reason] += 1
    return AlumniFigures(
        milestones=[
            MilestoneFigures(
                milestone=milestone,
                due=due[str(milestone)],
                completed=len(done[milestone]),
                abstinent=done[milestone].count(False),
                reporting_use=done[milestone].count(True),
            )
            for milestone in rules.MILESTONES
        ],
        reconnects_asked=reconnects[Reconnect.Reason.ASKED],
        reconnects_follow_up=reconnects[Reconnect.Reason.FOLLOW_UP],
    )
