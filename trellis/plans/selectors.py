"""Reading plans: one plan page, the reviews due, the latest scores beside a review, and who may join groups."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Exists, F, Max, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce, Greatest

from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock, page_memo
from trellis.episodes.models import Episode
from trellis.plans import review_schedule
from trellis.plans.choices import PlanStatus
from trellis.plans.models import (
    Objective,
    ObjectiveProgress,
    PlanReview,
    PlanReviewRule,
    PlanRules,
    Problem,
    TreatmentPlan,
)
from trellis.plans.review_schedule import ReviewDue


@dataclass(frozen=True)
class Interval:
    days: int
    due_soon_days: int
    plan_due_days: int = review_schedule.DEFAULT_PLAN_DUE_DAYS


def intervals_for(*, program_ids: Iterable[Any]) -> dict[Any, Interval]:
    """Each program's review interval: its own setting and any stricter rule; the shortest wins (2 queries)."""
    ids = list(dict.fromkeys(program_ids))
    return page_memo.remember(("plan_intervals", frozenset(ids)), lambda: _intervals(ids))


def _intervals(ids: list[Any]) -> dict[Any, Interval]:
    rules = {r.program_id: r for r in PlanRules.objects.filter(program_id__in=ids)}
    extra = list(
        PlanReviewRule.objects.filter(organization__programs__id__in=ids)
        .values("organization__programs__id", "program_id", "interval_days")
        .distinct()
    )
    result = {}
    for program_id in ids:
        own = rules.get(program_id)
        stricter = [
            row["interval_days"]
            for row in extra
            if row["organization__programs__id"] == program_id and row["program_id"] in (None, program_id)
        ]
        days = review_schedule.shortest_interval(
            [own.review_interval_days if own else review_schedule.DEFAULT_INTERVAL_DAYS, *stricter]
        )
        soon = own.due_soon_days if own else review_schedule.DEFAULT_DUE_SOON_DAYS
        first = own.plan_due_days if own else review_schedule.DEFAULT_PLAN_DUE_DAYS
        result[program_id] = Interval(days=days, due_soon_days=min(soon, days), plan_due_days=first)
    return result


def _with_last_review(plans: QuerySet[TreatmentPlan]) -> QuerySet[TreatmentPlan]:
    return plans.annotate(last_reviewed_on=Max("reviews__reviewed_on"))


def due_of(plan: TreatmentPlan, interval: Interval, *, today: dt.date | None = None) -> ReviewDue | None:
    """When the plan's next review is due; None for a plan that is not in force."""
    if plan.status != PlanStatus.ACTIVE or plan.effective_on is None:
        return None
    zone = plan.episode.client.site.timezone
    return review_schedule.review_due(
        signed_on=plan.effective_on,
        last_reviewed_on=getattr(plan, "last_reviewed_on", None),
        interval_days=interval.days,
        today=today or clock.today_in(zone),
        zone_name=zone,
        due_soon_days=interval.due_soon_days,
    )


@dataclass(frozen=True)
class PlanPage:
    plan: TreatmentPlan
    problems: list[Problem]
    versions: list[TreatmentPlan]
    reviews: list[PlanReview]
    due: ReviewDue | None
    interval: Interval
    objective_count: int


def get_plan(*, user: Any, pk: Any) -> TreatmentPlan:
    """One plan the user may see, with its client and program; raises DoesNotExist otherwise."""
    plan: TreatmentPlan = (
        _with_last_review(TreatmentPlan.objects.visible_to(user))
        .select_related(
            "episode__client__site",
            "episode__program",
            "created_by",
            "client_witness",
            "clinician",
            "supervisor",
        )
        .get(pk=pk)
    )
    return plan


def _content(plan: TreatmentPlan) -> list[Problem]:
    objectives = Objective.objects.prefetch_related("interventions__responsible")
    return list(plan.problems.prefetch_related("goals", Prefetch("goals__objectives", queryset=objectives)))


