"""Writing individual notes in DAP, BIRP or SOAP: drafts change freely; signing needs every section."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.core.versions import SavedCopy, StaleEdit, check_and_raise, display_name
from trellis.episodes.models import Episode
from trellis.notes import risk
from trellis.notes.choices import SECTIONS, NoteFormat, NoteService, RiskLevel, section_keys
from trellis.notes.models import IndividualNote
from trellis.notes.signing import (
    get_notes_setting,
    is_late_entry,
    lock,
    mark_signed,
    refuse_if_signed,
    refuse_unless_author,
)
from trellis.privacy import audit

MAX_SECTION_CHARS = 20_000
_DRAFT_FIELDS = ("episode", "service_date", "duration_minutes", "sections", "risk_level", "risk_note")


def _episode_on(client: Client, day: dt.date) -> Episode:
    episode: Episode | None = (
        Episode.objects.filter(client=client, admitted_on__lte=day)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=day))
        .order_by("-admitted_on")
        .first()
    )
    if episode is None:
        reject("service_date", "The client had no episode of care on that date.")
    return episode


def _check(
    *,
    client: Client,
    service_date: dt.date,
    duration_minutes: int,
    sections: dict[str, str],
    risk_level: str,
    risk_note: str,
) -> None:
    if service_date > clock.today_in(client.site.timezone):
        reject("service_date", "A note documents a service already given: the date cannot be in the future.")
    if not 1 <= duration_minutes <= 600:
        reject("duration_minutes", "Give the session's length in minutes (1 to 600).")
    for key, text in sections.items():
        if len(text) > MAX_SECTION_CHARS:
            reject(key, f"Keep each section under {MAX_SECTION_CHARS:,} characters.")
    if risk_level and risk_level not in RiskLevel.values:
        reject("risk_level", "Choose none, low, moderate or high.")
    if len(risk_note) > MAX_SECTION_CHARS:
        reject("risk_note", f"Keep the risk description under {MAX_SECTION_CHARS:,} characters.")


def _cleaned(note_format: str, sections: dict[str, str]) -> dict[str, str]:
    """Only the format's own sections, trimmed; a section not given is kept empty."""
    return {key: str(sections.get(key, "")).strip() for key in section_keys(note_format)}


@transaction.atomic
def create_individual_note(
    *,
    client: Client,
    author: Any,
    service_date: dt.date,
    duration_minutes: int,
    note_format: str,
    sections: dict[str, str],
    risk_level: str = "",
    risk_note: str = "",
    service: str = NoteService.INDIVIDUAL,
    em_code: str = "",
) -> IndividualNote:
    """A draft note of an individual session, filed under the episode of care open on the service date.

    Rated high risk, it opens the urgent safety task at once (notes/risk.py)."""
    require(author, Capability.WRITE_NOTES)
    if note_format not in NoteFormat.values:
        reject("format", "Choose DAP, BIRP or SOAP.")
    cleaned = _cleaned(note_format, sections)
    _check(
        client=client,
        service_date=service_date,
        duration_minutes=duration_minutes,
        sections=cleaned,
        risk_level=risk_level,
        risk_note=risk_note,
    )
    note = IndividualNote.objects.create(
        client=client,
        episode=_episode_on(client, service_date),
        author=author,
        service_date=service_date,
        duration_minutes=duration_minutes,
        format=note_format,
        sections=cleaned,
        risk_level=risk_level,
        risk_note=risk_note.strip(),
        service=service,
        em_code=em_code,
    )
    audit.record(
        actor=author, action=audit.Action.CREATE, client_id=client.pk, obj=note, detail=f"{service} note"
    )
    risk.open_task_for_high_risk_note(note=note, editor=author)
    return note


def saved_note(note: IndividualNote) -> SavedCopy:
    texts = [(label, str(note.sections.get(key, ""))) for key, label in SECTIONS[note.format]]
    texts += [("Risk", note.get_risk_level_display()), ("Risk: what and what was done", note.risk_note)]
    summary = f"{note.service_date:%Y-%m-%d}, {note.duration_minutes} min"
    return SavedCopy(
        version=note.version,
        saved_by=display_name(note.author),
        saved_at=note.updated_at,
        summary=summary,
        texts=texts,
    )


@transaction.atomic
def update_individual_note(
    *,
    note: IndividualNote,
    editor: Any,
    service_date: dt.date,
    duration_minutes: int,
    sections: dict[str, str],
    risk_level: str,
    risk_note: str,
    expected_version: int | None = None,
) -> IndividualNote:
    """Change a draft; a signed note is locked, and a save from a copy older than `expected_version` is
    refused. Rated high risk, it opens the urgent safety task once (notes/risk.py)."""
    note = lock(note)  # type: ignore[assignment]
    refuse_if_signed(note)
    refuse_unless_author(note, editor)
    cleaned = _cleaned(note.format, sections)
    _check(
        client=note.client,
        service_date=service_date,
        duration_minutes=duration_minutes,
        sections=cleaned,
        risk_level=risk_level,
        risk_note=risk_note,
    )
    check_and_raise(
        note, expected=expected_version, stale=lambda: StaleEdit(what="This note", saved=saved_note(note))
    )
    note.episode = _episode_on(note.client, service_date)
    note.service_date = service_date
    note.duration_minutes = duration_minutes
    note.sections = cleaned
    note.risk_level = risk_level
    note.risk_note = risk_note.strip()
    note.save(update_fields=[*_DRAFT_FIELDS, "version", "updated_at"])
    audit.record(actor=editor, action=audit.Action.UPDATE, client_id=note.client_id, obj=note, detail="draft")
    risk.open_task_for_high_risk_note(note=note, editor=editor)
    return note


@transaction.atomic
def sign_individual_note(*, note: IndividualNote, signed_by: Any) -> IndividualNote:
    """Sign and lock the note; refused while any of its format's sections is empty."""
    require(signed_by, Capability.WRITE_NOTES)
    note = lock(note)  # type: ignore[assignment]
    refuse_if_signed(note)
    refuse_unless_author(note, signed_by)
    short = note.format.upper()
    missing = {
        key: [f"{label} is required to sign a {short} note."]
        for key, label in SECTIONS[note.format]
        if not str(note.sections.get(key, "")).strip()
    }
    if note.risk_level not in ("", RiskLevel.NONE) and not note.risk_note.strip():
        missing["risk_note"] = ["Describe the risk and what was done to sign a note that rates one."]
    if missing:
        raise ValidationError(missing)
    now = clock.now()
    client = note.client
    setting = get_notes_setting(organization_id=client.organization_id)
    late = is_late_entry(
        signed_at=now, service_ended_at=note.service_ended_at(client.site.timezone), setting=setting
    )
    mark_signed(note, at=now, late=late, signed_by=signed_by)
    audit.record(actor=signed_by, action=audit.Action.UPDATE, client_id=client.pk, obj=note, detail="signed")
    return note
