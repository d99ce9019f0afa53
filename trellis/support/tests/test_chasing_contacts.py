"""Unsigned contacts are chased: on the author's worklist, due after the program's note hours, and on Today
for a peer specialist, who has no worklist; signed, they leave both. The caseload's last-contact seam."""

import datetime as dt

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from conftest import SupportStaff, World
from trellis.support import services
from trellis.support.choices import ContactKind
from trellis.support.selectors import last_contacts
from trellis.support.tests import given
from trellis.worklist.items import Kind
from trellis.worklist.selectors import list_items

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_an_unsigned_contact_is_on_its_authors_worklist_until_signed(
    world: World, support_staff: SupportStaff
) -> None:
    # given Cami's contact with Carol this morning, 10:00-10:30 in New York, not signed
    cami = support_staff.cami
    contact = given.contact(world.carol, cami)
    # then her worklist owes it, due tomorrow (24 hours after it ended), not yet overdue
    [item] = [i for i in list_items(user=cami, now=given.NOW) if i.url.endswith(f"{contact.pk}/")]
    assert (item.kind, item.staff.pk, item.due_on, item.overdue) == (
        Kind.NOTE_UNSIGNED, cami.pk, dt.date(2026, 11, 24), False
    )  # fmt: skip
    # and a day and a half later it is overdue
    later = given.NOW + dt.timedelta(hours=36)
    [late] = [i for i in list_items(user=cami, now=later) if i.url.endswith(f"{contact.pk}/")]
    assert late.overdue
    # when she signs it, it leaves the worklist
    services.sign_contact(contact=contact, signed_by=cami)
    assert [i for i in list_items(user=cami, now=later) if i.url.endswith(f"{contact.pk}/")] == []


def test_a_peer_specialist_sees_their_unsigned_contacts_on_today(
    world: World, support_staff: SupportStaff
) -> None:
    # given Pete's unsigned peer-support contact with Carol
    contact = given.contact(world.carol, support_staff.pete, kind=ContactKind.PEER_SUPPORT)
    browser = Browser()
    browser.force_login(support_staff.pete)
    # then Today lists it for him to sign
    page = browser.get(reverse("today")).content.decode()
    assert "Contacts to sign" in page
    assert reverse("support:contact", kwargs={"pk": contact.pk}) in page
    # and once signed, it is gone
    services.sign_contact(contact=contact, signed_by=support_staff.pete)
    assert "Contacts to sign" not in browser.get(reverse("today")).content.decode()


def test_last_contacts_gives_each_clients_latest_date_in_one_query(
    world: World, support_staff: SupportStaff, django_assert_num_queries: object
) -> None:
    # given two contacts with Carol (either kind) and none with Dave
    given.contact(world.carol, support_staff.cami, day=dt.date(2026, 11, 10))
    with time_machine.travel(given.NOW, tick=False):
        given.contact(
            world.carol, support_staff.pete, kind=ContactKind.PEER_SUPPORT, day=dt.date(2026, 11, 20)
        )
    # when the caseload asks, in one query
    with django_assert_num_queries(1):  # type: ignore[operator]
        found = last_contacts([world.carol.pk, world.dave.pk])
    # then Carol's latest date, and nothing for Dave
    assert found == {world.carol.pk: dt.date(2026, 11, 20)}
