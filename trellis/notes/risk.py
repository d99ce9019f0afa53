"""A group-note entry rated high risk opens the same urgent safety task as PHQ-9 item 9.

It opens when the entry is saved, not when the note is signed: a clinician who writes "disclosed a plan to
overdose tonight" expects the on-call clinician to know now, and a note may stay a draft for hours within its
signing deadline. One task per entry: saving the entry again (high still) opens no second task.
"""

from typing import Any

from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.measures import safety
from trellis.measures.choices import SafetyTaskKind
from trellis.measures.models import SafetyTask
from trellis.notes.choices import RiskLevel
from trellis.notes.models import EntrySafetyTask, ParticipantEntry


def _assignee(entry: ParticipantEntry, editor: Any) -> Any:
    episode = (
        Episode.objects.filter(client_id=entry.client_id, discharged_on__isnull=True)
        .select_related("primary_clinician")
        .order_by("-admitted_on")
        .first()
    )
    return (episode.primary_clinician if episode else None) or editor


def _reason(entry: ParticipantEntry) -> str:
    session = entry.note.session
    written = entry.risk_note.strip()
    return f"High risk written in the group note of {session.group.name}, {session.date:%b %-d}: {written}"


def open_task_for_high_risk(*, entry: ParticipantEntry, editor: Any) -> SafetyTask | None:
    """Called inside the entry's save transaction; returns the task it opened, if any."""
    if entry.risk_level != RiskLevel.HIGH or EntrySafetyTask.objects.filter(entry=entry).exists():
        return None
    client = entry.client
    task = safety.open_safety_task(
        client=client,
        kind=SafetyTaskKind.NOTE_HIGH_RISK,
        reason=_reason(entry),
        assigned_to=_assignee(entry, editor),
        due_on=clock.today_in(client.site.timezone),
        opened_by=editor,
    )
    EntrySafetyTask.objects.create(entry=entry, task=task)
    safety.notify_safety_task(task=task, actor=editor)
    return task
