"""Timeline events of medications and drug screens: starts, stops, screens and unexpected positives."""

from typing import Any

from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core.timeline import TimelineEvent, at_start_of
from trellis.medications.models import DrugScreen, Medication, ScreenFlag


def medication_events(client: Any, user: Any) -> list[TimelineEvent]:
    """3 queries: medications, screens, flags. Clinical: nothing for roles without VIEW_CLINICAL."""
    if not user.can(Capability.VIEW_CLINICAL):
        return []
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(client.site.timezone)
    url = reverse("medications:client", kwargs={"client_pk": client.pk})
    events: list[TimelineEvent] = []
    for medication in Medication.objects.filter(client=client).only(
        "name", "dose", "started_on", "stopped_on"
    ):
        events.append(
            TimelineEvent(
                at_start_of(medication.started_on, zone),
                "Medication",
                f"Started {medication.name} {medication.dose}",
                url=url,
            )
        )
        if medication.stopped_on:
            events.append(
                TimelineEvent(
                    at_start_of(medication.stopped_on, zone),
                    "Medication",
                    f"Stopped {medication.name}",
                    url=url,
                )
            )
    for screen in DrugScreen.objects.filter(client=client).only("collected_at", "method", "specimen"):
        events.append(
            TimelineEvent(
                screen.collected_at,
                "Drug screen",
                f"{screen.get_method_display()} screen ({screen.get_specimen_display()})",
                url=url,
            )
        )
    for flag in ScreenFlag.objects.filter(client=client).only("created_at", "substances", "reviewed_at"):
        labels = ", ".join(flag.substance_labels())
        events.append(
            TimelineEvent(
                flag.created_at, "Drug screen", f"Unexpected positive: {labels}", url=url, tone="bad"
            )
        )
        if flag.reviewed_at is not None:
            events.append(
                TimelineEvent(
                    flag.reviewed_at,
                    "Drug screen",
                    f"Unexpected positive reviewed: {labels}",
                    url=url,
                    tone="ok",
                )
            )
    return events
