"""Documentation timeliness: days from admission to the first signed treatment plan, and notes signed within
the organization's note deadline (24 hours by default, notes.signing.due_at) of the service."""

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, OuterRef, Q, Subquery

from trellis.episodes.models import Episode
from trellis.notes.models import GroupNote, IndividualNote
from trellis.notes.signing import due_at, get_notes_setting
from trellis.outcomes.scope import Scope
from trellis.plans.models import TreatmentPlan

# Buckets of days to the first signed plan; many payers and states expect a plan within 7 to 30 days.
PLAN_BUCKETS = (
    (0, 7, "within 7 days"),
    (8, 14, "8-14 days"),
    (15, 30, "15-30 days"),
    (31, None, "over 30 days"),
)


@dataclass(frozen=True)
class PlanTimeliness:
    admitted: int  # episodes admitted in the range
    signed: int  # of those, with a signed plan by now
    median_days: float | None
    buckets: list[tuple[str, int]]


def get_plan_timeliness(scope: Scope) -> PlanTimeliness:
    """1 query, grouped by (admitted, first plan) date pair: rows grow with days, not clients."""
    signed = TreatmentPlan.objects.filter(episode=OuterRef("pk"), effective_on__isnull=False).order_by(
        "effective_on"
    )
    rows = (
        Episode.objects.filter(scope.episodes())
        .filter(admitted_on__gte=scope.first, admitted_on__lte=scope.last)
        .annotate(first_plan=Subquery(signed.values("effective_on")[:1]))
        .values("admitted_on", "first_plan")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days: list[int] = []
    admitted = 0
    for row in rows:
        admitted += row["n"]
        if row["first_plan"] is not None:
            days.extend([(row["first_plan"] - row["admitted_on"]).days] * row["n"])
    buckets = [
        (label, sum(1 for d in days if low <= d and (high is None or d <= high)))
        for low, high, label in PLAN_BUCKETS
    ]
    return PlanTimeliness(
        admitted=admitted,
        signed=len(days),
        median_days=statistics.median(days) if days else None,
        buckets=buckets,
    )


@dataclass(frozen=True)
class NoteTimeliness:
    kind: str
    due_hours: int
    written: int  # notes of services in the range
    on_time: int  # signed within the deadline
    unsigned: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.written if self.written else None


def list_note_timeliness(scope: Scope) -> list[NoteTimeliness]:
    """Group notes in SQL (1 query); individual notes read as (date, zone, signed) triples (1 query), because
    their deadline runs from the midnight after the service in the site's zone (IndividualNote.service_ended_at)."""
    setting = get_notes_setting(organization_id=scope.organization_id)
    return [_group_notes(scope, setting), _individual_notes(scope, setting)]


def _group_notes(scope: Scope, setting: Any) -> NoteTimeliness:
    deadline = ExpressionWrapper(
        F("session__ends_at") + dt.timedelta(hours=setting.note_due_hours), output_field=DateTimeField()
    )
    figures = (
        GroupNote.objects.filter(scope.tracks("session__"))
        .filter(session__date__gte=scope.first, session__date__lte=scope.last)
        .aggregate(
            written=Count("pk"),
            on_time=Count("pk", filter=Q(signed_at__lte=deadline)),
            unsigned=Count("pk", filter=Q(signed_at__isnull=True)),
        )
    )
    return NoteTimeliness(kind="Group notes", due_hours=setting.note_due_hours, **figures)


def _individual_notes(scope: Scope, setting: Any) -> NoteTimeliness:
    rows = (
        IndividualNote.objects.filter(scope.episodes("episode__"))
        .filter(service_date__gte=scope.first, service_date__lte=scope.last)
        .values_list("service_date", "client__site__timezone", "signed_at")
    )
    written = on_time = unsigned = 0
    for service_date, zone, signed_at in rows:
        written += 1
        if signed_at is None:
            unsigned += 1
            continue
        ended = IndividualNote(service_date=service_date).service_ended_at(zone)
        on_time += signed_at <= due_at(service_ended_at=ended, setting=setting)
    return NoteTimeliness(
        kind="Individual notes",
        due_hours=setting.note_due_hours,
        written=written,
        on_time=on_time,
        unsigned=unsigned,
    )
