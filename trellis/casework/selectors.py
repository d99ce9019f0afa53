"""Reading casework for pages, panels and the worklist; each a fixed number of queries whatever the rows."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from trellis.accounts.roles import CAPABILITIES, Capability
from trellis.casework.choices import NeedStatus
from trellis.casework.models import CaseAssignment, CaseGoal, CaseNeed, CaseTask, NeedsScreening
from trellis.casework.querysets import may_do_casework
from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.measures.schedule import Due, DueState, due_status
from trellis.plans.models import Problem
from trellis.support.selectors import last_contacts

# Screen at admission, then again every 90 days of an open episode (program policy; the AHC guide leaves the
# interval to the program).
SCREEN_EVERY_DAYS = 90
SCREENER = "ahc_hrsn"


def screen_due(*, episode: Episode, last_screened_at: dt.datetime | None, now: dt.datetime) -> Due:
    return due_status(
        instrument=SCREENER,
        admitted_on=episode.admitted_on,
        last_given_at=last_screened_at,
        every_days=SCREEN_EVERY_DAYS,
        now=now,
        zone=episode.client.site.timezone,
    )


def _last_screened_in_episode() -> Any:
    latest = NeedsScreening.objects.filter(episode=OuterRef("pk")).order_by("-screened_at")
    return Subquery(latest.values("screened_at")[:1])


def open_episodes(*, user: Any, client_id: Any = None) -> Any:
    """Open episodes the user may do casework for, with their last screen time and case manager."""
    if not may_do_casework(user):
        return Episode.objects.none()
    episodes = Episode.objects.visible_to(user, client_id=client_id).open()
    if client_id is not None:
        episodes = episodes.filter(client_id=client_id)
    return episodes.annotate(last_screened_at=_last_screened_in_episode()).select_related(
        "client__site", "program", "primary_clinician", "case_assignment__case_manager"
    )


@dataclass(frozen=True)
class DueScreen:
    episode: Episode
    due: Due

    @property
    def responsible(self) -> Any:
        assignment = getattr(self.episode, "case_assignment", None)
        return assignment.case_manager if assignment is not None else self.episode.primary_clinician


def list_screens_due(*, user: Any, now: dt.datetime, client_id: Any = None) -> list[DueScreen]:
    lines = [
        DueScreen(episode=e, due=screen_due(episode=e, last_screened_at=e.last_screened_at, now=now))
        for e in open_episodes(user=user, client_id=client_id).order_by("admitted_on", "pk")
    ]
    return [line for line in lines if line.due.needs_giving]


def list_overdue_tasks(*, user: Any, today: dt.date, client_id: Any = None) -> list[CaseTask]:
    tasks = CaseTask.objects.visible_to(user).filter(
        done_on=None, due_on__lt=today, episode__discharged_on=None
    )
    if client_id is not None:
        tasks = tasks.filter(episode__client_id=client_id)
    return list(tasks.select_related("owner", "episode__client").order_by("due_on", "pk"))


def get_episode(*, user: Any, pk: Any) -> Episode:
    """One episode the user may do casework for; DoesNotExist (a 404) for any other."""
    if not may_do_casework(user):
        raise Episode.DoesNotExist
    episode: Episode = Episode.objects.visible_to(user).select_related("client__site", "program").get(pk=pk)
    return episode


@dataclass
class CasePlan:
    episode: Episode
    needs: list[CaseNeed]
    goals: list[CaseGoal]
    loose_tasks: list[CaseTask]  # tasks toward no goal
    assignment: CaseAssignment | None
    latest: NeedsScreening | None
    due: Due
    today: dt.date
    on_plan: set[str] = field(default_factory=set)


def plan_problem_statements(episode: Episode) -> set[str]:
    return set(
        Problem.objects.filter(plan__episode=episode, plan__status__in=["draft", "active"]).values_list(
            "statement", flat=True
        )
    )


def get_case_plan(*, episode: Episode) -> CasePlan:
    tasks = CaseTask.objects.select_related("owner").order_by("done_on", "due_on", "created_at")
    goals = list(
        CaseGoal.objects.filter(episode=episode)
        .select_related("need")
        .prefetch_related(Prefetch("tasks", tasks))
    )
    latest = NeedsScreening.objects.filter(episode=episode).select_related("screened_by").first()
    return CasePlan(
        episode=episode,
        needs=list(CaseNeed.objects.filter(episode=episode).order_by("status", "created_at")),
        goals=goals,
        loose_tasks=list(tasks.filter(episode=episode, goal=None)),
        assignment=CaseAssignment.objects.filter(episode=episode).select_related("case_manager").first(),
        latest=latest,
        due=screen_due(
            episode=episode, last_screened_at=latest.screened_at if latest else None, now=clock.now()
        ),
        today=clock.today_in(episode.client.site.timezone),
        on_plan=plan_problem_statements(episode),
    )


@dataclass(frozen=True)
class CaseloadLine:
    episode: Episode
    open_needs: int
    next_task: CaseTask | None
    overdue_tasks: int
    due: Due
    last_contact: dt.date | None = None

    @property
    def screen_due(self) -> bool:
        return self.due.state is not DueState.UPCOMING


def list_caseload(*, user: Any, case_manager: Any, now: dt.datetime) -> list[CaseloadLine]:
    today = now.date()
    open_tasks = (
        CaseTask.objects.filter(done_on=None).select_related("owner").order_by("due_on", "created_at")
    )
    episodes = (
        open_episodes(user=user)
        .filter(case_assignment__case_manager=case_manager)
        .annotate(
            open_needs=Count("case_needs", filter=Q(case_needs__status=NeedStatus.OPEN), distinct=True),
            overdue_tasks=Count(
                "case_tasks", filter=Q(case_tasks__done_on=None, case_tasks__due_on__lt=today), distinct=True
            ),
        )
        .prefetch_related(Prefetch("case_tasks", open_tasks, to_attr="open_tasks"))
        .order_by("client__legal_last_name", "client__legal_first_name", "pk")
    )
    episodes = list(episodes)
    # Contacts live in the support app; one more query for the whole caseload.
    contacted = last_contacts(e.client_id for e in episodes)
    return [
        CaseloadLine(
            episode=e,
            open_needs=e.open_needs,
            next_task=e.open_tasks[0] if e.open_tasks else None,
            overdue_tasks=e.overdue_tasks,
            due=screen_due(episode=e, last_screened_at=e.last_screened_at, now=now),
            last_contact=contacted.get(e.client_id),
        )
        for e in episodes
    ]


def list_case_managers(*, user: Any) -> list[Any]:
    """Staff of the user's organization who do case management, for the director's caseload picker."""
    roles = roles_with(Capability.CASE_MANAGEMENT)
    staff = get_user_model().objects.filter(
        organization_id=user.organization_id, is_active=True, role__in=roles
    )
    return list(staff.order_by("last_name", "first_name", "username"))


def roles_with(capability: Capability) -> list[str]:
    return [role for role, capabilities in CAPABILITIES.items() if capability in capabilities]


def referrals_by_domain(*, episode: Any, user: Any) -> dict[str, list[Any]]:
    """The episode's referrals grouped by the need they answer, so each need on the case plan shows its loop.
    One query whatever the number of needs."""
    from trellis.referrals.models import Referral

    grouped: dict[str, list[Any]] = {}
    referrals = (
        Referral.objects.visible_to(user)
        .filter(client_id=episode.client_id, episode=episode)
        .select_related("resource")
        .order_by("-created_at")
    )
    for referral in referrals:
        grouped.setdefault(referral.domain, []).append(referral)
    return grouped
