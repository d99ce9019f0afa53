"""The face sheet shows the client's living situation as TEDS codes it, and how many referrals are open."""

import datetime as dt
from typing import Any

from django.test import Client as Browser
from django.urls import reverse

from trellis.clients.models import LivingSituation
from trellis.clients.services import update_client
from trellis.referrals.tests import given


def test_the_face_sheet_shows_the_living_situation_and_its_teds_code(world: Any, support_staff: Any) -> None:
    # given Carol moved into sober living and has an open referral
    cami = support_staff.cami
    update_client(client=world.carol, changed_by=cami, living_situation=LivingSituation.SOBER_LIVING)
    given.drafted(cami, world.carol, given.resource(cami), follow_up_on=dt.date(2026, 11, 27))
    browser = Browser()
    browser.force_login(cami)
    # when her case manager opens the face sheet
    page = browser.get(reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})).content.decode()
    # then it says where she lives, in TEDS's words too, and links to her referrals
    assert "Living situation: Sober living / supervised residence" in page
    assert "TEDS living arrangements: 2 (Dependent living)" in page
    assert "Open referrals: 1" in page
    assert reverse("referrals:client", kwargs={"client_pk": world.carol.pk}) in page
