"""Who reads notes: clinical roles for the clients they see; never billers, admissions or administrators."""

from typing import Any

import pytest

from trellis.notes import services
from trellis.notes.choices import NoteFormat
from trellis.notes.models import GroupNote, IndividualNote, ParticipantEntry
from trellis.notes.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


@pytest.fixture
def notes(world: Any) -> Any:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=given.SESSION_DAY,
        duration_minutes=45,
        note_format=NoteFormat.DAP,
        sections={},
    )
    return note


@pytest.mark.parametrize(
    ("persona", "reads"),
    [
        ("alice", True),
        ("nora", True),
        ("dana", True),
        ("bob", False),
        ("amy", False),
        ("bill", False),
        ("adam", False),
    ],
)
def test_it_shows_notes_only_to_clinical_staff_who_see_the_client(
    world: Any, notes: Any, persona: str, reads: bool
) -> None:
    # given Carol's group entry and individual note at Northside
    user = getattr(world, persona)
    # then only clinical staff who see Carol read them
    assert GroupNote.objects.visible_to(user).exists() is reads
    assert ParticipantEntry.objects.visible_to(user).exists() is reads
    assert IndividualNote.objects.visible_to(user).exists() is reads


def test_it_shows_a_clinician_only_the_entries_of_clients_they_see(world: Any) -> None:
    # given a Northside session where a Lakeside client (Dave) was also present, e.g. visiting for a day
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    given.mark(session, world.dave, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol, world.dave], world.alice)
    # then Alice's entries are both visible to Dana, who sees both sites, but only Carol's to Nora at Northside
    assert ParticipantEntry.objects.visible_to(world.dana).count() == 2
    assert list(ParticipantEntry.objects.visible_to(world.nora).values_list("client", flat=True)) == [
        world.carol.pk
    ]
