"""Individual notes in DAP, BIRP and SOAP: drafts change, signing needs every section and then locks."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.notes import services
from trellis.notes.choices import SECTIONS, NoteFormat
from trellis.notes.models import IndividualNote
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)  # 1 pm in New York, Northside's zone
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _full(note_format: str) -> dict[str, str]:
    return {key: f"{label} text." for key, label in SECTIONS[note_format]}


def _draft(
    world: Any, note_format: str, sections: dict[str, str], day: dt.date = dt.date(2026, 11, 23)
) -> Any:
    return services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=day,
        duration_minutes=50,
        note_format=note_format,
        sections=sections,
    )


@pytest.mark.parametrize(
    ("note_format", "keys"),
    [
        (NoteFormat.DAP, ["data", "assessment", "plan"]),
        (NoteFormat.BIRP, ["behavior", "intervention", "response", "plan"]),
        (NoteFormat.SOAP, ["subjective", "objective", "assessment", "plan"]),
    ],
)
def test_it_keeps_the_sections_of_each_format(world: Any, note_format: str, keys: list[str]) -> None:
    # when a draft is written with a stray section, then only the format's sections are kept, in order
    note = _draft(world, note_format, {**_full(note_format), "extra": "dropped"})
    assert list(note.sections) == keys
    assert note.episode == world.carol_enrollment.episode


@pytest.mark.parametrize("note_format", list(NoteFormat))
def test_it_requires_every_section_to_sign(world: Any, note_format: str) -> None:
    # given a draft with its last section empty
    keys = [key for key, _ in SECTIONS[note_format]]
    note = _draft(world, note_format, {**_full(note_format), keys[-1]: "  "})
    # when Alice signs, then the empty section is named, and the note stays a draft
    with pytest.raises(ValidationError) as caught:
        services.sign_individual_note(note=note, signed_by=world.alice)
    assert caught.value.message_dict == {"plan": [f"Plan is required to sign a {note_format.upper()} note."]}
    assert IndividualNote.objects.get().signed_at is None


def test_it_signs_locks_and_takes_addenda(world: Any) -> None:
    # given a complete SOAP draft, signed
    note = _draft(world, NoteFormat.SOAP, _full(NoteFormat.SOAP))
    signed = services.sign_individual_note(note=note, signed_by=world.alice)
    assert signed.signed_at == NOW
    assert not signed.late_entry

    # when Alice edits it, then she is refused
    with pytest.raises(ValidationError, match="signed and locked"):
        services.update_individual_note(
            note=signed,
            editor=world.alice,
            service_date=signed.service_date,
            duration_minutes=60,
            sections={},
            risk_level="",
            risk_note="",
        )
    # and an addendum is kept beside it
    services.add_addendum(note=signed, author=world.alice, text="Client called to reschedule.")
    assert [a.text for a in signed.addenda.all()] == ["Client called to reschedule."]
    assert AuditEvent.objects.filter(client_id=world.carol.pk, detail="addendum").count() == 1


def test_it_refuses_a_future_date_and_an_impossible_duration(world: Any) -> None:
    with pytest.raises(ValidationError, match="cannot be in the future"):
        _draft(world, NoteFormat.DAP, {}, day=dt.date(2026, 11, 24))
    with pytest.raises(ValidationError) as caught:
        services.create_individual_note(
            client=world.carol,
            author=world.alice,
            service_date=dt.date(2026, 11, 23),
            duration_minutes=0,
            note_format=NoteFormat.DAP,
            sections={},
        )
    assert list(caught.value.message_dict) == ["duration_minutes"]
    assert not IndividualNote.objects.exists()


def test_it_refuses_a_date_outside_any_episode(world: Any) -> None:
    # Carol was admitted on 2 November 2026
    with pytest.raises(ValidationError, match="no episode of care"):
        _draft(world, NoteFormat.DAP, {}, day=dt.date(2026, 10, 1))


@pytest.mark.parametrize(
    ("signed_at", "late"),
    [
        # the service day ends at midnight in New York (05:00 UTC on the 24th); 24 hours later is the limit
        (dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.UTC), False),
        (dt.datetime(2026, 11, 25, 5, 1, tzinfo=dt.UTC), True),
    ],
)
def test_it_flags_late_entries_from_the_end_of_the_service_day(
    world: Any, signed_at: Any, late: bool
) -> None:
    note = _draft(world, NoteFormat.DAP, _full(NoteFormat.DAP))
    with time_machine.travel(signed_at, tick=False):
        assert services.sign_individual_note(note=note, signed_by=world.alice).late_entry is late


def test_it_lets_only_the_author_edit_a_draft(world: Any) -> None:
    note = _draft(world, NoteFormat.DAP, {})
    with pytest.raises(ValidationError, match="Only the note's author"):
        services.update_individual_note(
            note=note,
            editor=world.nora,
            service_date=note.service_date,
            duration_minutes=30,
            sections={},
            risk_level="",
            risk_note="",
        )
