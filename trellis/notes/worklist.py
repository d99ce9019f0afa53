"""Reads for what a clinician still has to document, their notes list, and a client's recent notes.

Each function runs a fixed number of queries, however many sessions, notes or clients there are.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.clients.models import Client
from trellis.notes.choices import NoteService
from trellis.notes.models import GroupNote, IndividualNote, NotesSetting, ParticipantEntry
from trellis.notes.signing import due_at, get_notes_setting
from trellis.programs.models import Site
from trellis.scheduling.models import GroupSession

LIMIT = 25  # a to-do list, not a report: the oldest first


@dataclass(frozen=True)
class ToDo:
    """One line on Today: a note to write or sign, or one to co-sign.

    The link says what to do ("Write note"), not whose note it is: names stay in plain text beside it.
    """

    title: str
    detail: str
    url: str
    action: str
    due: dt.datetime | None = None
    overdue: bool = False
    client: Client | None = None


@dataclass(frozen=True)
class NotesToDo:
    unsigned: list[ToDo]
    cosign: list[ToDo]

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.unsigned if item.overdue)

    def client_ids(self) -> list[Any]:
        return [item.client.pk for item in [*self.unsigned, *self.cosign] if item.client is not None]


def _group_url(session_pk: Any) -> str:
    return reverse("notes:group_note", kwargs={"session_pk": session_pk})


def _individual_url(pk: Any) -> str:
    return reverse("notes:individual", kwargs={"pk": pk})


def _sessions_to_document(user: Any, now: dt.datetime, setting: NotesSetting) -> list[ToDo]:
    """Sessions the user facilitated, with someone present, and no signed note yet."""
    present = AttendanceRecord.objects.filter(session=OuterRef("pk"), status__in=PRESENT_STATUSES)
    sessions = (
        GroupSession.objects.visible_to(user)
        .held()
        .filter(facilitator=user, starts_at__lte=now)
        .filter(Exists(present))
        .filter(Q(group_note__isnull=True) | Q(group_note__signed_at__isnull=True))
        .select_related("group", "group_note")
        .order_by("starts_at")[:LIMIT]
    )
    items = []
    for session in sessions:
        due = due_at(service_ended_at=session.ends_at, setting=setting)
        started = hasattr(session, "group_note")
        items.append(
            ToDo(
                title=f"Group note: {session.group.name}",
                detail=f"{session.date:%a %-d %b} · {'draft' if started else 'not started'}",
                url=_group_url(session.pk),
                action="Finish note" if started else "Write note",
                due=due,
                overdue=due < now,
            )
        )
    return items


def _individual_drafts(user: Any, now: dt.datetime, setting: NotesSetting) -> list[ToDo]:
    drafts = (
        IndividualNote.objects.visible_to(user)
        .unsigned()
        .filter(author=user)
        .select_related("client__site")
        .order_by("service_date")[:LIMIT]
    )
    items = []
    for note in drafts:
        due = due_at(service_ended_at=note.service_ended_at(note.client.site.timezone), setting=setting)
        items.append(
            ToDo(
                title=f"{note.format.upper()} note: {note.client.display_name}",
                detail=f"{note.service_date:%a %-d %b} · draft",
                url=_individual_url(note.pk),
                action="Finish note",
                due=due,
                overdue=due < now,
                client=note.client,
            )
        )
    return items


def _awaiting_cosignature(user: Any) -> list[ToDo]:
    waiting = Q(cosign_supervisor=user, signed_at__isnull=False, cosigned_at__isnull=True)
    groups = GroupNote.objects.visible_to(user).filter(waiting).select_related("session__group", "author")
    singles = IndividualNote.objects.visible_to(user).filter(waiting).select_related("client", "author")
    items = [
        ToDo(
            title=f"Co-sign group note: {note.session.group.name}",
            detail=f"{note.session.date:%a %-d %b} · by {note.author}",
            url=_group_url(note.session_id),
            action="Co-sign",
        )
        for note in groups.order_by("signed_at")[:LIMIT]
    ]
    items += [
        ToDo(
            title=f"Co-sign {note.format.upper()} note: {note.client.display_name}",
            detail=f"{note.service_date:%a %-d %b} · by {note.author}",
            url=_individual_url(note.pk),
            action="Co-sign",
            client=note.client,
        )
        for note in singles.order_by("signed_at")[:LIMIT]
    ]
    return items


def list_notes_to_do(*, user: Any, now: dt.datetime) -> NotesToDo:
    """The user's unsigned notes, overdue ones flagged, and co-signatures waiting for them (5 queries)."""
    setting = get_notes_setting(organization_id=user.organization_id)
    unsigned = _sessions_to_document(user, now, setting) + _individual_drafts(user, now, setting)
    unsigned.sort(key=lambda item: item.due or now)
    return NotesToDo(unsigned=unsigned, cosign=_awaiting_cosignature(user))


def zone_for(user: Any) -> str:
    """The zone times are shown in: the user's first site's, as on Today."""
    site = Site.objects.filter(pk__in=user.site_ids()).order_by("name").first()
    return site.timezone if site else "America/New_York"


def list_my_group_notes(*, user: Any, limit: int = 100) -> list[GroupNote]:
    return list(
        GroupNote.objects.visible_to(user)
        .filter(author=user)
        .select_related("session__group", "session__track__site")
        .annotate(entry_count=Count("entries"))
        .order_by("-session__starts_at")[:limit]
    )


def list_my_individual_notes(*, user: Any, limit: int = 100) -> list[IndividualNote]:
    return list(
        IndividualNote.objects.visible_to(user)
        .filter(author=user)
        .select_related("client")
        .order_by("-service_date", "-created_at")[:limit]
    )


@dataclass(frozen=True)
class ChartNote:
    """A note in a client's chart: their entry in a group note, or an individual note."""

    day: dt.date
    kind: str
    title: str
    status: str
    url: str
    late: bool
    risk: str = ""


def list_client_notes(*, client: Client, user: Any, limit: int = 10) -> list[ChartNote]:
    """The client's most recent notes the user may read (2 queries)."""
    entries = (
        ParticipantEntry.objects.visible_to(user)
        .filter(client=client)
        .select_related("note__session__group", "note__session__topic")
        .order_by("-note__session__starts_at")[:limit]
    )
    singles = IndividualNote.objects.visible_to(user).filter(client=client).order_by("-service_date")[:limit]
    notes = [
        ChartNote(
            day=entry.note.session.date,
            kind="Group",
            title=f"{entry.note.session.group.name}{' · ' + entry.note.topic if entry.note.topic else ''}",
            status=entry.note.status_label,
            url=_group_url(entry.note.session_id),
            late=entry.note.late_entry,
            risk=entry.risk_level if entry.risk_level in ("moderate", "high") else "",
        )
        for entry in entries
    ]
    notes += [
        ChartNote(
            day=note.service_date,
            kind=note.format.upper(),
            title=f"{_service_words(note)}, {note.duration_minutes} min",
            status=note.status_label,
            url=_individual_url(note.pk),
            late=note.late_entry,
        )
        for note in singles
    ]
    return sorted(notes, key=lambda note: note.day, reverse=True)[:limit]


def _service_words(note: IndividualNote) -> str:
    return "Individual session" if note.service == NoteService.INDIVIDUAL else note.get_service_display()