def get_plan_page(*, plan: TreatmentPlan) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries however long the plan is."""
    interval = intervals_for(program_ids=[plan.episode.program_id])[plan.episode.program_id]
    problems = _content(plan)
    versions = list(
        TreatmentPlan.objects.filter(episode_id=plan.episode_id).only(
            "id", "version", "status", "effective_on", "superseded_on", "episode_id"
        )
    )
    reviews = list(
        plan.reviews.select_related("reviewed_by").prefetch_related(
            Prefetch(
                "progress", queryset=ObjectiveProgress.objects.select_related("objective__goal__problem")
            )
        )
    )
    return PlanPage(
        plan=plan,
        problems=problems,
        versions=versions,
        reviews=reviews,
        due=due_of(plan, interval),
        interval=interval,
        objective_count=sum(len(g.objectives.all()) for p in problems for g in p.goals.all()),
    )


def get_current_plan(*, user: Any, client: Any) -> TreatmentPlan | None:
    """The plan in force for the client's open episode, else the draft being written."""
    plans = TreatmentPlan.objects.visible_to(user, client=client).current()
    ordered = list(
        _with_last_review(plans)
        .filter(episode__client=client, episode__discharged_on__isnull=True)
        .select_related("episode__client__site", "episode__program")
    )
    active = [p for p in ordered if p.status == PlanStatus.ACTIVE]
    drafts = [p for p in ordered if p.status == PlanStatus.DRAFT]
    found: list[TreatmentPlan] = active or drafts
    return found[0] if found else None


def get_pending_draft(*, plan: TreatmentPlan) -> TreatmentPlan | None:
    draft: TreatmentPlan | None = TreatmentPlan.objects.filter(
        episode_id=plan.episode_id, status=PlanStatus.DRAFT
    ).first()
    return draft


@dataclass(frozen=True)
class DueLine:
    plan: TreatmentPlan
    due: ReviewDue


@dataclass(frozen=True)
class MissingLine:
    """An admitted client with no plan in force: the first plan is due `due.due_on` (admission + setting)."""

    episode: Any
    due: ReviewDue
    has_draft: bool


@dataclass(frozen=True)
class PlanAlerts:
    due: list[DueLine]
    unsigned: list[TreatmentPlan]
    missing: list[MissingLine] = field(default_factory=list)
    missing_total: int = 0


def list_reviews_due(*, user: Any, limit: int = 50, client_id: Any = None) -> list[DueLine]:
    """Plans in force whose review is overdue or due within the program's warning window, most urgent first;
    with `client_id`, that client's only. Today's panels share one reading (page_memo)."""
    every = page_memo.remember(
        ("plan_reviews_due", user.pk, client_id), lambda: _reviews_due(user, client_id)
    )
    return every[:limit]


def _reviews_due(user: Any, client_id: Any) -> list[DueLine]:
    intervals = intervals_for(program_ids=user.program_ids())
    if not intervals:
        return []
    # A superset in SQL (the loosest window of the user's programs), the exact rule per plan in Python.
    widest = max(i.due_soon_days - i.days for i in intervals.values())
    cutoff = clock.now().date() + dt.timedelta(days=widest + 1)
    plans = (
        _with_last_review(TreatmentPlan.objects.visible_to(user).active())
        .filter(episode__discharged_on__isnull=True, episode__program_id__in=intervals.keys())
        .annotate(base=Greatest(F("effective_on"), Coalesce(Max("reviews__reviewed_on"), F("effective_on"))))
        .filter(base__lte=cutoff)
        .select_related("episode__client__site", "episode__program")
    )
    if client_id is not None:
        plans = plans.filter(episode__client_id=client_id)
    lines = []
    for plan in plans:
        due = due_of(plan, intervals[plan.episode.program_id])
        if due is not None and due.is_alert:
            lines.append(DueLine(plan=plan, due=due))
    return sorted(lines, key=lambda line: (line.due.due_on, line.plan.episode.client.legal_last_name))


def list_unsigned(*, user: Any, limit: int = 50) -> list[TreatmentPlan]:
    plans = (
        TreatmentPlan.objects.visible_to(user)
        .unsigned()
        .filter(episode__discharged_on__isnull=True)
        .select_related("episode__client", "episode__program")
        .order_by("created_at")
    )
    return list(plans[:limit])


def list_plans_missing(*, user: Any, limit: int | None = 50, client_id: Any = None) -> list[MissingLine]:
    """Open episodes with no plan in force, most overdue first; a new admission shows from its first day (3 queries).

    `limit=None` gives every line, for the worklist and its export; `client_id` narrows to one client.
    Today's panels share one reading (page_memo).
    """
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CLINICAL):
        return []
    lines = page_memo.remember(("plans_missing", user.pk, client_id), lambda: _plans_missing(user, client_id))
    return lines if limit is None else lines[:limit]


