"""Timeline events of measures: each instrument given, with its score, and each safety task."""

from typing import Any

from trellis.accounts.roles import Capability
from trellis.core.timeline import TimelineEvent
from trellis.measures.instrument_data import get_instrument
from trellis.measures.models import MeasureResponse, SafetyTask


def _score(response: MeasureResponse) -> str:
    if response.total is None:
        return ", ".join(f"{name} {value}" for name, value in sorted(response.subscales.items()))
    return f"{response.total}{f' ({response.band})' if response.band else ''}"


def measure_events(client: Any, user: Any) -> list[TimelineEvent]:
    """2 queries: responses and safety tasks. Clinical: nothing for roles without VIEW_CLINICAL."""
    if not user.can(Capability.VIEW_CLINICAL):
        return []
    events = [
        TimelineEvent(
            r.administered_at,
            "Measure",
            f"{get_instrument(r.instrument).short_name}: {_score(r)}",
            tone="bad" if any(flag.get("urgent") for flag in r.flags) else "",
        )
        for r in MeasureResponse.objects.filter(client=client).only(
            "instrument", "total", "band", "subscales", "flags", "administered_at"
        )
    ]
    for task in SafetyTask.objects.filter(client=client).only("reason", "created_at", "status", "closed_at"):
        events.append(
            TimelineEvent(task.created_at, "Safety", f"Safety task opened: {task.reason}", tone="bad")
        )
        if task.closed_at:
            events.append(TimelineEvent(task.closed_at, "Safety", "Safety assessment documented", tone="ok"))
    return events
