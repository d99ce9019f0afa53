"""Reviewing a plan: progress on every objective, and the step-down to the next phase it may lead to."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.core import clock
from trellis.core.errors import reject
from trellis.episodes import services as episode_services
from trellis.episodes.choices import EnrollmentEndReason
from trellis.episodes.models import Enrollment
from trellis.plans.choices import PlanStatus, Progress
from trellis.plans.models import Objective, ObjectiveProgress, PlanReview, TreatmentPlan
from trellis.plans.services import lock_plan, site_today
from trellis.privacy import audit
from trellis.programs.models import Phase


@dataclass(frozen=True)
class ProgressEntry:
    objective_id: Any
    status: str
    note: str = ""


def progress_field(objective: Objective) -> str:
    """The name a form gives one objective's status, so a refusal lands beside that objective."""
    return f"status_{objective.pk}"


def objective_label(objective: Objective) -> str:
    return f"Objective {objective.goal.problem.position}.{objective.goal.position}.{objective.position}"


def _check_progress(objectives: list[Objective], entries: list[ProgressEntry]) -> None:
    known = {objective.pk for objective in objectives}
    if any(entry.objective_id not in known for entry in entries):
        reject("progress", "Progress was given for an objective that is not in this plan.")
    given = {entry.objective_id: entry for entry in entries}
    for objective in objectives:
        entry = given.get(objective.pk)
        if entry is None or entry.status not in Progress.values:
            reject(
                progress_field(objective),
                f"{objective_label(objective)}: choose achieved, progressing, no progress, revised or "
                "discontinued.",
                code="required",
            )


@transaction.atomic
def record_review(
    *,
    plan: TreatmentPlan,
    entries: list[ProgressEntry],
    reviewed_by: Any,
    summary: str = "",
    reviewed_on: dt.date | None = None,
) -> PlanReview:
    plan = lock_plan(plan)
    if plan.status != PlanStatus.ACTIVE:
        reject("plan", "Only the plan in force is reviewed; sign this version first.")
    today = site_today(plan.episode)
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        reject("reviewed_on", "A review cannot be dated in the future.")
    if plan.effective_on and reviewed_on < plan.effective_on:
        reject("reviewed_on", "A review cannot come before the plan was signed.")
    objectives = list(Objective.objects.filter(goal__problem__plan=plan).select_related("goal__problem"))
    _check_progress(objectives, entries)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        reviewed_at=clock.now(),
        reviewed_by=reviewed_by,
        summary=summary.strip(),
    )
    ObjectiveProgress.objects.bulk_create(
        ObjectiveProgress(review=review, objective_id=e.objective_id, status=e.status, note=e.note.strip())
        for e in entries
    )
    audit.record(
        actor=reviewed_by,
        action=audit.Action.CREATE,
        client_id=plan.episode.client_id,
        obj=review,
        detail=f"plan v{plan.version} reviewed",
    )
    return review


def next_phase(*, plan: TreatmentPlan) -> tuple[Enrollment, Phase] | None:
    """The client's current enrollment and the phase after it (Phase.number + 1), if the program has one."""
    current = (
        Enrollment.objects.filter(episode_id=plan.episode_id, ends_on__isnull=True)
        .select_related("phase", "track")
        .first()
    )
    if current is None:
        return None
    following = Phase.objects.filter(
        program_id=current.phase.program_id, number=current.phase.number + 1
    ).first()
    return (current, following) if following else None


@transaction.atomic
def step_down_after_review(*, review: PlanReview, starts_on: dt.date, changed_by: Any) -> Enrollment:
    """Taper the client to the next phase in the same track, as the review decided."""
    step = next_phase(plan=review.plan)
    if step is None:
        reject("phase", "The client has no current enrollment with a later phase to step down to.")
    current, following = step
    enrollment: Enrollment = episode_services.change_enrollment(
        episode=review.plan.episode,
        track=current.track,
        phase=following,
        starts_on=starts_on,
        reason=EnrollmentEndReason.STEP_DOWN,
        changed_by=changed_by,
    )
    return enrollment
