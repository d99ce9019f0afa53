"""Writing a treatment plan: draft it, fill it in, and start a new version once it is signed.

Signing lives in signing.py and reviews in reviews.py; all three refuse bad input naming the field before
anything is written, and write their own audit events.
"""

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max

from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.plans.choices import AsamDimension, Modality, PlanStatus
from trellis.plans.models import Goal, Intervention, Objective, PlanRules, Problem, TreatmentPlan
from trellis.privacy import audit

LOCKED = "This plan has a signature and is locked; start a new version to change it."


def site_today(episode: Episode) -> dt.date:
    return clock.today_in(episode.client.site.timezone)


def lock_plan(plan: TreatmentPlan) -> TreatmentPlan:
    """Lock the plan row, so two staff adding items or signing at once cannot interleave."""
    locked: TreatmentPlan = (
        TreatmentPlan.objects.select_related("episode__client__site")
        .select_for_update(of=("self",))
        .get(pk=plan.pk)
    )
    return locked


def _editable(plan: TreatmentPlan, editor: Any) -> TreatmentPlan:
    """The plan locked for a change to its content, counted so a signature names what its signer read."""
    plan = lock_plan(plan)
    if plan.is_locked:
        reject("plan", LOCKED, code="locked")
    plan.edits += 1
    plan.last_edited_by = editor
    plan.save(update_fields=["edits", "last_edited_by", "updated_at"])
    return plan


def _required(field: str, value: str, message: str) -> str:
    if not value or not value.strip():
        reject(field, message, code="required")
    return value.strip()


def _audit(actor: Any, plan: TreatmentPlan, obj: Any, detail: str, *, created: bool = True) -> None:
    action = audit.Action.CREATE if created else audit.Action.UPDATE
    audit.record(actor=actor, action=action, client_id=plan.episode.client_id, obj=obj, detail=detail)


@transaction.atomic
def create_plan(
    *, episode: Episode, created_by: Any, requires_supervisor_signature: bool | None = None
) -> TreatmentPlan:
    """Start the first plan of an episode. Later versions come from revise_plan, so history stays linked."""
    if not episode.is_open:
        reject("episode", "The episode is discharged; a plan needs an open episode.")
    plans = TreatmentPlan.objects.filter(episode=episode)
    if plans.exclude(status=PlanStatus.SUPERSEDED).exists():
        reject("episode", "This episode already has a plan; open it, or start a new version of it.")
    if requires_supervisor_signature is None:
        rules = PlanRules.objects.filter(program_id=episode.program_id).first()
        requires_supervisor_signature = bool(rules and rules.supervisor_signature_required)
    plan = TreatmentPlan.objects.create(
        episode=episode,
        version=(plans.aggregate(last=Max("version"))["last"] or 0) + 1,
        requires_supervisor_signature=requires_supervisor_signature,
        created_by=created_by,
    )
    _audit(created_by, plan, plan, f"treatment plan v{plan.version} drafted")
    return plan


@transaction.atomic
def add_problem(*, plan: TreatmentPlan, statement: str, asam_dimension: str = "", added_by: Any) -> Problem:
    plan = _editable(plan, added_by)
    statement = _required("statement", statement, "Describe the problem.")
    if asam_dimension and asam_dimension not in AsamDimension.values:
        reject("asam_dimension", "Choose an ASAM dimension from the list, or none.")
    position = (plan.problems.aggregate(last=Max("position"))["last"] or 0) + 1
    problem = Problem.objects.create(
        plan=plan, position=position, statement=statement, asam_dimension=asam_dimension
    )
    _audit(added_by, plan, problem, f"problem {position} added")
    return problem


@transaction.atomic
def add_goal(*, problem: Problem, client_words: str, added_by: Any) -> Goal:
    plan = _editable(problem.plan, added_by)
    client_words = _required(
        "client_words", client_words, "Write the goal in the client's own words (what they said they want)."
    )
    position = (problem.goals.aggregate(last=Max("position"))["last"] or 0) + 1
    goal = Goal.objects.create(problem=problem, position=position, client_words=client_words)
    _audit(added_by, plan, goal, f"goal {problem.position}.{position} added")
    return goal


def _check_target_on(*, plan: TreatmentPlan, target_on: dt.date) -> None:
    """A target is today or later, and near enough to be reviewed within the plan's year."""
    today = site_today(plan.episode)
    if target_on < today:
        reject("target_on", "The target date has passed; choose today or a later day.")
    plausible_dates.check_near_today(field="target_on", day=target_on, today=today, what="target date")


@transaction.atomic
def add_objective(
    *, goal: Goal, text: str, measure: str, target_on: dt.date | None, added_by: Any
) -> Objective:
    """A measurable objective: both how it is measured and a target date are required (surveys cite both)."""
    plan = _editable(goal.problem.plan, added_by)
    text = _required("text", text, "Say what the client will do.")
    measure = _required(
        "measure", measure, "Say how progress will be measured (e.g. 'PHQ-9 below 10', '3 meetings a week')."
    )
    if target_on is None:
        reject(
            "target_on", "Give a target date: an objective without one cannot be reviewed.", code="required"
        )
    _check_target_on(plan=plan, target_on=target_on)
    position = (goal.objectives.aggregate(last=Max("position"))["last"] or 0) + 1
    objective = Objective.objects.create(
        goal=goal, position=position, text=text, measure=measure, target_on=target_on
    )
    _audit(added_by, plan, objective, "objective added")
    return objective


