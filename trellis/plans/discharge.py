"""The treatment plan closes with the episode: the plan in force and any unsigned draft stop at discharge.

Registered as a discharge step (trellis.episodes.discharge_steps), so it runs inside the discharge's own
transaction and is audited with it.
"""

from trellis.episodes.discharge_steps import DischargeContext, DischargeStep
from trellis.plans.choices import PlanStatus
from trellis.plans.models import TreatmentPlan
from trellis.privacy import audit


def close_plans(context: DischargeContext) -> None:
    open_plans = TreatmentPlan.objects.select_for_update().filter(
        episode=context.episode, status__in=[PlanStatus.ACTIVE, PlanStatus.DRAFT]
    )
    for plan in open_plans:
        was = plan.get_status_display().lower()
        plan.status = PlanStatus.DISCHARGED
        plan.closed_on = context.discharged_on
        plan.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record(
            actor=context.discharged_by,
            action=audit.Action.UPDATE,
            client_id=context.episode.client_id,
            obj=plan,
            detail=f"plan v{plan.version} ({was}) closed at discharge",
        )


STEP = DischargeStep(name="plans", title="Treatment plan", apply=close_plans)
