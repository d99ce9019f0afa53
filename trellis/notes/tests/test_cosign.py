"""Supervisor co-signature: notes of staff who need it wait for their supervisor, and only that supervisor."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from trellis.accounts.roles import Role
from trellis.notes import services
from trellis.notes.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _signed_note(world: Any) -> Any:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    return services.sign_group_note(note=note, signed_by=world.alice)


def test_it_waits_for_the_supervisor_and_records_the_cosignature(world: Any) -> None:
    # given Dana requires Alice's notes to be co-signed by her
    services.require_cosignature(user=world.alice, supervisor=world.dana, set_by=world.dana)

    # when Alice signs a note, then it awaits Dana's co-signature
    note = _signed_note(world)
    assert note.awaiting_cosignature
    assert note.status_label == "Awaiting co-signature"

    # when Dana co-signs, then it is co-signed and no longer awaiting
    cosigned = services.cosign_note(note=note, supervisor=world.dana)
    assert cosigned.cosigned_at == given.AFTER_SESSION
    assert cosigned.status_label == "Co-signed"
    assert not cosigned.awaiting_cosignature


def test_it_lets_only_the_designated_supervisor_cosign(world: Any) -> None:
    # given Alice's note awaits Dana
    services.require_cosignature(user=world.alice, supervisor=world.dana, set_by=world.dana)
    note = _signed_note(world)
    # when Nora tries to co-sign, then she is refused by name of the supervisor
    with pytest.raises(ValidationError) as caught:
        services.cosign_note(note=note, supervisor=world.nora)
    assert caught.value.message_dict == {
        "supervisor": ["Only Dana Test, the designated supervisor, may co-sign this note."]
    }


def test_it_needs_no_cosignature_for_staff_without_the_rule(world: Any) -> None:
    note = _signed_note(world)
    assert not note.awaiting_cosignature
    with pytest.raises(ValidationError, match="not awaiting"):
        services.cosign_note(note=note, supervisor=world.dana)


def test_it_lets_only_directors_set_the_rule_and_never_to_oneself(world: Any) -> None:
    # a clinician cannot set the rule
    with pytest.raises(PermissionDenied):
        services.require_cosignature(user=world.alice, supervisor=world.nora, set_by=world.alice)
    # nobody co-signs their own notes
    with pytest.raises(ValidationError, match="own notes"):
        services.require_cosignature(user=world.alice, supervisor=world.alice, set_by=world.dana)
    # a biller cannot be a supervisor of clinical notes
    with pytest.raises(ValidationError, match="does not sign clinical notes"):
        services.require_cosignature(user=world.alice, supervisor=world.bill, set_by=world.dana)


def test_it_replaces_the_supervisor_when_set_again(world: Any) -> None:
    intern = factories.UserFactory.create(role=Role.CLINICIAN)
    services.require_cosignature(user=intern, supervisor=world.alice, set_by=world.dana)
    rule = services.require_cosignature(user=intern, supervisor=world.nora, set_by=world.dana)
    intern.refresh_from_db()
    assert intern.cosign_rule.supervisor == world.nora == rule.supervisor
