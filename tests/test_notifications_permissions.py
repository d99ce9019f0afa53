"""Reminder pages and actions for every persona: recording a client's opt-in, opt-out and wording is for staff
who edit the client's face sheet at the client's own site; the provider's webhooks answer only to its
signature, whoever is signed in. Carol is at Northside (A); Bob at Lakeside (B); Olga at another organization.
"""

import copy
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from conftest import SupportStaff, World, _staff
from trellis.accounts.roles import Role
from trellis.notifications import services
from trellis.notifications.models import Channel, ChannelConsent

PERSONAS = ["cami", "pete", "alice", "bill", "bob", "dana", "olga", "anonymous"]

PAGES: dict[str, tuple[int, ...]] = {
    # Face-sheet editors of Carol's site: not the peer specialist, not billing; another site's or
    # organization's staff find no such client.
    "opt_in_carol": (200, 403, 200, 403, 404, 200, 404, 302),
    "wording_carol": (200, 403, 200, 403, 404, 200, 404, 302),
    # An organization's sending rules: its director or administrator; Olga sees her own organization's.
    "settings": (403, 403, 403, 403, 403, 200, 200, 302),
}
WRITES: dict[str, tuple[int, ...]] = {
    # A number that is not one is refused on the page (400) past the role and site checks.
    "opt_in_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    # "Own words" with no words: refused on the page.
    "wording_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    "opt_out_carol": (302, 403, 302, 403, 404, 302, 404, 302),
    # A sender name that gives the care away is refused on the page.
    "settings": (403, 403, 403, 403, 403, 400, 400, 302),
    # The provider's calls need its signature, not a session: refused for everyone without one.
    "sms_inbound": (403, 403, 403, 403, 403, 403, 403, 403),
    "sms_status": (403, 403, 403, 403, 403, 403, 403, 403),
}
BODIES = {
    "opt_in_carol": {"channel": Channel.SMS, "address": "call me", "how": "verbal"},
    "wording_carol": {"style": "own", "own_sender": ""},
    "settings": {"sms_sender_name": "Riverside Recovery", "quiet_start": "21:00", "quiet_end": "08:00"},
    "sms_inbound": {"From": "+15555550123", "Body": "STOP"},
    "sms_status": {"MessageSid": "SM1", "MessageStatus": "delivered"},
}


@pytest.fixture(scope="module")
def support(module_world: World) -> SupportStaff:
    return SupportStaff(
        cami=_staff("Cami", Role.CASE_MANAGER, [module_world.site_a], module_world.program),
        pete=_staff("Pete", Role.PEER_SPECIALIST, [module_world.site_a], module_world.program),
    )


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture(scope="module")
def urls(module_world: World, support: SupportStaff) -> dict[str, str]:
    carol = {"pk": module_world.carol.pk}
    consent = services.record_opt_in(
        client=module_world.carol, channel=Channel.SMS, address="555-555-0123",
        how=ChannelConsent.HowIn.VERBAL, recorded_by=module_world.alice,
    )  # fmt: skip
    return {
        "opt_in_carol": reverse("notifications:opt_in", kwargs=carol),
        "wording_carol": reverse("notifications:wording", kwargs=carol),
        "opt_out_carol": reverse("notifications:opt_out", kwargs={"pk": consent.pk}),
        "settings": reverse("notifications:settings"),
        "sms_inbound": reverse("notifications:sms_inbound"),
        "sms_status": reverse("notifications:sms_status"),
    }


def _browser(world: World, support: SupportStaff, persona: str) -> Browser:
    browser = Browser()
    if persona != "anonymous":
        person = getattr(support, persona, None) or getattr(world, persona)
        browser.force_login(person)
    return browser


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_page(
    world: World, support: SupportStaff, urls: dict[str, str], page: str, persona: str
) -> None:
    response = _browser(world, support, persona).get(urls[page])
    assert response.status_code == PAGES[page][PERSONAS.index(persona)]


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_change(
    world: World, support: SupportStaff, urls: dict[str, str], action: str, persona: str
) -> None:
    response = _browser(world, support, persona).post(urls[action], BODIES.get(action, {}))
    assert response.status_code == WRITES[action][PERSONAS.index(persona)]


def test_a_refused_opt_in_keeps_what_was_typed_and_changes_nothing(
    world: World, support: SupportStaff, urls: dict[str, str]
) -> None:
    # given Cami recording an opt-in with a number that is not one
    before = list(ChannelConsent.objects.values_list("address", "opted_in_how"))
    response = _browser(world, support, "cami").post(
        urls["opt_in_carol"], {"channel": Channel.SMS, "address": "555-0123", "how": "written"}
    )
    # then the page says why, keeps the typing, and nothing changed
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a US phone number" in page
    assert 'value="555-0123"' in page
    assert list(ChannelConsent.objects.values_list("address", "opted_in_how")) == before


def test_the_face_sheet_shows_the_reminders_panel_to_its_editors(
    world: World, support: SupportStaff, client: Any
) -> None:
    client.force_login(support.cami)
    page = client.get(reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})).content.decode()
    assert 'data-testid="face-sheet-reminders"' in page
    assert "+15555550123" in page
    assert "Opted in" in page


def test_a_director_sets_a_neutral_sender_and_quiet_hours(world: World, client: Any) -> None:
    from trellis.notifications.models import NotificationSettings

    client.force_login(world.dana)
    url = reverse("notifications:settings")
    refused = client.post(
        url, {"sms_sender_name": "Riverside Recovery", "quiet_start": "22:00", "quiet_end": "07:00"}
    )
    assert refused.status_code == 400
    assert "would tell whoever sees the phone" in refused.content.decode()
    assert 'value="Riverside Recovery"' in refused.content.decode()
    assert not NotificationSettings.objects.exists()
    saved = client.post(
        url,
        {
            "sms_sender_name": "Riverside",
            "help_phone": "555 555 0199",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
    )
    assert saved.status_code == 302
    rules = NotificationSettings.objects.get(organization=world.organization)
    assert (rules.sms_sender_name, rules.quiet_start.hour, rules.quiet_end.hour) == ("Riverside", 22, 7)
