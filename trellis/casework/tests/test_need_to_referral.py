"""The loop on one page: a need on the case plan offers a referral for it and shows where that referral stands;
the caseload shows when each client was last contacted."""

import copy
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.casework import services
from trellis.casework.tests.given import NOW
from trellis.referrals.tests import given as referral
from trellis.support.services import create_contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
TODAY = NOW.date()


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _housing_need(world: World, cami: Any) -> Any:
    episode = world.carol.episodes.get()
    services.assign_case_manager(episode=episode, case_manager=cami, assigned_by=cami)
    services.add_need(episode=episode, domain="housing", description="No steady place", added_by=cami)
    return episode


def test_an_open_need_offers_a_referral_for_it(world: World, support_staff: Any) -> None:
    # given Carol's case plan with an open housing need
    episode = _housing_need(world, support_staff.cami)
    browser = _as(support_staff.cami)
    page = browser.get(reverse("casework:case_plan", kwargs={"pk": episode.pk})).content.decode()
    # then the need offers a referral for housing, and the referral form opens with housing chosen
    link = reverse("referrals:new", kwargs={"client_pk": world.carol.pk}) + "?need=housing"
    assert f'href="{link}"' in page
    form = browser.get(link).content.decode()
    assert '<option value="housing" selected>' in form


def test_a_referral_for_the_need_shows_under_it_with_its_state(world: World, support_staff: Any) -> None:
    # given a housing need and a referral for it to a sober living home, accepted
    cami = support_staff.cami
    episode = _housing_need(world, cami)
    home = referral.resource(cami)
    loop = referral.drafted(cami, world.carol, home, follow_up_on=TODAY + dt.timedelta(days=3))
    # when the case manager reads the case plan
    page = _as(cami).get(reverse("casework:case_plan", kwargs={"pk": episode.pk})).content.decode()
    # then the referral is listed under the need with its state and follow-up date
    assert f"Referral to {referral.SOBER_LIVING}" in page
    assert reverse("referrals:detail", kwargs={"pk": loop.pk}) in page
    assert "Drafted" in page
    assert "follow up Nov 28" in page


def test_the_caseload_shows_the_last_contact(world: World, support_staff: Any) -> None:
    # given Carol on Cami's caseload, contacted twice
    cami = support_staff.cami
    _housing_need(world, cami)
    for days_ago in (9, 2):
        create_contact(
            client=world.carol, author=cami, kind="case_management", service_date=TODAY - dt.timedelta(days=days_ago),
            starts_at=dt.time(10, 0), minutes=30, mode="phone", summary="Called about housing.",
        )  # fmt: skip
    other = factories.ClientFactory.create(
        site=world.site_a, legal_first_name="Wren", legal_last_name="Nocall"
    )
    other_episode = factories.EpisodeFactory.create(client=other, program=world.program)
    services.assign_case_manager(episode=other_episode, case_manager=cami, assigned_by=cami)
    # when she opens her caseload
    page = _as(cami).get(reverse("casework:caseload")).content.decode()
    # then Carol's latest contact is there, and the client never contacted says so
    assert "Nov 23, 2026" in page
    assert "Nov 16, 2026" not in page
    wren_row = page.split("Wren Nocall")[1].split("</tr>")[0]
    assert wren_row.count('<span class="sub">none</span>') == 2  # no next task, no contact
