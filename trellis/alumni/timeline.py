"""Timeline events of alumni: each follow-up answered (the self-report and what the alumnus wrote) and each
request passed to admissions, so the care team reads them in the chart beside the BAM."""

from typing import Any

from trellis.accounts.roles import Capability
from trellis.alumni.models import FollowUp, Reconnect
from trellis.core.timeline import TimelineEvent


def _yes_no(value: bool | None) -> str:
    return "not answered" if value is None else ("yes" if value else "no")


def _summary(follow_up: FollowUp) -> str:
    parts = [
        f"used since last check-in: {follow_up.get_using_since_display().lower()}",
        f"recovery support: {_yes_no(follow_up.in_support)}",
        f"working or school: {_yes_no(follow_up.working_or_school)}",
        f"housing stable: {_yes_no(follow_up.housing_stable)}",
    ]
    note = f" They wrote: “{follow_up.note}”" if follow_up.note else ""
    return "; ".join(parts) + "." + note


def alumni_events(client: Any, user: Any) -> list[TimelineEvent]:
    """2 queries: answered follow-ups and reconnects. Clinical: nothing for roles without VIEW_CLINICAL."""
    if not user.can(Capability.VIEW_CLINICAL):
        return []
    events = [
        TimelineEvent(
            f.completed_at,
            "Alumni",
            f"{f.milestone}-day follow-up answered in the portal",
            detail=_summary(f),
            tone="warn" if f.using_since == "yes" else "",
        )
        for f in FollowUp.objects.filter(client=client, completed_at__isnull=False)
        if f.completed_at is not None
    ]
    events += [
        TimelineEvent(
            r.requested_at, "Alumni", f"Passed to admissions: {r.get_reason_display().lower()}", tone="info"
        )
        for r in Reconnect.objects.filter(client=client)
    ]
    return events
