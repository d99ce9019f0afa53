"""Alumni figures: the 30/60/90-day follow-ups due and answered, what the answered BAMs say about use, and how
many alumni were passed back to admissions (issue 13). Aggregates only; three queries whatever the range."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

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


def _due(scope: Scope) -> dict[int, set[object]]:
    """Episode ids by milestone whose follow-up day is in the range and whose window opened by today."""
    widest = dt.timedelta(days=rules.MILESTONES[-1])
    episodes = (
        Episode.objects.filter(scope.episodes())
        .filter(discharged_on__gte=scope.first - widest, discharged_on__lte=scope.last)
        .exclude(discharge_reason=DischargeReason.DEATH)
        .values_list("pk", "discharged_on")
    )
    due: dict[int, set[object]] = {milestone: set() for milestone in rules.MILESTONES}
    for pk, discharged_on in episodes:
        for milestone in rules.MILESTONES:
            window = rules.window(discharged_on=discharged_on, milestone=milestone)
            if scope.first <= window.due_on <= scope.last and window.opens_on <= scope.today:
                due[milestone].add(pk)
    return due


def get_alumni_figures(scope: Scope) -> AlumniFigures:
    due = _due(scope)
    answered = FollowUp.objects.filter(
        completed_at__isnull=False, episode_id__in={pk for pks in due.values() for pk in pks}
    ).values_list("episode_id", "milestone", "response__answers")
    done: dict[int, list[bool]] = {milestone: [] for milestone in rules.MILESTONES}
    for episode_id, milestone, answers in answered:
        if episode_id in due.get(milestone, set()):
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
                due=len(due[milestone]),
                completed=len(done[milestone]),
                abstinent=done[milestone].count(False),
                reporting_use=done[milestone].count(True),
            )
            for milestone in rules.MILESTONES
        ],
        reconnects_asked=reconnects[Reconnect.Reason.ASKED],
        reconnects_follow_up=reconnects[Reconnect.Reason.FOLLOW_UP],
    )
