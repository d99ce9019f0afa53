"""A signed note is locked: the services refuse every change, and only an addendum may be added."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.notes import services
from trellis.notes.models import Addendum
from trellis.notes.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


@pytest.fixture
def signed(world: Any) -> Any:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    return services.sign_group_note(note=note, signed_by=world.alice)


def _locked(change: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        change()
    assert caught.value.message_dict == {"note": ["This note is signed and locked. Add an addendum instead."]}


def test_it_refuses_every_change_to_a_signed_group_note(world: Any, signed: Any) -> None:
    # when Alice changes the shared part, an entry, or signs again, then each is refused
    _locked(
        lambda: services.update_group_note_shared(note=signed, editor=world.alice, topic="x", content="y")
    )
    _locked(lambda: given.write_entries(signed, [world.carol], world.alice, response="Changed afterwards."))
    _locked(lambda: services.sign_group_note(note=signed, signed_by=world.alice))
    # and the signed text is unchanged
    signed.refresh_from_db()
    assert signed.content == "Psychoeducation on cravings, then role-play."
    assert signed.entries.get().response == given.COMPLETE["response"]


def test_it_adds_an_addendum_to_one_entry_of_a_signed_note(world: Any, signed: Any) -> None:
    # when Alice adds an addendum to Carol's entry
    entry = signed.entries.get()
    addendum = services.add_addendum(
        note=signed, author=world.alice, text="  Called Carol after group.  ", entry=entry
    )

    # then it is kept beside the note, trimmed, and audited on Carol's record
    assert list(signed.addenda.values_list("text", "entry")) == [("Called Carol after group.", entry.pk)]
    assert AuditEvent.objects.filter(
        detail="addendum", client_id=world.carol.pk, object_id=str(addendum.pk)
    ).exists()


def test_it_refuses_an_empty_addendum_or_one_to_a_draft(world: Any) -> None:
    # given a draft note
    session = given.session(world)
    note = given.draft(session, world.alice)
    # then an addendum to the draft is refused, and nothing is saved
    with pytest.raises(ValidationError, match="still a draft"):
        services.add_addendum(note=note, author=world.alice, text="Later thought.")
    assert not Addendum.objects.exists()


def test_it_refuses_an_empty_addendum(world: Any, signed: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_addendum(note=signed, author=world.alice, text="   ")
    assert caught.value.message_dict == {"text": ["Write the addendum."]}


def test_it_refuses_addenda_from_roles_that_do_not_write_notes(world: Any, signed: Any) -> None:
    from django.core.exceptions import PermissionDenied

    for persona in (world.bill, world.amy, world.adam):
        with pytest.raises(PermissionDenied):
            services.add_addendum(note=signed, author=persona, text="Billing remark.")


def test_it_flags_a_note_signed_after_the_late_entry_window(world: Any) -> None:
    # given a session that ended at 17:00 UTC and complete entries
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    # when Alice signs 24 hours and one minute after it ended
    with time_machine.travel(session.ends_at + dt.timedelta(hours=24, minutes=1), tick=False):
        signed = services.sign_group_note(note=note, signed_by=world.alice)
    # then the note is flagged as a late entry
    assert signed.late_entry


@pytest.mark.parametrize(("hours_after", "late"), [(23, False), (24, False), (25, True)])
def test_it_uses_the_organization_late_entry_hours(world: Any, hours_after: int, late: bool) -> None:
    # given the organization counts a note as late after 24 hours
    from trellis.notes.models import NotesSetting

    NotesSetting.objects.create(organization=world.organization, late_entry_hours=24, note_due_hours=12)
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    # when Alice signs some hours after the session ended
    with time_machine.travel(session.ends_at + dt.timedelta(hours=hours_after), tick=False):
        signed = services.sign_group_note(note=note, signed_by=world.alice)
    # then only past the window is it late
    assert signed.late_entry is late
