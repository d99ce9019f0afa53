"""Timeline events of assessments: each ASAM assessment, its recommendation and the clinician's decision."""

from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core.timeline import TimelineEvent, at_start_of
from trellis.intake.models import Assessment


def assessment_events(client: Any, user: Any) -> list[TimelineEvent]:
    """1 query. Clinical: nothing for roles without VIEW_CLINICAL."""
    if not user.can(Capability.VIEW_CLINICAL):
        return []
    zone = ZoneInfo(client.site.timezone)
    events = []
    for assessment in Assessment.objects.filter(client=client):
        decided = f"; decided {assessment.decided_level_name}" if assessment.is_decided else ""
        title = f"ASAM assessment: recommends {assessment.recommended_level_name}{decided}"
        url = reverse("intake:assessment", kwargs={"pk": assessment.pk})
        tone = (
            "warn"
            if assessment.is_decided and assessment.decided_level != assessment.recommended_level
            else ""
        )
        events.append(
            TimelineEvent(at_start_of(assessment.assessed_on, zone), "Assessment", title, url=url, tone=tone)
        )
    return events
