"""The portal is its own realm: staff logins do not open /me/, a portal session opens no staff page, and the
portal session ends after 15 idle minutes or 8 hours."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.portal.tests.conftest import sign_in
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def test_a_staff_session_is_refused_on_the_portal(invited: World) -> None:
    browser = Browser()
    browser.force_login(invited.alice)
    for path in ("/me/", "/me/sign-in/", "/me/sign-in/code/"):
        answer = browser.get(path)
        assert answer.status_code == 403
        assert "Staff accounts cannot open the client portal" in answer.content.decode()
        assert "Carol" not in answer.content.decode()


def test_a_portal_session_opens_no_staff_page(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    sign_in(browser, sms_outbox)
    for path in ("/", "/clients/", f"/clients/{invited.carol.pk}/"):
        answer = browser.get(path)
        assert answer.status_code == 302
        assert answer["Location"].startswith("/accounts/login/")


def test_signing_in_gives_a_new_session_key(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    browser.post("/me/sign-in/", {"address": "(413) 555-0101"})
    before = browser.cookies["sessionid"].value
    sign_in(browser, sms_outbox)
    assert browser.cookies["sessionid"].value != before


def test_the_session_ends_after_fifteen_idle_minutes(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    with time_machine.travel(NOW, tick=False):
        sign_in(browser, sms_outbox)
    with time_machine.travel(NOW + dt.timedelta(minutes=14), tick=False):
        assert browser.get("/me/").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(minutes=29, seconds=1), tick=False):
        answer = browser.get("/me/")
        assert answer.status_code == 302
        assert answer["Location"] == "/me/sign-in/?ended=1"
        assert browser.get("/me/").status_code == 302


def test_the_session_ends_after_eight_hours_however_busy(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    with time_machine.travel(NOW, tick=False):
        sign_in(browser, sms_outbox)
    with time_machine.travel(NOW + dt.timedelta(hours=7, minutes=55), tick=False):
        session = browser.session
        session["portal_last_seen_at"] = (NOW + dt.timedelta(hours=7, minutes=55)).timestamp()
        session.save()
        assert browser.get("/me/").status_code == 200  # active all day: still signed in
    with time_machine.travel(NOW + dt.timedelta(hours=8, minutes=1), tick=False):
        assert browser.get("/me/").status_code == 302


def test_signing_out_ends_the_session_and_is_audited(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    sign_in(browser, sms_outbox)
    assert browser.post("/me/sign-out/").status_code == 302
    assert browser.get("/me/").status_code == 302
    assert AuditEvent.objects.filter(
        client=invited.carol, action="logout", system_job="client portal"
    ).exists()


def test_every_home_view_is_audited_with_the_client_as_subject(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    sign_in(browser, sms_outbox)
    browser.get("/me/")
    browser.get("/me/")
    views = AuditEvent.objects.filter(client=invited.carol, action="view", detail="portal: home")
    assert views.count() == 2
    assert {event.actor_id for event in views} == {None}
    assert {event.system_job for event in views} == {"client portal"}


def test_a_turned_off_account_is_signed_out_at_once(invited: World, sms_outbox: Any) -> None:
    from trellis.portal.models import PortalAccount
    from trellis.portal.services import deactivate_account

    browser = Browser()
    sign_in(browser, sms_outbox)
    deactivate_account(account=PortalAccount.objects.get(client=invited.carol), deactivated_by=invited.alice)
    assert browser.get("/me/").status_code == 302
