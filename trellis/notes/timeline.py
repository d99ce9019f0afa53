"""Timeline events of notes: each signed group-note entry and individual note, and each addendum to them.

Drafts are not yet part of the record, so they are left off. Clinical: nothing for roles without VIEW_CLINICAL.
"""

from typing import Any

from django.db.models import Q
from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core.timeline import TimelineEvent
from trellis.notes.models import Addendum, IndividualNote, ParticipantEntry

RISKY = {"moderate", "high"}


def _group_url(session_pk: Any) -> str:
    return reverse("notes:group_note", kwargs={"session_pk": session_pk})


def _individual_url(pk: Any) -> str:
    return reverse("notes:individual", kwargs={"pk": pk})


def _entry_event(entry: ParticipantEntry) -> TimelineEvent:
    note = entry.note
    risk = f" · {entry.get_risk_level_display().lower()} risk" if entry.risk_level in RISKY else ""
    return TimelineEvent(
        at=entry.signed_at or note.created_at,
        kind="Note",
        title=f"Group note signed: {note.session.group.name}",
        detail=f"{note.topic}{risk}{' · late entry' if note.late_entry else ''}",
        url=_group_url(note.session_id),
        tone="bad" if risk else "",
    )


def _individual_event(note: IndividualNote) -> TimelineEvent:
    return TimelineEvent(
        at=note.signed_at or note.created_at,
        kind="Note",
        title=f"{note.format.upper()} note signed: individual session, {note.duration_minutes} min",
        detail="late entry" if note.late_entry else "",
        url=_individual_url(note.pk),
    )


def _addendum_event(addendum: Addendum) -> TimelineEvent:
    url = (
        _individual_url(addendum.individual_note_id)
        if addendum.individual_note_id
        else _group_url(addendum.group_note.session_id)  # type: ignore[union-attr]
    )
    return TimelineEvent(at=addendum.created_at, kind="Note", title="Addendum to a signed note", url=url)


def note_events(client: Any, user: Any) -> list[TimelineEvent]:
    """3 queries: signed group entries, signed individual notes, addenda."""
    if not user.can(Capability.VIEW_CLINICAL):
        return []
    entries = ParticipantEntry.objects.visible_to(user).filter(client=client, signed_at__isnull=False)
    singles = IndividualNote.objects.visible_to(user).filter(client=client, signed_at__isnull=False)
    about_client = (
        Q(entry__client=client)
        | Q(entry__isnull=True, group_note__entries__client=client)
        | Q(individual_note__client=client)
    )
    addenda = Addendum.objects.filter(about_client).distinct()
    events = [_entry_event(e) for e in entries.select_related("note__session__group")]
    events += [_individual_event(n) for n in singles]
    events += [_addendum_event(a) for a in addenda.select_related("group_note")]
    return events
