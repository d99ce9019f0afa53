"""Signing a group note: every present client needs a complete entry, and the shared part names nobody."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from trellis.notes import services
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.notes.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _signing_errors(note: Any, by: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        services.sign_group_note(note=note, signed_by=by)
    return caught.value.message_dict


def test_it_refuses_to_sign_while_a_present_client_has_no_entry(world: Any) -> None:
    # given Carol and two others present, and entries written for the two others only
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    others = given.present_clients(world, session, 2)
    note = given.draft(session, world.alice)
    given.write_entries(note, others, world.alice)

    # when Alice signs
    errors = _signing_errors(note, world.alice)

    # then the error names Carol's missing entry and nothing is signed
    assert errors == {
        "entries": ["Entry for Carol N. is missing participation, response, objective addressed and risk."]
    }
    note.refresh_from_db()
    assert note.signed_at is None
    assert not ParticipantEntry.objects.filter(signed_at__isnull=False).exists()


def test_it_names_each_missing_part_of_an_incomplete_entry(world: Any) -> None:
    # given Carol's entry has a moderate risk with no description and no objective
    session = given.session(world)
    given.mark(session, world.carol, world.alice, status="late")
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice, objective_addressed="", risk_level="moderate")

    # when Alice signs, then she is told exactly what is missing
    assert _signing_errors(note, world.alice)["entries"] == [
        "Entry for Carol N. is missing objective addressed and a description of the risk."
    ]


def test_it_refuses_a_shared_part_that_names_a_client(world: Any) -> None:
    # given a complete note whose shared part names Carol
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice, content="Carol Northcott led the opening check-in.")
    given.write_entries(note, [world.carol], world.alice)

    # when Alice signs, then she is told the shared part names a client and nothing is signed
    errors = _signing_errors(note, world.alice)
    assert list(errors) == ["content"]
    assert "names a client (“Carol Northcott”)" in errors["content"][0]
    assert GroupNote.objects.get().signed_at is None


def test_it_refuses_names_of_absent_clients_too(world: Any) -> None:
    # given Carol was absent, and the shared part mentions her by first name
    session = given.session(world)
    given.mark(session, world.carol, world.alice, status="unexcused")
    present = given.present_clients(world, session, 1)
    note = given.draft(session, world.alice, content="The group wondered where Carol was.")
    given.write_entries(note, present, world.alice)

    # then the note cannot be signed
    assert "“Carol”" in _signing_errors(note, world.alice)["content"][0]


def test_it_signs_every_entry_when_the_note_is_complete(world: Any) -> None:
    # given three present clients (one left early) with complete entries, and one absent client without one
    session = given.session(world)
    clients = given.present_clients(world, session, 2)
    given.mark(session, world.carol, world.alice, status="left_early")
    given.present_clients(world, session, 1, status="excused")
    note = given.draft(session, world.alice)
    given.write_entries(note, [*clients, world.carol], world.alice)

    # when Alice signs
    signed = services.sign_group_note(note=note, signed_by=world.alice)

    # then the note and its three entries carry the signing time, it is on time, and each chart is audited
    assert signed.signed_at == given.AFTER_SESSION
    assert signed.status_label == "Signed"
    assert not signed.late_entry
    assert list(ParticipantEntry.objects.values_list("signed_at", flat=True)) == [given.AFTER_SESSION] * 3
    audited = AuditEvent.objects.filter(detail="signed").values_list("client_id", flat=True)
    assert set(audited) == {c.pk for c in [*clients, world.carol]}


def test_it_requires_a_topic_and_a_shared_part(world: Any) -> None:
    # given a note with no shared part written
    session = given.session(world)
    note = services.start_group_note(session=session, author=world.alice)
    services.update_group_note_shared(note=note, editor=world.alice, topic="", content="   ")
    # then signing names both fields
    assert set(_signing_errors(note, world.alice)) == {"topic", "content"}


def test_it_takes_the_topic_from_the_session(world: Any) -> None:
    # given a session with a curriculum topic
    from tests import factories

    topic = factories.TopicFactory.create(organization=world.organization, name="Relapse prevention")
    session = given.session(world)
    session.topic = topic
    session.save()
    # when Alice starts its note, then the topic is filled in
    assert services.start_group_note(session=session, author=world.alice).topic == "Relapse prevention"


def test_it_keeps_entries_for_present_clients_only(world: Any) -> None:
    # given Carol was marked absent
    session = given.session(world)
    given.mark(session, world.carol, world.alice, status="unexcused")
    note = given.draft(session, world.alice)
    # when Alice writes an entry for her, then it is refused
    with pytest.raises(ValidationError) as caught:
        given.write_entries(note, [world.carol], world.alice)
    assert caught.value.message_dict == {"client": ["Carol N. is not marked present in this session."]}
    assert not ParticipantEntry.objects.exists()


def test_it_lets_only_the_author_sign(world: Any) -> None:
    # given Alice's complete note
    session = given.session(world)
    clients = given.present_clients(world, session, 1)
    note = given.draft(session, world.alice)
    given.write_entries(note, clients, world.alice)
    # when Dana signs it, then she is refused
    assert "Only the note's author" in _signing_errors(note, world.dana)["note"][0]


def test_it_refuses_a_note_for_a_session_not_yet_started(world: Any) -> None:
    import datetime as dt

    session = given.session(world, day=given.SESSION_DAY + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="has not started"):
        services.start_group_note(session=session, author=world.alice)
