"""The referral pages as a case manager uses them: a refused form keeps what was typed, a send without consent
says what is missing and where to prepare one, and the lists cost the same whatever their length."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.privacy.models import AuditEvent
from trellis.referrals.choices import ReferralState
from trellis.referrals.models import Referral, Resource
from trellis.referrals.tests import given

NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
TODAY = NOW.date()
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_a_refused_referral_keeps_what_was_typed(world: Any, support_staff: Any) -> None:
    house = given.resource(support_staff.cami)
    response = _as(support_staff.cami).post(
        reverse("referrals:new", kwargs={"client_pk": world.carol.pk}),
        {"resource": house.pk, "domain": "housing", "reason": "Needs a bed by Friday", "follow_up_on": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the date to follow up on this referral." in page
    assert "Needs a bed by Friday" in page
    assert not Referral.objects.exists()


def test_a_case_manager_drafts_sends_and_closes_a_referral(world: Any, support_staff: Any) -> None:
    browser = _as(support_staff.cami)
    house = given.resource(support_staff.cami)
    given.consent_to(world.carol, world.amy)
    response = browser.post(
        reverse("referrals:new", kwargs={"client_pk": world.carol.pk}),
        {"resource": house.pk, "domain": "housing", "reason": "Sober housing", "follow_up_on": "2026-11-24"},
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})

    browser.post(reverse("referrals:send", kwargs={"pk": referral.pk}), {"note": "Faxed"})
    browser.post(
        reverse("referrals:state", kwargs={"pk": referral.pk}), {"state": "accepted", "note": "Bed on Monday"}
    )
    page = browser.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()

    for shown in ("Accepted", "Bed on Monday", "Faxed"):
        assert shown in page
    assert "the referral as sent, with its notice" in page
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, client=world.carol, detail="referral")
    assert viewed.filter(actor=support_staff.cami).exists()


def test_sending_without_consent_says_what_is_missing(world: Any, support_staff: Any) -> None:
    referral = given.drafted(
        support_staff.cami, world.carol, given.resource(support_staff.cami), follow_up_on=TODAY
    )
    response = _as(support_staff.cami).post(
        reverse("referrals:send", kwargs={"pk": referral.pk}), {"note": ""}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Nothing was sent." in page
    assert "there is no signed consent for this recipient" in page
    assert reverse("consents:prepare", kwargs={"client_pk": world.carol.pk}) in page
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFTED


def test_a_refused_state_change_keeps_the_note(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    given.consent_to(world.carol, world.amy)
    referral = given.drafted(cami, world.carol, given.resource(cami), follow_up_on=TODAY)
    _as(cami).post(reverse("referrals:send", kwargs={"pk": referral.pk}), {})
    response = _as(cami).post(
        reverse("referrals:state", kwargs={"pk": referral.pk}), {"state": "completed", "note": "Moved in"}
    )
    assert response.status_code == 400
    assert "Moved in" in response.content.decode()
    assert Referral.objects.get().state == ReferralState.SENT


def test_the_directory_searches_and_filters(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    given.resource(cami)
    given.resource(cami, name="Eastside Legal Aid", kind="legal_aid")
    page = _as(cami).get(reverse("referrals:directory"), {"q": "legal"}).content.decode()
    assert "Eastside Legal Aid" in page
    assert given.SOBER_LIVING not in page
    page = _as(cami).get(reverse("referrals:directory"), {"kind": "sober_living"}).content.decode()
    assert "Eastside Legal Aid" not in page
    assert given.SOBER_LIVING in page


def _queries(browser: Browser, url: str) -> int:
    cache.clear()  # read afresh each time: kept memberships, counts and parts would differ by state
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


def test_the_lists_cost_the_same_whatever_their_length(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    browser = _as(cami)
    house = given.resource(cami)
    client_url = reverse("referrals:client", kwargs={"client_pk": world.carol.pk})
    given.drafted(cami, world.carol, house, follow_up_on=TODAY)
    few = (_queries(browser, client_url), _queries(browser, reverse("referrals:directory")))
    for n in range(4):
        other = given.resource(cami, name=f"Resource {n}")
        given.drafted(cami, world.carol, other, follow_up_on=TODAY)
    assert Resource.objects.count() == 5
    assert (_queries(browser, client_url), _queries(browser, reverse("referrals:directory"))) == few
