"""A nurse adds a passkey on her Security page, then signs in with it as her second factor, in Chromium with
its virtual authenticator standing in for a fingerprint reader (DevTools protocol, WebAuthn domain)."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.seed import PASSWORD
from tests.e2e.seeds.passkeys import USERNAME


def _virtual_authenticator(page: Any) -> tuple[Any, str]:
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def _password_step(page: Any, site: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_nurse_registers_a_passkey_and_signs_in_with_it(page: Any, server_url: str) -> None:
    # WebAuthn refuses an IP address as the relying party: the same server, by its host name.
    site = server_url.replace("127.0.0.1", "localhost")
    devtools, authenticator = _virtual_authenticator(page)

    # given Pat signed in (the demo settings let her in without a factor, and the login page says so)
    page.goto(f"{site}/accounts/login/")
    expect(page.get_by_text("Demo mode:")).to_be_visible()
    _password_step(page, site)
    page.get_by_role("heading", name="Today", exact=True).wait_for()

    # when she adds a passkey on her Security page
    page.get_by_role("link", name="Security").click()
    page.get_by_label("Name of the new passkey").fill("Ward tablet")
    page.get_by_role("button", name="Add a passkey").click()

    # then it is listed, the authenticator holds it, and she is shown her recovery codes once
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("cell", name="Ward tablet", exact=True)).to_be_visible()
    stored = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(stored) == 1

    # when she logs out and signs in again, her password alone is not enough
    page.get_by_role("button", name="Log out").click()
    _password_step(page, site)
    page.get_by_role("heading", name="Confirm it is you").wait_for()
    page.goto(f"{site}/clients/")
    page.get_by_role("heading", name="Confirm it is you").wait_for()

    # then her passkey finishes the sign-in
    page.get_by_role("button", name="Use a passkey").click()
    page.get_by_role("heading", name="Clients", exact=True).wait_for()
    signed = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert signed[0]["signCount"] > stored[0]["signCount"]

    # and confirming it is her before signing a record takes the passkey too
    page.goto(f"{site}/accounts/confirm/?next=/clients/")
    page.get_by_role("button", name="Use a passkey").click()
    page.get_by_role("heading", name="Clients", exact=True).wait_for()