def _plans_missing(user: Any, client_id: Any) -> list[MissingLine]:
    in_force = TreatmentPlan.objects.filter(episode=OuterRef("pk"), status=PlanStatus.ACTIVE)
    drafts = TreatmentPlan.objects.filter(episode=OuterRef("pk"), status=PlanStatus.DRAFT)
    clients = Client.objects.visible_to(user)
    if client_id is not None:
        clients = clients.filter(pk=client_id)
    episodes = list(
        Episode.objects.filter(discharged_on__isnull=True, client__in=clients)
        .exclude(Exists(in_force))
        .annotate(has_draft=Exists(drafts))
        .select_related("client__site", "program", "primary_clinician")
    )
    intervals = intervals_for(program_ids={e.program_id for e in episodes})
    lines = []
    for episode in episodes:
        zone = episode.client.site.timezone
        due = review_schedule.first_plan_due(
            admitted_on=episode.admitted_on,
            plan_due_days=intervals[episode.program_id].plan_due_days,
            today=clock.today_in(zone),
            zone_name=zone,
        )
        lines.append(MissingLine(episode=episode, due=due, has_draft=episode.has_draft))
    lines.sort(key=lambda line: (line.due.due_on, line.episode.client.legal_last_name))
    return lines


def alert_client_ids(alerts: PlanAlerts) -> list[Any]:
    """The clients a page showing these alerts names, for its view events."""
    return (
        [line.plan.episode.client_id for line in alerts.due]
        + [plan.episode.client_id for plan in alerts.unsigned]
        + [line.episode.client_id for line in alerts.missing]
    )


def list_plan_alerts(*, user: Any, limit: int = 50) -> PlanAlerts:
    missing = list_plans_missing(user=user, limit=None)
    return PlanAlerts(
        due=list_reviews_due(user=user, limit=limit),
        unsigned=list_unsigned(user=user, limit=limit),
        missing=missing[:limit],
        missing_total=len(missing),
    )


@dataclass(frozen=True)
class Score:
    instrument: str
    total: Any
    band: str
    administered_at: dt.datetime


def list_latest_scores(*, client: Any) -> list[Score] | None:
    """The latest score of each instrument the client has taken; None while Trellis has no measures model.

    Looked up through the app registry, so plans do not depend on the measures app being built yet.
    """
    try:
        response_model = apps.get_model("measures", "MeasureResponse")
    except LookupError:
        return None
    rows = (
        response_model.objects.filter(client=client)
        .order_by("instrument", "-administered_at")
        .values("instrument", "total", "band", "administered_at")
    )
    latest: dict[str, Score] = {}
    for row in rows[:500]:
        latest.setdefault(row["instrument"], Score(**row))
    return sorted(latest.values(), key=lambda score: score.instrument)


def is_schedulable(client: Any) -> bool:
    """May this client be put in a group session? False only under a program rule that asks for a signed plan.

    For scheduling: programs with PlanRules.require_signed_plan_for_groups keep clients out of groups until
    their treatment plan is in force (signed). One query.
    """
    return client.pk not in unschedulable_client_ids(client_ids=[client.pk])


def unschedulable_client_ids(*, client_ids: Iterable[Any]) -> set[Any]:
    """The clients, of those given, who wait for a signed plan before joining groups (one query for many)."""
    Episode = apps.get_model("episodes", "Episode")
    signed = TreatmentPlan.objects.filter(episode=OuterRef("pk"), status=PlanStatus.ACTIVE)
    waiting = Episode.objects.filter(
        client_id__in=list(client_ids),
        discharged_on__isnull=True,
        program__plan_rules__require_signed_plan_for_groups=True,
    ).exclude(Exists(signed))
    return set(waiting.values_list("client_id", flat=True))


def staff_for_plans(*, organization_id: Any) -> dict[str, Any]:
    """Clinical staff who can be made responsible for an intervention, by id (one query per page)."""
    User = apps.get_model("accounts", "User")
    from trellis.accounts.roles import Capability, capabilities_of

    clinical = [
        role
        for role, _ in User._meta.get_field("role").choices
        if Capability.VIEW_CLINICAL in capabilities_of(role)
    ]
    users = User.objects.filter(organization_id=organization_id, is_active=True, role__in=clinical)
    return {str(user.pk): user for user in users.order_by("last_name", "first_name")}


def list_objectives(*, plan: TreatmentPlan) -> list[Objective]:
    return list(
        Objective.objects.filter(goal__problem__plan=plan)
        .select_related("goal__problem")
        .order_by("goal__problem__position", "goal__position", "position")
    )
