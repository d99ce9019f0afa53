"""The server side of a passkey sign-in refuses what the browser test cannot easily send: a forged answer,
a replayed challenge, and another person's passkey. (tests/e2e/test_passkeys.py signs in with a real one.)"""

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.signin import PASSWORD
from trellis.accounts.models import Passkey
from trellis.privacy.models import AuditEvent

FORGED = {
    "id": "YWxpY2U",
    "rawId": "YWxpY2U",
    "type": "public-key",
    "response": {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"},
    "clientExtensionResults": {},
}


def _held_at_passkey_step(world: Any) -> Client:
    Passkey.objects.create(user=world.alice, name="Laptop", credential_id="YWxpY2U", public_key=b"k")
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    return browser


def _answer(browser: Client, credential: dict[str, Any]) -> Any:
    body = json.dumps({"credential": credential, "next": "/"})
    return browser.post(reverse("accounts:passkey_auth"), body, content_type="application/json")


def test_the_options_name_only_her_own_passkeys_and_carry_a_challenge(world: Any) -> None:
    Passkey.objects.create(user=world.bob, name="Bob's", credential_id="Ym9i", public_key=b"k")
    browser = _held_at_passkey_step(world)
    options = browser.post(reverse("accounts:passkey_auth_options")).json()
    assert [c["id"] for c in options["allowCredentials"]] == ["YWxpY2U"]
    assert len(options["challenge"]) >= 22
    assert options["rpId"] == "testserver"


def test_a_forged_answer_is_refused_counted_and_holds_the_session(world: Any) -> None:
    browser = _held_at_passkey_step(world)
    browser.post(reverse("accounts:passkey_auth_options"))
    refused = _answer(browser, FORGED)
    assert refused.status_code == 400
    assert AuditEvent.objects.filter(
        actor=world.alice, action="mfa_failed", detail="passkey refused"
    ).exists()
    assert browser.get(reverse("today"))["Location"].startswith(reverse("accounts:mfa_verify"))


def test_a_challenge_is_good_for_one_answer(world: Any) -> None:
    browser = _held_at_passkey_step(world)
    browser.post(reverse("accounts:passkey_auth_options"))
    _answer(browser, FORGED)
    again = _answer(browser, FORGED)
    assert again.status_code == 400
    assert again.json()["error"] == "This request has expired. Try again."


def test_another_persons_passkey_proves_nothing(world: Any) -> None:
    Passkey.objects.create(user=world.bob, name="Bob's", credential_id="Ym9i", public_key=b"k")
    browser = _held_at_passkey_step(world)
    browser.post(reverse("accounts:passkey_auth_options"))
    assert _answer(browser, {**FORGED, "id": "Ym9i", "rawId": "Ym9i"}).status_code == 400
    assert browser.get(reverse("today")).status_code == 302
