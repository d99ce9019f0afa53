"""What group and individual notes share once written: deadlines, locking, co-signature and addenda."""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock, page_memo
from trellis.core.errors import reject
from trellis.notes.cosign_rules import cosigner_for, kind_of
from trellis.notes.models import (
    Addendum,
    CosignRequirement,
    GroupNote,
    IndividualNote,
    NotesSetting,
    ParticipantEntry,
)
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession

Note = GroupNote | IndividualNote


def get_notes_setting(*, organization_id: Any) -> NotesSetting:
    """The organization's deadlines, or the defaults (24 h) where it has set none."""

    def read() -> NotesSetting:
        found = NotesSetting.objects.filter(organization_id=organization_id).first()
        return found or NotesSetting(organization_id=organization_id)

    return page_memo.remember(("notes_setting", organization_id), read)


def is_late_entry(*, signed_at: dt.datetime, service_ended_at: dt.datetime, setting: NotesSetting) -> bool:
    return signed_at > service_ended_at + dt.timedelta(hours=setting.late_entry_hours)


def due_at(*, service_ended_at: dt.datetime, setting: NotesSetting) -> dt.datetime:
    return service_ended_at + dt.timedelta(hours=setting.note_due_hours)


def refuse_if_signed(note: Note) -> None:
    if note.is_signed:
        reject("note", "This note is signed and locked. Add an addendum instead.", code="locked")


def refuse_unless_author(note: Note, user: Any) -> None:
    if note.author_id != user.pk:
        reject("note", f"Only the note's author ({note.author}) may change or sign it.", code="not_author")


def lock(note: Note) -> Note:
    """Re-read the note under a row lock, so two people cannot sign or amend it at the same moment."""
    return type(note).objects.select_for_update().get(pk=note.pk)  # type: ignore[no-any-return]


def mark_signed(note: Note, *, at: dt.datetime, late: bool, signed_by: Any) -> None:
    """Sign the note and, where a co-signature rule covers its author and kind, say who must co-sign it."""
    cosigner = cosigner_for(author=signed_by, kind=kind_of(note))
    note.signed_at = at
    note.late_entry = late
    note.cosign_supervisor = cosigner.supervisor if cosigner else None
    note.cosign_any_supervisor = bool(cosigner and cosigner.any_supervisor)
    fields = ["signed_at", "late_entry", "cosign_supervisor", "cosign_any_supervisor", "updated_at"]
    note.save(update_fields=fields)


def site_id_of(note: Note) -> Any:
    if isinstance(note, IndividualNote):
        return Client.objects.filter(pk=note.client_id).values_list("site_id", flat=True).first()
    return GroupSession.objects.filter(pk=note.session_id).values_list("track__site_id", flat=True).first()


def refuse_unless_cosigner(note: Note, supervisor: Any) -> None:
    """Nobody co-signs their own note; a named supervisor alone co-signs; otherwise a supervisor at the site."""
    if note.author_id == supervisor.pk:
        reject("supervisor", "Nobody co-signs their own note.", code="own_note")
    if note.cosign_supervisor_id is not None:
        if note.cosign_supervisor_id != supervisor.pk:
            reject(
                "supervisor",
                f"Only {note.cosign_supervisor}, the designated supervisor, may co-sign this note.",
            )
        return
    if not supervisor.can(Capability.SUPERVISE_NOTES) or site_id_of(note) not in supervisor.site_ids():
        reject("supervisor", "Only a supervisor at the note's site may co-sign this note.", code="not_here")


def _client_ids(note: Note) -> list[Any]:
    if isinstance(note, IndividualNote):
        return [note.client_id]
    return list(note.entries.values_list("client_id", flat=True))


@transaction.atomic
def cosign_note(*, note: Note, supervisor: Any) -> Note:
    """The designated supervisor co-signs a signed note of someone who needs co-signature."""
    require(supervisor, Capability.WRITE_NOTES)
    note = lock(note)
    if not note.awaiting_cosignature:
        reject("note", "This note is not awaiting a co-signature.", code="not_awaiting")
    refuse_unless_cosigner(note, supervisor)
    note.cosigned_at = clock.now()
    note.cosigned_by = supervisor
    note.save(update_fields=["cosigned_at", "cosigned_by", "updated_at"])
    for client_id in _client_ids(note):
        audit.record(
            actor=supervisor, action=audit.Action.UPDATE, client_id=client_id, obj=note, detail="co-signed"
        )
    return note


@transaction.atomic
def add_addendum(*, note: Note, author: Any, text: str, entry: ParticipantEntry | None = None) -> Addendum:
    """A later addition to a signed note, about the whole note or one participant's entry."""
    require(author, Capability.WRITE_NOTES)
    note = lock(note)
    if not note.is_signed:
        reject("note", "This note is still a draft: change it directly; addenda are for signed notes.")
    if not text.strip():
        reject("text", "Write the addendum.")
    if entry is not None and (not isinstance(note, GroupNote) or entry.note_id != note.pk):
        reject("entry", "That entry is not part of this note.")
    addendum = Addendum.objects.create(
        group_note=note if isinstance(note, GroupNote) else None,
        individual_note=note if isinstance(note, IndividualNote) else None,
        entry=entry,
        author=author,
        text=text.strip(),
    )
    client_ids = [entry.client_id] if entry is not None else _client_ids(note)
    for client_id in client_ids:
        audit.record(
            actor=author, action=audit.Action.CREATE, client_id=client_id, obj=addendum, detail="addendum"
        )
    return addendum


@transaction.atomic
def require_cosignature(*, user: Any, supervisor: Any, set_by: Any) -> CosignRequirement:
    """From now on, `user`'s signed notes wait for `supervisor`'s co-signature."""
    require(set_by, Capability.SUPERVISE_NOTES)
    if supervisor.pk == user.pk:
        reject("supervisor", "Nobody co-signs their own notes: choose another supervisor.")
    if not supervisor.can(Capability.WRITE_NOTES):
        reject("supervisor", "The supervisor's role does not sign clinical notes.")
    if not user.organization_id or {user.organization_id, supervisor.organization_id} != {
        set_by.organization_id
    }:
        reject("supervisor", "Both people must work in your organization.", code="other_organization")
    rule, _ = CosignRequirement.objects.update_or_create(user=user, defaults={"supervisor": supervisor})
    audit.record(actor=set_by, action=audit.Action.UPDATE, obj=rule, detail="co-signature required")
    return rule
