"""Case-management and peer-support contacts: who may write which kind, signing locks, addenda after, and an
audit trail that names the kind of record and never what was said."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import SupportStaff, World
from trellis.privacy.models import AuditEvent
from trellis.support import services
from trellis.support.choices import ContactKind
from trellis.support.models import SupportContact
from trellis.support.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
PEER = ContactKind.PEER_SUPPORT


def test_it_files_a_contact_under_the_episode_open_that_day(
    world: World, support_staff: SupportStaff
) -> None:
    # when Cami documents a case-management call with Carol
    contact = given.contact(world.carol, support_staff.cami)
    # then it is an unsigned contact in Carol's open episode
    assert contact.episode == world.carol_enrollment.episode
    assert (contact.kind, contact.minutes, contact.is_signed) == (ContactKind.CASE_MANAGEMENT, 30, False)


def test_it_lets_a_peer_specialist_write_peer_support_but_not_case_management(
    world: World, support_staff: SupportStaff
) -> None:
    # given Pete, a peer recovery specialist
    pete = support_staff.pete
    # when he writes a peer-support contact, it is saved
    assert given.contact(world.carol, pete, kind=PEER).author == pete
    # and a case-management contact is refused, and nothing is saved
    with pytest.raises(PermissionDenied):
        given.contact(world.carol, pete, kind=ContactKind.CASE_MANAGEMENT)
    assert SupportContact.objects.filter(kind=ContactKind.CASE_MANAGEMENT).count() == 0


def test_it_refuses_a_biller(world: World) -> None:
    with pytest.raises(PermissionDenied):
        given.contact(world.carol, world.bill, kind=PEER)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"day": given.TODAY + dt.timedelta(days=1)}, "service_date"),
        ({"day": dt.date(2026, 10, 1)}, "service_date"),  # before Carol's admission: no episode
        ({"minutes": 0}, "minutes"),
        ({"minutes": 481}, "minutes"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(
    world: World, support_staff: SupportStaff, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        given.contact(world.carol, support_staff.cami, **change)
    assert field in refused.value.message_dict
    assert SupportContact.objects.count() == 0


def test_signing_locks_the_contact_and_addenda_follow(world: World, support_staff: SupportStaff) -> None:
    # given Pete's peer-support contact, signed
    contact = given.contact(world.carol, support_staff.pete, kind=PEER)
    services.sign_contact(contact=contact, signed_by=support_staff.pete)
    # when he signs it again, it is refused as locked
    with pytest.raises(ValidationError, match="signed and locked"):
        services.sign_contact(contact=contact, signed_by=support_staff.pete)
    # and an addendum is added beside it, the signed text unchanged
    services.add_contact_addendum(
        contact=contact, author=support_staff.pete, text="Client called back later."
    )
    contact.refresh_from_db()
    assert contact.summary == given.SUMMARY
    assert [a.text for a in contact.addenda.all()] == ["Client called back later."]


def test_only_the_author_signs_and_addenda_wait_for_the_signature(
    world: World, support_staff: SupportStaff
) -> None:
    contact = given.contact(world.carol, support_staff.cami)
    with pytest.raises(ValidationError, match="Only the contact's author"):
        services.sign_contact(contact=contact, signed_by=world.alice)
    with pytest.raises(ValidationError, match="not signed yet"):
        services.add_contact_addendum(contact=contact, author=support_staff.cami, text="More.")
    assert SupportContact.objects.get().signed_at is None


def test_it_audits_each_write_without_what_was_said(world: World, support_staff: SupportStaff) -> None:
    # when Cami writes and signs a contact
    contact = given.contact(world.carol, support_staff.cami)
    services.sign_contact(contact=contact, signed_by=support_staff.cami)
    # then two events on Carol's trail, naming the kind of record only
    events = AuditEvent.objects.filter(client_id=world.carol.pk, object_id=str(contact.pk))
    assert {(e.action, e.detail) for e in events} == {
        ("create", "case management contact"),
        ("update", "signed"),
    }
    trail = " ".join(f"{e.detail} {e.object_type}" for e in AuditEvent.objects.all())
    assert "housing" not in trail
    assert "Carol" not in trail
