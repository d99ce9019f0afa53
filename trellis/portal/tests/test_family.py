"""Family and supporters in the portal (issue 13): invited only under a consent in force that names them, they
see only what it allows, each page a recorded disclosure with the 42 CFR 2.32 notice, and access ends the
moment the consent is revoked or expires."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.portal.models import FamilyAccess
from trellis.portal.tests.conftest import sign_in
from trellis.portal.tests.family_given import FRAN_MOBILE, fran, fran_invited, fran_signs_in
from trellis.privacy.consent_models import Consent
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.part2 import NOTICE, InfoKind
from trellis.scheduling import booking
from trellis.scheduling.appointments import Appointment
from trellis.scheduling.models import ProposedPlacement, ScheduleProposal

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)  # a Monday
MONDAY = NOW.date()


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _carols_week(world: World) -> None:
    """Carol's Wednesday group is published, and a family session is booked for next Tuesday."""
    proposal = ScheduleProposal.objects.create(
        site=world.site_a,
        week_start=MONDAY,
        status=ScheduleProposal.Status.PUBLISHED,
        requested_by=world.dana,
    )
    ProposedPlacement.objects.create(
        proposal=proposal, client=world.carol, group=world.group_a, date=MONDAY + dt.timedelta(days=2)
    )
    booking.book_appointment(
        kind=Appointment.Kind.FAMILY,
        site=world.site_a,
        staff=world.alice,
        client=world.carol,
        starts_at=NOW + dt.timedelta(days=8),
        minutes=50,
        booked_by=world.alice,
    )


def test_without_a_consent_naming_them_a_contact_cannot_be_invited(invited: World) -> None:
    staff = Browser()
    staff.force_login(invited.alice)
    face_sheet = staff.get(f"/clients/{invited.carol.pk}/face-sheet/").content.decode()
    assert "Family in the portal" in face_sheet
    answer = staff.post(
        f"/portal/clients/{invited.carol.pk}/family/invite/",
        {"family-contact": fran(invited).pk, "family-mobile": FRAN_MOBILE},
    )
    assert answer.status_code == 400
    assert "No signed consent in force names Fran Test" in answer.content.decode()
    assert FRAN_MOBILE in answer.content.decode()  # what was typed is kept
    assert not FamilyAccess.objects.exists()


def test_fran_sees_the_schedule_and_invitations_with_the_notice_each_view_recorded(
    invited: World, sms_outbox: Any
) -> None:
    # given Carol's consent names her sister Fran for her schedule and family-group invitations
    _carols_week(invited)
    fran_invited(invited)
    browser = Browser()
    fran_signs_in(browser, sms_outbox)
    # when Fran opens her page
    page = browser.get("/me/family/").content.decode()
    # then she sees the schedule, the family session as an invitation, the notice and the crisis line
    assert invited.group_a.name in page
    assert "Wed Dec 9" in page
    assert 'data-testid="family-invitations"' in page
    assert "Family session" in page
    assert NOTICE in page
    assert 'href="tel:988"' in page
    # and each view is a disclosure to her under the consent
    browser.get("/me/family/")
    rows = Disclosure.objects.filter(client=invited.carol)
    assert rows.count() == 2
    assert {row.recipient_name for row in rows} == {"Fran Test"}
    # and she cannot open Carol's own pages
    assert browser.get("/me/").status_code == 302
    assert browser.get("/me/consents/")["Location"].startswith("/me/sign-in/")


def test_a_schedule_only_consent_shows_no_invitations(invited: World, sms_outbox: Any) -> None:
    _carols_week(invited)
    fran_invited(invited, information=(InfoKind.IDENTITY, InfoKind.SCHEDULE))
    browser = Browser()
    fran_signs_in(browser, sms_outbox)
    page = browser.get("/me/family/").content.decode()
    assert "Wed Dec 9" in page
    assert 'data-testid="family-invitations"' not in page


def test_revoking_the_consent_ends_access_at_once(invited: World, sms_outbox: Any) -> None:
    fran_invited(invited)
    browser = Browser()
    fran_signs_in(browser, sms_outbox)
    assert browser.get("/me/family/").status_code == 200
    # when Carol revokes the consent in her portal
    carol = Browser()
    sign_in(carol, sms_outbox)
    consent = Consent.objects.get(client=invited.carol)
    assert carol.post(f"/me/consents/{consent.pk}/revoke/").status_code == 302
    # then Fran's next request ends her session, and she is sent no new code
    answer = browser.get("/me/family/")
    assert answer["Location"] == "/me/family/sign-in/?ended=1"
    assert browser.get("/me/family/")["Location"] == "/me/family/sign-in/"
    sent = len(sms_outbox())
    browser.post("/me/family/sign-in/", {"address": FRAN_MOBILE})
    assert len(sms_outbox()) == sent
    assert Disclosure.objects.filter(client=invited.carol).count() == 1


def test_when_the_consent_expires_access_ends(invited: World, sms_outbox: Any) -> None:
    # given a consent that ends tomorrow (Carol's site's day)
    fran_invited(invited, expires_on=MONDAY + dt.timedelta(days=1))
    browser = Browser()
    fran_signs_in(browser, sms_outbox)
    assert browser.get("/me/family/").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        # when she asks for a code two days on, then no code goes and her page stays shut
        sent = len(sms_outbox())
        later = Browser()
        later.post("/me/family/sign-in/", {"address": FRAN_MOBILE})
        assert len(sms_outbox()) == sent
        assert later.get("/me/family/")["Location"] == "/me/family/sign-in/"
    assert FamilyAccess.objects.get().is_active  # nothing was turned off by hand: the consent's date did it


def test_carol_invites_fran_from_the_portal_and_turns_her_access_off(invited: World, sms_outbox: Any) -> None:
    from trellis.portal.tests.family_given import family_consent

    family_consent(invited)
    carol = Browser()
    sign_in(carol, sms_outbox)
    answer = carol.post(
        "/me/family-contacts/", {"family-contact": fran(invited).pk, "family-mobile": FRAN_MOBILE}
    )
    assert answer.status_code == 302
    access = FamilyAccess.objects.get()
    assert access.invited_by is None
    assert "invited you" not in sms_outbox()[-1]["body"]  # neutral: the invitation names nobody
    assert carol.post(f"/me/family-contacts/{access.pk}/end/").status_code == 302
    access.refresh_from_db()
    assert not access.is_active
