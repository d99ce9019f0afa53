"""A client adds a passkey in her portal on her phone, then signs in with it instead of a code, in Chromium
with its virtual authenticator standing in for her phone's fingerprint reader. axe-core finds nothing at 390 px."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import watch_for_csp_violations
from tests.e2e.seeds.portal_passkeys import MOBILE
from tests.e2e.test_accessibility import PHONE, violations
from tests.e2e.test_passkeys import _virtual_authenticator
from tests.e2e.test_portal_signin import _last_code


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, has_touch=True)
    found = watch_for_csp_violations(context)
    yield context
    context.close()
    assert found == [], "the page broke its Content-Security-Policy"


def test_a_client_adds_a_passkey_and_signs_in_with_it(
    phone: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # WebAuthn refuses an IP address as the relying party: the same server, by its host name.
    site = server_url.replace("127.0.0.1", "localhost")
    page = phone.new_page()
    devtools, authenticator = _virtual_authenticator(page)
    # given Petra signed in with a code
    page.goto(f"{site}/me/sign-in/")
    page.get_by_label("E-mail address or mobile number").fill("217-555-0139")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, MOBILE))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello, Petra").wait_for()
    # when she adds a passkey from her home page
    page.get_by_role("link", name="Sign in with a passkey instead of a code").click()
    page.get_by_label("Name of the new passkey").fill("My phone")
    page.get_by_role("button", name="Add a passkey").click()
    # then it is listed, her authenticator holds it, and the page passes axe at phone width
    expect(page.get_by_text("Passkey “My phone” added.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove My phone")).to_be_visible()
    stored = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(stored) == 1
    assert violations(page) == []
    # when she signs out, then signs in with the passkey, no code asked
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to your portal").wait_for()
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.get_by_role("heading", name="Hello, Petra").wait_for()
    expect(page.get_by_test_id("crisis-banner")).to_contain_text("988")
    signed = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert signed[0]["signCount"] > stored[0]["signCount"]
