"""Timeline events of episodes: admissions, level-of-care changes, enrollments, step-downs and discharges."""

from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from trellis.core.timeline import TimelineEvent, at_start_of
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange


def episode_events(client: Any, user: Any) -> list[TimelineEvent]:
    """3 queries: episodes, level changes, enrollments (the caller has already scoped the client)."""
    zone = ZoneInfo(client.site.timezone)
    roster = "episodes:track_roster"
    events: list[TimelineEvent] = []
    for episode in Episode.objects.filter(client=client).select_related("program"):
        events.append(
            TimelineEvent(
                at_start_of(episode.admitted_on, zone),
                "Admission",
                f"Admitted to {episode.program.name}",
                tone="info",
            )
        )
        if episode.discharged_on:
            events.append(
                TimelineEvent(
                    at_start_of(episode.discharged_on, zone),
                    "Discharge",
                    f"Discharged: {episode.get_discharge_reason_display()}",
                    tone="warn",
                )
            )
    for change in LevelOfCareChange.objects.filter(episode__client=client):
        events.append(
            TimelineEvent(
                at_start_of(change.effective_on, zone),
                "Level of care",
                change.get_level_display(),
                detail=change.reason,
            )
        )
    for enrollment in Enrollment.objects.filter(episode__client=client).select_related("track", "phase"):
        title = f"{enrollment.track.name}, {enrollment.phase.name} ({enrollment.days_per_week} days/week)"
        url = reverse(roster, kwargs={"pk": enrollment.track_id})
        events.append(TimelineEvent(at_start_of(enrollment.starts_on, zone), "Enrollment", title, url=url))
    return events
