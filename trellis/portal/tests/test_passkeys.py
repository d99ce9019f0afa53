"""The client's passkeys, server side (the ceremony itself runs in tests/e2e/test_portal_passkeys.py): adding
one takes a fresh sign-in, and each step leaves an audit event with the client as subject."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.portal.models import PortalPasskey
from trellis.portal.tests.conftest import sign_in
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_adding_a_passkey_takes_a_fresh_sign_in(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    sign_in(browser, sms_outbox)
    assert browser.post("/me/passkeys/options/").status_code == 200
    # when she comes back 20 minutes on, active all along
    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        assert browser.get("/me/passkeys/").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(minutes=20), tick=False):
        page = browser.get("/me/passkeys/").content.decode()
        answer = browser.post("/me/passkeys/options/")
    # then the page and the server both ask her to sign in again first
    assert "Sign in again" in page
    assert answer.status_code == 403


def test_removing_a_passkey_is_audited(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    sign_in(browser, sms_outbox)
    account = invited.carol.portal_account
    key = PortalPasskey.objects.create(account=account, name="Phone", credential_id="c1", public_key=b"k")
    assert browser.post(f"/me/passkeys/{key.pk}/remove/").status_code == 302
    assert not PortalPasskey.objects.exists()
    assert AuditEvent.objects.filter(client_id=invited.carol.pk, detail="portal passkey removed").exists()


def test_a_passkey_answer_that_names_no_passkey_signs_nobody_in(invited: World) -> None:
    browser = Browser()
    assert browser.post("/me/sign-in/passkey/options/").status_code == 200
    answer = browser.post(
        "/me/sign-in/passkey/", {"credential": {"id": "nobody"}}, content_type="application/json"
    )
    assert answer.status_code == 400
    assert browser.get("/me/").status_code == 302
