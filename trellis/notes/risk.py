"""A note rated high risk (a group-note entry or an individual note) opens the same urgent safety task as
PHQ-9 item 9, and so tells the same people (measures/safety.py).

It opens when the note is saved, not when it is signed: a clinician who writes "disclosed a plan to overdose
tonight" expects the on-call clinician to know now, and a note may stay a draft for hours within its signing
deadline. One task per entry or note: saving it again (high still, or high again after a lower rating)
opens no second task; the open task follows what the note says now.
"""

from typing import Any

from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.measures import safety
from trellis.measures.choices import SafetyTaskKind, SafetyTaskStatus
from trellis.measures.models import SafetyTask
from trellis.notes.choices import RiskLevel
from trellis.notes.models import EntrySafetyTask, IndividualNote, IndividualNoteSafetyTask, ParticipantEntry


def _assignee(client: Client, editor: Any) -> Any:
    episode = (
        Episode.objects.filter(client_id=client.pk, discharged_on__isnull=True)
        .select_related("primary_clinician")
        .order_by("-admitted_on")
        .first()
    )
    return (episode.primary_clinician if episode else None) or editor


def _cut(reason: str) -> str:
    """Cut to the task's reason field; the full text stays in the note."""
    limit = SafetyTask._meta.get_field("reason").max_length or len(reason)
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def _entry_reason(entry: ParticipantEntry) -> str:
    session = entry.note.session
    written = entry.risk_note.strip()
    return _cut(
        f"High risk written in the group note of {session.group.name}, {session.date:%b %-d}: {written}"
    )


def _note_reason(note: IndividualNote) -> str:
    written = note.risk_note.strip()
    return _cut(
        f"High risk written in the {note.format.upper()} note of {note.service_date:%b %-d}: {written}"
    )


def _open_once(*, client: Client, existing: SafetyTask | None, reason: str, editor: Any) -> SafetyTask | None:
    """Open the task unless the note already opened one; an open one is kept saying what the note says now
    (autosave may store the rating first and what was written after)."""
    if existing is not None:
        if existing.status == SafetyTaskStatus.OPEN and existing.reason != reason:
            existing.reason = reason
            existing.save(update_fields=["reason"])
        return None
    return safety.open_safety_task(
        client=client,
        kind=SafetyTaskKind.NOTE_HIGH_RISK,
        reason=reason,
        assigned_to=_assignee(client, editor),
        due_on=clock.today_in(client.site.timezone),
        opened_by=editor,
    )


def open_task_for_high_risk(*, entry: ParticipantEntry, editor: Any) -> SafetyTask | None:
    """Called inside the entry's save transaction; returns the task it opened, if any."""
    if entry.risk_level != RiskLevel.HIGH:
        return None
    link = EntrySafetyTask.objects.filter(entry=entry).select_related("task").first()
    task = _open_once(
        client=entry.client, existing=link.task if link else None, reason=_entry_reason(entry), editor=editor
    )
    if task is not None:
        EntrySafetyTask.objects.create(entry=entry, task=task)
    return task


def open_task_for_high_risk_note(*, note: IndividualNote, editor: Any) -> SafetyTask | None:
    """Called inside the individual note's save transaction (the note row locked, or new); the task opened."""
    if note.risk_level != RiskLevel.HIGH:
        return None
    link = IndividualNoteSafetyTask.objects.filter(note=note).select_related("task").first()
    task = _open_once(
        client=note.client, existing=link.task if link else None, reason=_note_reason(note), editor=editor
    )
    if task is not None:
        IndividualNoteSafetyTask.objects.create(note=note, task=task)
    return task
