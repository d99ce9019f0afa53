"""Writing group notes: the shared part once, an entry per present client, and signing them all together.

Co-signature, addenda and deadlines are shared with individual notes and live in ``signing.py``; individual
notes are written in ``individual_services.py``. Both are re-exported here, so callers use one module.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.core.versions import SavedCopy, StaleEdit, check_and_raise, display_name
from trellis.episodes.models import Enrollment
from trellis.notes import names, risk
from trellis.notes.choices import Participation, RiskLevel
from trellis.notes.individual_services import (
    create_individual_note,
    sign_individual_note,
    update_individual_note,
)
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.notes.signing import (
    add_addendum,
    cosign_note,
    get_notes_setting,
    is_late_entry,
    lock,
    mark_signed,
    refuse_if_signed,
    refuse_unless_author,
    require_cosignature,
)
from trellis.plans.models import Objective
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession

__all__ = [
    "add_addendum",
    "cosign_note",
    "create_individual_note",
    "require_cosignature",
    "save_participant_entry",
    "sign_group_note",
    "sign_individual_note",
    "start_group_note",
    "update_group_note_shared",
    "update_individual_note",
]


def person_of(client: Client) -> names.Person:
    return names.Person(
        first=client.legal_first_name, last=client.legal_last_name, preferred=client.preferred_name
    )


@transaction.atomic
def start_group_note(*, session: GroupSession, author: Any) -> GroupNote:
    """The session's note, begun by `author` with the session's topic; an existing note is returned as is."""
    require(author, Capability.WRITE_NOTES)
    if session.is_cancelled:
        reject("session", "This session was cancelled: there is nothing to document.")
    if session.starts_at > clock.now():
        reject("session", "This session has not started yet.")
    note, created = GroupNote.objects.get_or_create(
        session=session,
        defaults={"author": author, "topic": session.topic.name if session.topic else ""},
    )
    if created:
        audit.record(actor=author, action=audit.Action.CREATE, obj=note, detail="group note started")
    return note


def saved_shared_part(note: GroupNote) -> SavedCopy:
    return SavedCopy(
        version=note.version,
        saved_by=display_name(note.author),
        saved_at=note.updated_at,
        texts=[("Topic", note.topic), ("What the group did", note.content)],
    )


@transaction.atomic
def update_group_note_shared(
    *, note: GroupNote, editor: Any, topic: str, content: str, expected_version: int | None = None
) -> GroupNote:
    """Change the shared part of a draft: the topic and what the group did.

    `expected_version` is the note's version the editor started from; a save from an older copy is refused.
    """
    note = lock(note)  # type: ignore[assignment]
    refuse_if_signed(note)
    refuse_unless_author(note, editor)
    if len(topic.strip()) > 200:
        reject("topic", "Keep the topic under 200 characters.")
    check_and_raise(
        note,
        expected=expected_version,
        stale=lambda: StaleEdit(what="The shared part", saved=saved_shared_part(note)),
    )
    note.topic = topic.strip()
    note.content = content.strip()
    note.save(update_fields=["topic", "content", "version", "updated_at"])
    audit.record(actor=editor, action=audit.Action.UPDATE, obj=note, detail="group note shared part")
    return note


def _check_entry(*, risk_level: str, participation: str, objective_addressed: str) -> None:
    if participation and participation not in Participation.values:
        reject("participation", "Choose how the client took part.")
    if risk_level and risk_level not in RiskLevel.values:
        reject("risk_level", "Choose none, low, moderate or high.")
    if len(objective_addressed.strip()) > 300:
        reject("objective_addressed", "Keep the objective under 300 characters.")


@transaction.atomic
def save_participant_entry(
    *,
    note: GroupNote,
    client: Client,
    editor: Any,
    participation: str,
    response: str,
    objective_addressed: str,
    risk_level: str,
    risk_note: str,
    objective: Objective | None = None,
    expected_version: int | None = None,
) -> ParticipantEntry:
    """Write or correct one present client's entry in a draft note; it may stay incomplete until signing.

    A plan objective, when chosen, also gives the entry its words unless the clinician wrote their own.
    `expected_version` is the entry's version the editor started from (0: there was no entry yet).
    """
    note = lock(note)  # type: ignore[assignment]
    refuse_if_signed(note)
    refuse_unless_author(note, editor)
    _check_entry(risk_level=risk_level, participation=participation, objective_addressed=objective_addressed)
    if objective is not None:
        if objective.goal.problem.plan.episode.client_id != client.pk:
            reject("objective", "That objective is not in this client's treatment plan.")
        objective_addressed = objective_addressed.strip() or objective.text[:300]
    attendance = AttendanceRecord.objects.filter(session_id=note.session_id, client=client).first()
    if attendance is None or not attendance.counts_as_present:
        reject("client", f"{person_of(client).short_name} is not marked present in this session.")
    entry, created = _entry_to_write(note=note, client=client, expected_version=expected_version)
    entry.attendance = attendance
    entry.objective = objective
    entry.participation = participation
    entry.response = response.strip()
    entry.objective_addressed = objective_addressed.strip()
    entry.risk_level = risk_level
    entry.risk_note = risk_note.strip()
    entry.save()
    action = audit.Action.CREATE if created else audit.Action.UPDATE
    audit.record(actor=editor, action=action, client_id=client.pk, obj=entry, detail="group note entry")
    risk.open_task_for_high_risk(entry=entry, editor=editor)
    return entry


def saved_entry(entry: ParticipantEntry, author: Any) -> SavedCopy:
    return SavedCopy(
        version=entry.version,
        saved_by=display_name(author),
        saved_at=entry.updated_at,
        summary=entry.get_participation_display() or "",
        texts=[
            ("Response and progress", entry.response),
            ("Objective addressed", entry.objective_addressed),
            ("Risk", entry.get_risk_level_display() or ""),
            ("Risk: what and what was done", entry.risk_note),
        ],
    )


def _entry_to_write(
    *, note: GroupNote, client: Client, expected_version: int | None
) -> tuple[ParticipantEntry, bool]:
    """The client's entry (a new one at version 0), checked against the version the editor started from,
    and whether it is new.

    The note's row lock, taken by the caller, serializes every save of the note's entries.
    """
    found = ParticipantEntry.objects.filter(note=note, client=client).first()
    entry = found or ParticipantEntry(note=note, client=client, version=0)
    what = f"The entry for {person_of(client).short_name}"
    check_and_raise(
        entry,
        expected=expected_version,
        stale=lambda: StaleEdit(what=what, saved=saved_entry(entry, note.author)),
    )
    return entry, found is None


def roster_people(session: GroupSession) -> list[names.Person]:
    """Everyone on the session's roster or in its attendance, present or not: none may be named."""
    enrolled = (
        Enrollment.objects.on(session.date).filter(track_id=session.track_id).values("episode__client_id")
    )
    attended = AttendanceRecord.objects.filter(session=session).values("client_id")
    clients = Client.objects.filter(pk__in=enrolled) | Client.objects.filter(pk__in=attended)
    return [person_of(client) for client in clients.distinct()]