@transaction.atomic
def add_intervention(
    *, objective: Objective, modality: str, frequency: str, responsible: Any, detail: str = "", added_by: Any
) -> Intervention:
    plan = _editable(objective.goal.problem.plan, added_by)
    if modality not in Modality.values:
        reject("modality", "Choose a modality from the list.")
    frequency = _required("frequency", frequency, "Say how often, e.g. '3x/week' or 'weekly'.")
    if responsible is None:
        reject("responsible", "Name the staff member responsible.", code="required")
    if responsible.organization_id != plan.episode.client.organization_id:
        reject("responsible", "The responsible staff member works for another organization.")
    position = (objective.interventions.aggregate(last=Max("position"))["last"] or 0) + 1
    intervention = Intervention.objects.create(
        objective=objective,
        position=position,
        modality=modality,
        frequency=frequency,
        responsible=responsible,
        detail=detail.strip(),
    )
    _audit(added_by, plan, intervention, f"intervention added: {modality}")
    return intervention


@transaction.atomic
def remove_problem(*, problem: Problem, removed_by: Any) -> None:
    """Drafts only: a problem written in error goes, with its goals, objectives and interventions."""
    plan = _editable(problem.plan, removed_by)
    audit.record(
        actor=removed_by,
        action=audit.Action.DELETE,
        client_id=plan.episode.client_id,
        obj=problem,
        detail=f"problem {problem.position} removed from draft",
    )
    position = problem.position
    problem.delete()
    # Keep numbering gapless (1, 2, 3) so reviews and the PDF name objectives as the page shows them.
    for later in plan.problems.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position", "updated_at"])


@transaction.atomic
def revise_plan(*, plan: TreatmentPlan, revised_by: Any) -> TreatmentPlan:
    """A new draft version copied from the active plan; the active one stays in force until the new is signed."""
    plan = lock_plan(plan)
    if plan.status != PlanStatus.ACTIVE:
        reject("plan", "Only the active plan can be revised.")
    if TreatmentPlan.objects.filter(episode_id=plan.episode_id, status=PlanStatus.DRAFT).exists():
        reject("plan", "A new version of this plan is already being written; open that draft.")
    draft = TreatmentPlan.objects.create(
        episode_id=plan.episode_id,
        version=plan.version + 1,
        supersedes=plan,
        requires_supervisor_signature=plan.requires_supervisor_signature,
        created_by=revised_by,
    )
    copy_content(source=plan, target=draft)
    _audit(revised_by, plan, draft, f"treatment plan v{draft.version} drafted from v{plan.version}")
    return draft


def copy_content(*, source: TreatmentPlan, target: TreatmentPlan) -> None:
    """Copy problems, goals, objectives and interventions under new ids, in one insert per level."""
    new_ids: dict[Any, Any] = {}

    def clone(row: Any, **links: Any) -> Any:
        old_id, row.pk = row.pk, uuid.uuid4()
        new_ids[old_id] = row.pk
        row._state.adding = True
        for name, value in links.items():
            setattr(row, name, value)
        return row

    Problem.objects.bulk_create([clone(p, plan=target) for p in source.problems.all()])
    goals = Goal.objects.filter(problem__plan=source)
    Goal.objects.bulk_create([clone(g, problem_id=new_ids[g.problem_id]) for g in goals])
    objectives = Objective.objects.filter(goal__problem__plan=source)
    Objective.objects.bulk_create([clone(o, goal_id=new_ids[o.goal_id]) for o in objectives])
    interventions = Intervention.objects.filter(objective__goal__problem__plan=source)
    Intervention.objects.bulk_create([clone(i, objective_id=new_ids[i.objective_id]) for i in interventions])


@transaction.atomic
def set_plan_rules(
    *,
    program: Any,
    changed_by: Any,
    review_interval_days: int,
    due_soon_days: int = 7,
    plan_due_days: int = 7,
    supervisor_signature_required: bool = False,
    require_signed_plan_for_groups: bool = False,
) -> PlanRules:
    if not 1 <= review_interval_days <= 365:
        reject("review_interval_days", "A review interval is between 1 and 365 days.")
    if not 1 <= due_soon_days <= review_interval_days:
        reject("due_soon_days", "The warning window is at least a day and at most the review interval.")
    if not 1 <= plan_due_days <= 365:
        reject("plan_due_days", "The first plan is due between 1 and 365 days after admission.")
    rules, _ = PlanRules.objects.update_or_create(
        program=program,
        defaults={
            "review_interval_days": review_interval_days,
            "due_soon_days": due_soon_days,
            "plan_due_days": plan_due_days,
            "supervisor_signature_required": supervisor_signature_required,
            "require_signed_plan_for_groups": require_signed_plan_for_groups,
        },
    )
    audit.record(actor=changed_by, action=audit.Action.UPDATE, obj=rules, detail="plan rules changed")
    return rules
