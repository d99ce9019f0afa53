"""Staff invite a client to the portal from the face sheet, send it again, and turn access off."""

from typing import Any

from django.test import Client as Browser

from conftest import World
from trellis.portal.models import PortalAccount, SignInCode
from trellis.privacy.models import AuditEvent


def _as(person: Any) -> Browser:
    browser = Browser()
    browser.force_login(person)
    return browser


def test_the_face_sheet_offers_the_invitation(world: World) -> None:
    page = _as(world.alice).get(f"/clients/{world.carol.pk}/face-sheet/").content.decode()
    assert "Client portal" in page
    assert "Not invited to the portal." in page


def test_inviting_texts_the_client_a_link_that_names_no_treatment(world: World, sms_outbox: Any) -> None:
    # when Alice invites Carol by her mobile number
    answer = _as(world.alice).post(f"/portal/clients/{world.carol.pk}/invite/", {"mobile": "(413) 555-0101"})
    # then
    assert answer.status_code == 302
    account = PortalAccount.objects.get(client=world.carol)
    assert account.mobile == "+14135550101"
    assert account.invited_by == world.alice
    text = sms_outbox()[-1]
    assert text["to"] == "+14135550101"
    assert "/me/sign-in/" in text["body"]
    assert "Carol" not in text["body"]
    event = AuditEvent.objects.get(client=world.carol, object_type="portal.PortalAccount")
    assert "555" not in event.detail


def test_inviting_by_e_mail_sends_mail(world: World, mailoutbox: Any) -> None:
    _as(world.alice).post(f"/portal/clients/{world.carol.pk}/invite/", {"email": "Carol@Example.org"})
    assert mailoutbox[-1].to == ["carol@example.org"]
    assert "/me/sign-in/" in mailoutbox[-1].body


def test_a_bad_number_is_refused_and_kept(world: World, sms_outbox: Any) -> None:
    answer = _as(world.alice).post(f"/portal/clients/{world.carol.pk}/invite/", {"mobile": "12"})
    assert answer.status_code == 400
    assert 'value="12"' in answer.content.decode()
    assert not PortalAccount.objects.exists()
    assert sms_outbox() == []


def test_an_address_already_used_by_another_client_is_refused(world: World, sms_outbox: Any) -> None:
    _as(world.alice).post(f"/portal/clients/{world.carol.pk}/invite/", {"mobile": "(413) 555-0101"})
    answer = _as(world.bob).post(f"/portal/clients/{world.dave.pk}/invite/", {"mobile": "413.555.0101"})
    assert answer.status_code == 400
    assert "already signs in another client" in answer.content.decode()
    assert not PortalAccount.objects.filter(client=world.dave).exists()


def test_turning_access_off_retires_the_codes(world: World, sms_outbox: Any) -> None:
    _as(world.alice).post(f"/portal/clients/{world.carol.pk}/invite/", {"mobile": "(413) 555-0101"})
    Browser().post("/me/sign-in/", {"address": "(413) 555-0101"})
    account = PortalAccount.objects.get(client=world.carol)
    answer = _as(world.alice).post(f"/portal/accounts/{account.pk}/deactivate/")
    assert answer.status_code == 302
    account.refresh_from_db()
    assert not account.is_active
    assert not SignInCode.objects.filter(used_at__isnull=True).exists()
    page = _as(world.alice).get(f"/clients/{world.carol.pk}/face-sheet/").content.decode()
    assert "Access turned off" in page
