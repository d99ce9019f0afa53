"""Every referrals page and action for every persona: Cami (case manager) and Pete (peer recovery specialist) at
Northside, Alice (clinician, Northside), Bill (biller), Bob (clinician, Lakeside: Carol is not his to see), Dana
(director of both sites), Olga (director of another organization: Riverside's objects are not found) and an
anonymous visitor (sent to sign in).

Everyone who sees clients reads the directory; case managers, clinicians and directors keep it and work
referrals; a peer specialist reads a client's referrals; a biller's view of the client stops short of them.
"""

import copy
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.accounts.roles import Role
from trellis.referrals import services
from trellis.referrals.models import DischargeFollowUp
from trellis.referrals.tests import given

PERSONAS = ["cami", "pete", "alice", "bill", "bob", "dana", "olga"]

MATRIX: dict[str, tuple[int, ...]] = {
    "directory": (200, 200, 200, 200, 200, 200, 200),
    "resource_new": (200, 403, 200, 403, 200, 200, 200),
    "resource_edit": (200, 403, 200, 403, 200, 200, 404),
    "client_referrals": (200, 200, 200, 403, 404, 200, 404),
    "referral_new": (200, 403, 200, 403, 404, 200, 404),
    "referral_detail": (200, 200, 200, 403, 404, 200, 404),
    "referral_letter": (200, 403, 200, 403, 404, 200, 404),
}
# POSTs with an empty form: allowed ones reach the form and refuse it (400) or, with nothing to ask, redirect.
WRITES: dict[str, tuple[int, ...]] = {
    "resource_new": (400, 403, 400, 403, 400, 400, 400),
    "resource_edit": (400, 403, 400, 403, 400, 400, 404),
    "resource_active": (302, 403, 302, 403, 302, 302, 404),
    "referral_new": (400, 403, 400, 403, 404, 400, 404),
    # Carol's consent names the house: the send goes through the gate and redirects to the referral.
    "referral_send": (302, 403, 302, 403, 404, 302, 404),
    "referral_state": (400, 403, 400, 403, 404, 400, 404),
    "referral_appointment": (400, 403, 400, 403, 404, 400, 404),
    "follow_up": (400, 403, 400, 403, 404, 400, 404),
}
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture(scope="module")
def people(module_world: World) -> dict[str, Any]:
    world = module_world
    staff = {
        name.lower(): factories.UserFactory.create(
            username=f"{name.lower()}.referrals", first_name=name, last_name="Test", role=role,
            sites=[world.site_a], programs=[world.program],
        )
        for name, role in (("Cami", Role.CASE_MANAGER), ("Pete", Role.PEER_SPECIALIST))
    }  # fmt: skip
    return {**staff, **{name: getattr(world, name) for name in PERSONAS if name not in staff}}


@pytest.fixture(scope="module")
def urls(module_world: World, people: dict[str, Any]) -> dict[str, str]:
    world, cami = module_world, people["cami"]
    house = given.resource(cami)
    given.consent_to(world.carol, world.amy)
    drafted = given.drafted(cami, world.carol, house, follow_up_on=TODAY)
    sent = given.drafted(cami, world.carol, house, follow_up_on=TODAY)
    services.send_referral(actor=cami, referral=sent)
    follow_up = DischargeFollowUp.objects.create(
        organization=world.organization,
        episode=world.carol_enrollment.episode,
        client=world.carol,
        due_on=TODAY,
    )
    carol = {"client_pk": world.carol.pk}
    return {
        "directory": reverse("referrals:directory"),
        "resource_new": reverse("referrals:resource_new"),
        "resource_edit": reverse("referrals:resource_edit", kwargs={"pk": house.pk}),
        "resource_active": reverse("referrals:resource_active", kwargs={"pk": house.pk}),
        "client_referrals": reverse("referrals:client", kwargs=carol),
        "referral_new": reverse("referrals:new", kwargs=carol),
        "referral_detail": reverse("referrals:detail", kwargs={"pk": sent.pk}),
        "referral_letter": reverse("referrals:letter", kwargs={"pk": sent.pk}),
        "referral_send": reverse("referrals:send", kwargs={"pk": drafted.pk}),
        "referral_state": reverse("referrals:state", kwargs={"pk": sent.pk}),
        "referral_appointment": reverse("referrals:appointment", kwargs={"pk": sent.pk}),
        "follow_up": reverse("referrals:follow_up", kwargs={"pk": follow_up.pk}),
    }


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_page(
    world: World, people: dict[str, Any], client: Any, urls: dict[str, str], page: str, persona: str
) -> None:
    client.force_login(people[persona])
    assert client.get(urls[page]).status_code == MATRIX[page][PERSONAS.index(persona)]


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_change(
    world: World, people: dict[str, Any], client: Any, urls: dict[str, str], action: str, persona: str
) -> None:
    client.force_login(people[persona])
    assert client.post(urls[action], {}).status_code == WRITES[action][PERSONAS.index(persona)]


def test_it_sends_anonymous_visitors_to_log_in(client: Any, urls: dict[str, str]) -> None:
    for name, url in urls.items():
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name


def test_it_never_lists_another_organization_s_resources(
    world: World, people: dict[str, Any], client: Any, urls: dict[str, str]
) -> None:
    client.force_login(world.olga)
    assert given.SOBER_LIVING not in client.get(urls["directory"]).content.decode()
    client.force_login(people["pete"])
    assert given.SOBER_LIVING in client.get(urls["directory"]).content.decode()
