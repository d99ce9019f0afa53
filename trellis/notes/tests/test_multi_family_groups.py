"""Multi-family groups: per client present, the family members who came, under the family consent rule;
each client present is billed 90849 instead of group psychotherapy."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.billing.capture import capture_charges
from trellis.billing.choices import PerDiemCode, UnitType
from trellis.billing.models import Charge
from trellis.billing.tests import billing_factories as given
from trellis.notes.clinical_services import record_family_attendees
from trellis.notes.models import GroupFamilyAttendee
from trellis.notes.tests.clinical_given import family

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
MONDAY = dt.date(2026, 11, 2)


def _family_group(world: Any) -> Any:
    world.group_a.family_group = True
    world.group_a.save(update_fields=["family_group"])
    return world.group_a


def test_it_records_consented_family_members_and_refuses_the_others(world: Any) -> None:
    # given Carol present at a multi-family group, her sister consented and her father not
    record = given.attend(world, world.carol, MONDAY, group=_family_group(world))
    sister, father = family(world)
    # when Alice records both, then nothing is saved and the father is named
    with pytest.raises(ValidationError) as refused:
        record_family_attendees(attendance=record, contacts=[sister, father], recorded_by=world.alice)
    assert "Glen Northcott" in refused.value.messages[0]
    assert not GroupFamilyAttendee.objects.exists()
    # when she records the sister alone, then the sister came
    record_family_attendees(attendance=record, contacts=[sister], recorded_by=world.alice)
    assert [a.contact for a in GroupFamilyAttendee.objects.all()] == [sister]


def test_it_records_family_members_only_at_a_multi_family_group(world: Any) -> None:
    record = given.attend(world, world.carol, MONDAY)
    sister, _ = family(world)
    with pytest.raises(ValidationError):
        record_family_attendees(attendance=record, contacts=[sister], recorded_by=world.alice)


def test_each_client_present_at_a_multi_family_group_is_billed_90849(world: Any) -> None:
    payer = given.PayerFactory.create(
        organization=world.organization, per_diem_code=PerDiemCode.NONE, requires_authorization=False
    )
    given.FeeFactory.create(payer=payer, code="90849", rate=60, unit_type=UnitType.PER_SESSION)
    given.insure(world.carol, payer, by=world.bill)
    record = given.attend(world, world.carol, MONDAY, group=_family_group(world))
    given.document(record, world.alice)
    capture_charges(first=MONDAY, last=MONDAY, organization=world.organization)
    assert list(Charge.objects.values_list("code", "hold_reasons")) == [("90849", [])]


def test_the_page_saves_a_consented_member_and_refuses_an_unconsented_one(world: Any, client: Any) -> None:
    session = given.attend(world, world.carol, dt.date(2026, 11, 23), group=_family_group(world)).session
    sister, father = family(world)
    client.force_login(world.alice)
    url = reverse("notes:multi_family", kwargs={"session_pk": session.pk})
    record = session.attendance.get()
    refused = client.post(url, {"attendance": record.pk, "participants": [sister.pk, father.pk]})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "No consent in force lets Glen Northcott take part" in html
    assert f'value="{father.pk}" checked' in html
    assert not GroupFamilyAttendee.objects.exists()
    saved = client.post(url, {"attendance": record.pk, "participants": [sister.pk]})
    assert saved.status_code == 302
    assert [a.contact for a in GroupFamilyAttendee.objects.all()] == [sister]
