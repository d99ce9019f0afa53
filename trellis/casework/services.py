"""Writing casework: record a needs screen, put a positive domain on the treatment plan, keep the case plan.

Every function is keyword-only and atomic, refuses bad input naming the field before writing anything, and
writes its own audit event. Audit text names what kind of thing changed, never the client's answers.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.accounts.roles import Capability, Role
from trellis.casework.choices import NeedDomain, NeedStatus
from trellis.casework.models import CaseAssignment, CaseGoal, CaseNeed, CaseTask, NeedsScreening
from trellis.casework.screener import ScreenerAnswerError, get_screener, score
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.plans import services as plan_services
from trellis.plans.choices import PlanStatus
from trellis.plans.models import Problem, TreatmentPlan
from trellis.privacy import audit


def _open_episode(client: Any) -> Episode:
    episode: Episode | None = (
        Episode.objects.filter(client=client)
        .open()
        .select_related("client__site")
        .order_by("-admitted_on")
        .first()
    )
    if episode is None:
        reject("client", "The client has no open episode: admit them first, then screen.")
    return episode


@transaction.atomic
def record_screening(*, client: Any, answers: dict[str, Any], screened_by: Any) -> NeedsScreening:
    """Store the answers and their positive domains; each positive domain becomes an open case-plan need."""
    episode = _open_episode(client)
    try:
        result = score(get_screener(), answers)
    except ScreenerAnswerError as refused:
        reject(refused.question, str(refused))
    screening = NeedsScreening.objects.create(
        client=client,
        episode=episode,
        answers=answers,
        positive_domains=list(result.positive),
        safety_total=result.safety_total,
        screened_at=clock.now(),
        screened_by=screened_by,
    )
    audit.record(
        actor=screened_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=screening,
        detail=f"social needs screen recorded, {len(result.positive)} positive domains",
    )
    for domain in result.positive:
        _open_need(episode=episode, domain=domain, screening=screening, added_by=screened_by)
    return screening


def _open_need(*, episode: Episode, domain: str, screening: NeedsScreening | None, added_by: Any) -> CaseNeed:
    existing: CaseNeed | None = CaseNeed.objects.filter(
        episode=episode, domain=domain, status=NeedStatus.OPEN
    ).first()
    if existing is not None:
        return existing
    need = CaseNeed.objects.create(
        episode=episode,
        domain=domain,
        description=get_screener().domain(domain).problem,
        screening=screening,
        added_by=added_by,
    )
    audit.record(
        actor=added_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=need,
        detail="case need added",
    )
    return need


def plan_problem_wording(domain: str) -> str:
    return get_screener().domain(domain).problem


def _plan_to_change(episode: Episode, added_by: Any) -> TreatmentPlan:
    """The draft being written; else a new version of the signed plan (plans' rule: signed content is locked)."""
    plans: dict[str, TreatmentPlan] = {
        p.status: p for p in TreatmentPlan.objects.filter(episode=episode).current()
    }
    if PlanStatus.DRAFT in plans:
        return plans[PlanStatus.DRAFT]
    if PlanStatus.ACTIVE in plans:
        return plan_services.revise_plan(plan=plans[PlanStatus.ACTIVE], revised_by=added_by)
    return plan_services.create_plan(episode=episode, created_by=added_by)


@transaction.atomic
def add_domain_to_plan(*, screening: NeedsScreening, domain: str, added_by: Any) -> Problem:
    """Add a positive domain to the client's treatment plan as a problem, and keep it as a case-plan need."""
    if domain not in screening.positive_domains:
        reject("domain", "Only a domain this screen found positive can be added from it.")
    episode = screening.episode
    if not episode.is_open:
        reject("domain", "The episode of this screen is discharged; screen again in the open episode.")
    wording = plan_problem_wording(domain)
    if Problem.objects.filter(
        plan__episode=episode, plan__status__in=["draft", "active"], statement=wording
    ).exists():
        reject("domain", "This need is already on the treatment plan.", code="already")
    plan = _plan_to_change(episode, added_by)
    problem = plan_services.add_problem(plan=plan, statement=wording, added_by=added_by)
    _open_need(episode=episode, domain=domain, screening=screening, added_by=added_by)
    return problem


def _text(field: str, value: str, message: str) -> str:
    if not value or not value.strip():
        reject(field, message, code="required")
    return value.strip()


@transaction.atomic
def add_need(*, episode: Episode, domain: str, description: str, added_by: Any) -> CaseNeed:
    if domain not in NeedDomain.values:
        reject("domain", "Choose a domain from the list.")
    description = _text("description", description, "Describe the need.")
    if (
        domain != NeedDomain.OTHER
        and CaseNeed.objects.filter(episode=episode, domain=domain, status=NeedStatus.OPEN).exists()
    ):
        reject("domain", "This domain already has an open need on the case plan.")
    need = CaseNeed.objects.create(episode=episode, domain=domain, description=description, added_by=added_by)
    audit.record(
        actor=added_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=need,
        detail="case need added",
    )
    return need


@transaction.atomic
def set_need_status(*, need: CaseNeed, status: str, changed_by: Any) -> CaseNeed:
    if status not in NeedStatus.values:
        reject("status", "Choose open, met or declined.")
    if (
        status == NeedStatus.OPEN
        and need.status != NeedStatus.OPEN
        and (
            need.domain != NeedDomain.OTHER
            and CaseNeed.objects.filter(
                episode_id=need.episode_id, domain=need.domain, status=NeedStatus.OPEN
            ).exists()
        )
    ):
        reject("status", "This domain already has another open need.")
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=changed_by,
        action=audit.Action.UPDATE,
        client_id=need.episode.client_id,
        obj=need,
        detail=f"case need marked {status}",
    )
    return need


