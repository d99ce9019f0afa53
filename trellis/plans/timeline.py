"""Timeline events of treatment plans: each version when it took effect, and each plan review."""

from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core.timeline import TimelineEvent, at_start_of
from trellis.plans.models import PlanReview, TreatmentPlan


def plan_events(client: Any, user: Any) -> list[TimelineEvent]:
    """2 queries: plan versions and reviews. Clinical: nothing for roles without VIEW_CLINICAL."""
    if not user.can(Capability.VIEW_CLINICAL):
        return []
    zone = ZoneInfo(client.site.timezone)
    events = []
    for plan in TreatmentPlan.objects.filter(episode__client=client).exclude(clinician_signed_at=None):
        url = reverse("plans:plan", kwargs={"pk": plan.pk})
        signed_at = plan.clinician_signed_at or at_start_of(plan.effective_on, zone)
        events.append(
            TimelineEvent(signed_at, "Plan", f"Treatment plan version {plan.version} signed", url=url)
        )
    for review in PlanReview.objects.filter(plan__episode__client=client):
        url = reverse("plans:plan", kwargs={"pk": review.plan_id})
        events.append(
            TimelineEvent(
                review.reviewed_at,
                "Plan review",
                "Plan reviewed",
                detail=review.summary[:120],
                url=url,
                tone="info",
            )
        )
    return events
