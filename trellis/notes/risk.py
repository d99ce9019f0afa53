"""A group-note entry rated high risk opens the same urgent safety task as PHQ-9 item 9.

It opens when the entry is saved, not when the note is signed: a clinician who writes "disclosed a plan to
overdose tonight" expects the on-call clinician to know now, and a note may stay a draft for hours within its
signing deadline. One task per entry: saving the entry again (high still) opens no second task.
"""

from typing import Any

from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.measures import safety
from trellis.measures.choices import SafetyTaskKind, SafetyTaskStatus
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
    """What the task page says; cut to the task's reason field, whose full text stays in the note."""
    session = entry.note.session
    written = entry.risk_note.strip()
    reason = f"High risk written in the group note of {session.group.name}, {session.date:%b %-d}: {written}"
    limit = SafetyTask._meta.get_field("reason").max_length or len(reason)
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def _keep_reason_current(link: EntrySafetyTask, entry: ParticipantEntry) -> None:
    """The entry may be saved first with the rating and then with what was written (autosave does so): the
    open task shows what the entry says now."""
    task = link.task
    reason = _reason(entry)
    if task.status == SafetyTaskStatus.OPEN and task.reason != reason:
        task.reason = reason
        task.save(update_fields=["reason"])


def open_task_for_high_risk(*, entry: ParticipantEntry, editor: Any) -> SafetyTask | None:
    """Called inside the entry's save transaction; returns the task it opened, if any."""
    if entry.risk_level != RiskLevel.HIGH:
        return None
    link = EntrySafetyTask.objects.filter(entry=entry).select_related("task").first()
    if link is not None:
        _keep_reason_current(link, entry)
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