@transaction.atomic
def add_goal(*, episode: Episode, need: CaseNeed | None, description: str, added_by: Any) -> CaseGoal:
    description = _text("description", description, "Describe the goal.")
    if need is not None and need.episode_id != episode.pk:
        reject("need", "Choose a need of this case plan.")
    goal = CaseGoal.objects.create(episode=episode, need=need, description=description, added_by=added_by)
    audit.record(
        actor=added_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=goal,
        detail="case goal added",
    )
    return goal


def _check_owner(owner: Any, episode: Episode) -> None:
    if owner is None or not owner.is_active or owner.organization_id != episode.program.organization_id:
        reject("owner", "Choose a staff member of this organization.")


@transaction.atomic
def add_task(
    *,
    episode: Episode,
    goal: CaseGoal | None,
    description: str,
    owner: Any,
    due_on: dt.date | None,
    added_by: Any,
) -> CaseTask:
    description = _text("description", description, "Describe the task.")
    if goal is not None and goal.episode_id != episode.pk:
        reject("goal", "Choose a goal of this case plan.")
    _check_owner(owner, episode)
    if due_on is None:
        reject("due_on", "Give the day the task is due.")
    task = CaseTask.objects.create(
        episode=episode, goal=goal, description=description, owner=owner, due_on=due_on, added_by=added_by
    )
    audit.record(
        actor=added_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=task,
        detail="case task added",
    )
    return task


@transaction.atomic
def complete_task(*, task: CaseTask, done_by: Any) -> CaseTask:
    if task.done_on is not None:
        reject("task", "This task is already done.")
    task.done_on = clock.today_in(task.episode.client.site.timezone)
    task.save(update_fields=["done_on", "updated_at"])
    audit.record(
        actor=done_by,
        action=audit.Action.UPDATE,
        client_id=task.episode.client_id,
        obj=task,
        detail="case task done",
    )
    return task


def may_be_case_manager(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.can(Capability.CASE_MANAGEMENT))


@transaction.atomic
def assign_case_manager(*, episode: Episode, case_manager: Any, assigned_by: Any) -> CaseAssignment:
    """Case managers take an episode themselves; a director assigns anyone who does case management."""
    if (
        not may_be_case_manager(case_manager)
        or case_manager.organization_id != episode.program.organization_id
    ):
        reject("case_manager", "Choose a case manager of this organization.")
    if not Client.objects.visible_to(case_manager).filter(pk=episode.client_id).exists():
        reject("case_manager", "This case manager does not work at the client's site.")
    if case_manager.pk != assigned_by.pk and assigned_by.role != Role.DIRECTOR:
        reject("case_manager", "Only a clinical director assigns a case manager other than themselves.")
    if not episode.is_open:
        reject("case_manager", "The episode is discharged.")
    assignment, created = CaseAssignment.objects.update_or_create(
        episode=episode, defaults={"case_manager": case_manager, "assigned_by": assigned_by}
    )
    audit.record(
        actor=assigned_by,
        action=audit.Action.CREATE if created else audit.Action.UPDATE,
        client_id=episode.client_id,
        obj=assignment,
        detail="case manager assigned",
    )
    return assignment