def shared_part_problems(note: GroupNote) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not note.topic.strip():
        problems["topic"] = ["Give the group's topic."]
    if not note.content.strip():
        problems["content"] = ["Write the shared part: what the group did, once for everyone."]
        return problems
    mentions = names.find_mentions(f"{note.topic}\n{note.content}", roster_people(note.session))
    if mentions:
        written = ", ".join(f"“{mention.written}”" for mention in mentions)
        problems["content"] = [
            f"The shared part names a client ({written}). It is copied into every participant's chart: "
            "describe each client only in their own entry."
        ]
    return problems


def entry_problems(note: GroupNote) -> list[str]:
    """Each present client lacking a complete entry, and each entry for a client no longer present."""
    present = (
        AttendanceRecord.objects.filter(session_id=note.session_id, status__in=PRESENT_STATUSES)
        .select_related("client")
        .order_by("client__legal_last_name", "client__legal_first_name")
    )
    entries = {entry.client_id: entry for entry in note.entries.select_related("client", "attendance")}
    problems = []
    for record in present:
        entry = entries.pop(record.client_id, None)
        missing = (
            entry.missing_parts() if entry else ["participation", "response", "objective addressed", "risk"]
        )
        if missing:
            listed = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
            problems.append(f"Entry for {person_of(record.client).short_name} is missing {listed}.")
    for entry in entries.values():
        problems.append(
            f"{person_of(entry.client).short_name} has an entry but is no longer marked present: "
            "correct the attendance first."
        )
    return problems


@transaction.atomic
def sign_group_note(*, note: GroupNote, signed_by: Any) -> GroupNote:
    """Sign the note and so every participant's entry; refused while any present client lacks an entry."""
    require(signed_by, Capability.WRITE_NOTES)
    note = lock(note)  # type: ignore[assignment]
    refuse_if_signed(note)
    refuse_unless_author(note, signed_by)
    problems = shared_part_problems(note)
    if missing := entry_problems(note):
        problems["entries"] = missing
    if problems:
        raise ValidationError(problems)
    now = clock.now()
    session = note.session
    setting = get_notes_setting(organization_id=session.track.program.organization_id)
    late = is_late_entry(signed_at=now, service_ended_at=session.ends_at, setting=setting)
    mark_signed(note, at=now, late=late, signed_by=signed_by)
    note.entries.update(signed_at=now)
    audit.record(actor=signed_by, action=audit.Action.UPDATE, obj=note, detail="group note signed")
    for client_id in note.entries.values_list("client_id", flat=True):
        audit.record(
            actor=signed_by, action=audit.Action.UPDATE, client_id=client_id, obj=note, detail="signed"
        )
    return note
