"""Reads for the notes pages, each in a fixed number of queries whatever the number of participants or notes."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.clients.models import Client
from trellis.notes import names
from trellis.notes.models import Addendum, GroupNote, ParticipantEntry
from trellis.notes.services import person_of, roster_people
from trellis.notes.signing import due_at, get_notes_setting
from trellis.plans.choices import PlanStatus
from trellis.plans.models import Objective
from trellis.scheduling.models import GroupSession


@dataclass
class EntryLine:
    """One present client on the group note page: their attendance, entry so far and plan objectives."""

    client: Client
    attendance: AttendanceRecord
    entry: ParticipantEntry | None
    objectives: list[Objective]
    addenda: list[Addendum] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        if self.entry is None:
            return ["participation", "response", "objective addressed", "risk"]
        return self.entry.missing_parts()


@dataclass
class GroupNotePage:
    session: GroupSession
    note: GroupNote | None
    lines: list[EntryLine]
    addenda: list[Addendum]  # to the whole note, and to entries of clients the user may see
    mentions: list[names.Mention]
    due: dt.datetime
    hidden_count: int  # present clients this user may not see: their entries are not shown

    @property
    def complete_count(self) -> int:
        return sum(1 for line in self.lines if not line.missing)


def get_session(*, user: Any, pk: Any) -> GroupSession:
    queryset = GroupSession.objects.visible_to(user).select_related(
        "group", "track__site", "track__program", "room", "facilitator", "topic"
    )
    session = queryset.filter(pk=pk).first()
    if session is None:
        raise Http404("No such session.")
    return session  # type: ignore[no-any-return]


def _objectives_by_client(client_ids: list[Any]) -> dict[Any, list[Objective]]:
    """Objectives of each client's active plan, in one query."""
    objectives = Objective.objects.filter(
        goal__problem__plan__episode__client_id__in=client_ids,
        goal__problem__plan__status=PlanStatus.ACTIVE,
    )
    grouped: dict[Any, list[Objective]] = defaultdict(list)
    rows = objectives.select_related("goal__problem__plan__episode").order_by(
        "goal__problem__position", "goal__position", "position"
    )
    for objective in rows:
        grouped[objective.goal.problem.plan.episode.client_id].append(objective)
    return grouped


def _addenda(note: GroupNote | None, user: Any) -> list[Addendum]:
    if note is None:
        return []
    return list(
        Addendum.objects.filter(group_note=note)
        .for_entries_visible_to(user)
        .select_related("author", "entry__client")
    )


def get_group_note_page(*, session: GroupSession, user: Any) -> GroupNotePage:
    """The shared part once and a line per present client the user may see (7 queries)."""
    note = GroupNote.objects.filter(session=session).select_related("author", "cosign_supervisor").first()
    present = list(
        AttendanceRecord.objects.filter(session=session, status__in=PRESENT_STATUSES)
        .select_related("client")
        .order_by("client__legal_last_name", "client__legal_first_name")
    )
    visible = set(
        Client.objects.visible_to(user)
        .filter(pk__in=[r.client_id for r in present])
        .values_list("pk", flat=True)
    )
    shown = [record for record in present if record.client_id in visible]
    entries = {}
    if note is not None:
        entries = {e.client_id: e for e in ParticipantEntry.objects.filter(note=note, client_id__in=visible)}
    objectives = _objectives_by_client([record.client_id for record in shown])
    addenda = _addenda(note, user)
    lines = [
        EntryLine(
            client=record.client,
            attendance=record,
            entry=entries.get(record.client_id),
            objectives=objectives.get(record.client_id, []),
            addenda=[a for a in addenda if a.entry is not None and a.entry.client_id == record.client_id],
        )
        for record in shown
    ]
    text = f"{note.topic}\n{note.content}" if note else ""
    setting = get_notes_setting(organization_id=session.track.program.organization_id)
    return GroupNotePage(
        session=session,
        note=note,
        lines=lines,
        addenda=addenda,
        mentions=names.find_mentions(text, roster_people(session)) if text.strip() else [],
        due=due_at(service_ended_at=session.ends_at, setting=setting),
        hidden_count=len(present) - len(shown),
    )


def get_line(*, page: GroupNotePage, client_pk: Any) -> EntryLine:
    line = next((line for line in page.lines if str(line.client.pk) == str(client_pk)), None)
    if line is None:
        raise Http404("This client is not marked present in this session.")
    return line


def short_name(client: Client) -> str:
    return person_of(client).short_name
