"""Every portal page for a signed-in client, another client, staff and anonymous visitors.

carol and dave are clients signed in to the portal (dave is "another client" to carol). Staff: cami case
manager A, pete peer specialist A, alice clinician A, bill biller A, bob clinician B, dana director A+B, olga
director of another organization. A family contact's realm is walked in tests/test_portal_family_permissions.py.
The portal's pages take no object of a client in their address yet: each shows only the signed-in client's
own record, which test_it_shows_each_client_only_their_own checks; staff invite pages answer 404 for a client
out of reach.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as Browser

from conftest import SupportStaff, World
from trellis.portal import services
from trellis.portal.models import PortalAccount
from trellis.portal.tests.conftest import invite_both, read_sms, sign_in
from trellis.portal.tests.test_signing import tpo
from trellis.privacy.consent_models import Consent


@pytest.fixture
def invited(world: World) -> World:
    return invite_both(world)


PERSONAS = ["carol", "dave", "cami", "pete", "alice", "bill", "bob", "dana", "olga", "anonymous"]

Page = tuple[str, str, Callable[[World], str]]
PAGES: dict[str, Page] = {
    "home": ("GET", "", lambda w: "/me/"),
    "sign_in": ("GET", "", lambda w: "/me/sign-in/"),
    "code": ("GET", "", lambda w: "/me/sign-in/code/"),
    "sign_out": ("POST", "", lambda w: "/me/sign-out/"),
    "invite_carol": ("GET", "", lambda w: f"/portal/clients/{w.carol.pk}/invite/"),
    "invite_carol_post": ("POST", "email=c@example.org", lambda w: f"/portal/clients/{w.carol.pk}/invite/"),
    "deactivate_carol": (
        "POST",
        "",
        lambda w: f"/portal/accounts/{PortalAccount.objects.get(client=w.carol).pk}/deactivate/",
    ),
    "checkin": ("GET", "", lambda w: _phq9_scheduled(w, "/me/check-ins/phq9/")),
    "checkin_post": ("POST", "item_1=0", lambda w: _phq9_scheduled(w, "/me/check-ins/phq9/")),
    "checkin_done_carol": ("GET", "", lambda w: f"/me/check-ins/done/{_carols_check_in(w).pk}/"),
    "plan": ("GET", "", lambda w: "/me/plan/"),
    "consents": ("GET", "", lambda w: "/me/consents/"),
    "carols_consent_sign": ("GET", "", lambda w: f"/me/consents/{_carols_consent(w).pk}/sign/"),
    "carols_consent_revoke": ("GET", "", lambda w: f"/me/consents/{_carols_consent(w).pk}/revoke/"),
    "family_home": ("GET", "", lambda w: "/me/family/"),
    "family_sign_in": ("GET", "", lambda w: "/me/family/sign-in/"),
    "family_code": ("GET", "", lambda w: "/me/family/sign-in/code/"),
    "family_sign_out": ("POST", "", lambda w: "/me/family/sign-out/"),
    "family_contacts": ("GET", "", lambda w: "/me/family-contacts/"),
    "carols_family_end": ("POST", "", lambda w: f"/me/family-contacts/{_carols_family_access(w).pk}/end/"),
    "family_invite_carol": ("GET", "", lambda w: f"/portal/clients/{w.carol.pk}/family/invite/"),
    "family_end_carol": ("POST", "", lambda w: f"/portal/family/{_carols_family_access(w).pk}/end/"),
    "passkeys": ("GET", "", lambda w: "/me/passkeys/"),
    "passkey_options": ("POST", "", lambda w: "/me/passkeys/options/"),
    "carols_passkey_remove": ("POST", "", lambda w: f"/me/passkeys/{_carols_passkey(w).pk}/remove/"),
    "passkey_sign_in_options": ("POST", "", lambda w: "/me/sign-in/passkey/options/"),
    "passkey_sign_in": ("POST", "", lambda w: "/me/sign-in/passkey/"),
    "messages": ("GET", "", lambda w: "/me/messages/"),
    "message_new": ("GET", "", lambda w: "/me/messages/new/"),
    "carols_message_thread": ("GET", "", lambda w: f"/me/messages/{_carols_message_thread(w).pk}/"),
    "carols_session_join": ("GET", "", lambda w: f"/me/sessions/{_carols_virtual_session(w).pk}/join/"),
    "carols_session_join_post": ("POST", "", lambda w: f"/me/sessions/{_carols_virtual_session(w).pk}/join/"),
    "carols_session_left": ("POST", "", lambda w: f"/me/sessions/{_carols_virtual_session(w).pk}/left/"),
}

# page -> expected status for each persona, in PERSONAS order. 302 for a client on a staff page is the
# staff login page; 302 for anonymous on /me/ is the portal's sign-in page.
MATRIX: dict[str, tuple[int, ...]] = {
    "home": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "sign_in": (302, 302, 403, 403, 403, 403, 403, 403, 403, 200),
    "code": (302, 302, 403, 403, 403, 403, 403, 403, 403, 302),
    "sign_out": (302, 302, 403, 403, 403, 403, 403, 403, 403, 302),
    "invite_carol": (302, 302, 200, 403, 200, 403, 404, 200, 404, 302),
    "invite_carol_post": (302, 302, 302, 403, 302, 403, 404, 302, 404, 302),
    "deactivate_carol": (302, 302, 302, 403, 302, 403, 404, 302, 404, 302),
    "checkin": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "checkin_post": (400, 400, 403, 403, 403, 403, 403, 403, 403, 302),
    "checkin_done_carol": (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "plan": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "consents": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_consent_sign": (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_consent_revoke": (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "family_home": (302, 302, 403, 403, 403, 403, 403, 403, 403, 302),
    "family_sign_in": (200, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "family_code": (302, 302, 403, 403, 403, 403, 403, 403, 403, 302),
    "family_sign_out": (302, 302, 403, 403, 403, 403, 403, 403, 403, 302),
    "family_contacts": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_family_end": (302, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "family_invite_carol": (302, 302, 200, 403, 200, 403, 404, 200, 404, 302),
    "family_end_carol": (302, 302, 302, 403, 302, 403, 404, 302, 404, 302),
    "passkeys": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "passkey_options": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_passkey_remove": (302, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "passkey_sign_in_options": (200, 200, 403, 403, 403, 403, 403, 403, 403, 200),
    "passkey_sign_in": (400, 400, 403, 403, 403, 403, 403, 403, 403, 400),
    "messages": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "message_new": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_message_thread": (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    # Joining redirects to the video room; another client's session does not exist for Dave.
    "carols_session_join": (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_session_join_post": (302, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "carols_session_left": (302, 404, 403, 403, 403, 403, 403, 403, 403, 302),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_it_answers_every_persona_as_designed(
    page: str, invited: World, support_staff: SupportStaff, mailoutbox: Any
) -> None:
    method, data, address = PAGES[page]
    answers = []
    for persona in PERSONAS:
        PortalAccount.objects.filter(client__in=[invited.carol, invited.dave]).update(is_active=True)
        browser = _signed_in(invited, support_staff, persona, mailoutbox)
        url = address(invited)
        if method == "GET":
            answers.append(browser.get(url).status_code)
        else:
            answers.append(
                browser.post(url, data, content_type="application/x-www-form-urlencoded").status_code
            )
    assert dict(zip(PERSONAS, answers, strict=True)) == dict(zip(PERSONAS, MATRIX[page], strict=True))


def _carols_consent(world: World) -> Consent:
    """A TPO consent of Carol's awaiting signature: Dave's portal must not find it."""
    found = Consent.objects.filter(client=world.carol).first()
    return found or tpo(world.carol, world.alice)


def _signed_in(world: World, staff: SupportStaff, persona: str, mailoutbox: Any) -> Browser:
    browser = Browser()
    if persona == "carol":
        sign_in(browser, read_sms)
    elif persona == "dave":
        browser.post("/me/sign-in/", {"address": "dave@example.org"})
        code = mailoutbox[-1].body.split("code is ")[1][:6]
        browser.post("/me/sign-in/code/", {"code": code})
    elif persona in {"cami", "pete"}:
        browser.force_login(getattr(staff, persona))
    elif persona != "anonymous":
        browser.force_login(getattr(world, persona))
    return browser


def test_it_shows_each_client_only_their_own(invited: World) -> None:
    carol = Browser()
    sign_in(carol, read_sms)
    page = carol.get("/me/").content.decode()
    assert "Carol" in page
    assert "Dave" not in page


def test_a_staff_member_out_of_reach_gets_404_on_the_invitation(invited: World) -> None:
    # given Olga directs another organization and Bob works at the other site
    for person in (invited.olga, invited.bob):
        browser = Browser()
        browser.force_login(person)
        # when / then
        assert (
            browser.post(
                f"/portal/clients/{invited.carol.pk}/invite/", {"email": "x@example.org"}
            ).status_code
            == 404
        )
    assert PortalAccount.objects.get(client=invited.carol).email == ""
    assert services.find_account(services.parse_address("x@example.org")) is None


def _phq9_scheduled(world: World, address: str) -> str:
    """The program gives the PHQ-9 every 14 days: Carol's and Dave's baselines are owed."""
    from trellis.measures.models import MeasureSchedule

    MeasureSchedule.objects.get_or_create(
        program=world.program, instrument="phq9", defaults={"every_days": 14}
    )
    return address


def _carols_check_in(world: World) -> Any:
    """A PHQ-9 Carol answered in the portal."""
    from trellis.measures.choices import Source
    from trellis.measures.models import MeasureResponse
    from trellis.measures.services import record_measure

    found = MeasureResponse.objects.filter(client=world.carol).first()
    return found or record_measure(
        client=world.carol,
        instrument="phq9",
        answers=[0] * 9,
        administered_by=world.alice,
        source=Source.CLIENT,
    )


def _carols_family_access(world: World) -> Any:
    """Carol's sister Fran, invited to the portal (the family realm's own tests: tests/test_portal_family_*)."""
    from trellis.clients.models import ClientContact
    from trellis.core import clock
    from trellis.portal.models import FamilyAccess

    found = FamilyAccess.objects.filter(client=world.carol).first()
    if found is not None:
        return found
    contact = ClientContact.objects.create(client=world.carol, name="Fran Test")
    return FamilyAccess.objects.create(
        client=world.carol, contact=contact, mobile="+14135550177", invited_at=clock.now()
    )


def _carols_passkey(world: World) -> Any:
    """A passkey of Carol's: Dave's portal must not find it (made again after Carol removes it)."""
    from trellis.portal.models import PortalPasskey

    account = PortalAccount.objects.get(client=world.carol)
    found = PortalPasskey.objects.filter(account=account).first()
    return found or PortalPasskey.objects.create(
        account=account, name="Phone", credential_id="c1", public_key=b"k"
    )


def _carols_message_thread(world: World) -> Any:
    """A conversation Carol started with her care team: Dave's portal must not find it."""
    from trellis.messaging.models import MessageThread
    from trellis.messaging.services import start_thread

    found = MessageThread.objects.filter(client=world.carol).first()
    return found or start_thread(client=world.carol, subject="", body="Hello")


def _carols_virtual_session(world: World) -> Any:
    """A virtual session of Carol's group starting in five minutes: open for joining now."""
    import datetime as dt

    from tests import factories
    from trellis.core import clock
    from trellis.scheduling.models import GroupSession, SessionMode

    starts = clock.now() + dt.timedelta(minutes=5)
    found = GroupSession.objects.filter(group=world.group_a, date=starts.date()).first()
    return found or factories.GroupSessionFactory.create(
        group=world.group_a,
        date=starts.date(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        mode_override=SessionMode.VIRTUAL,
    )
