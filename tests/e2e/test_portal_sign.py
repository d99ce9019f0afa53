"""On her phone a client signs in to the portal, reads and signs her TPO consent, then reads and signs her
treatment plan. axe-core finds nothing on the pages at 390 px."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations
from tests.e2e.test_portal_signin import _last_code, phone  # noqa: F401  (the phone fixture)

pytestmark = pytest.mark.browser


def _sign_in(page: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    page.goto(f"{server_url}/me/")
    page.get_by_label("E-mail address or mobile number").fill("217-555-0166")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, "+12175550166"))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello, Rowan").wait_for()


def test_a_client_signs_her_consent_and_plan_on_her_phone(
    phone: Any,  # noqa: F811
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    page = phone.new_page()
    _sign_in(page, server_url, tmp_path_factory)
    # the TPO consent: read in full, signed with her typed name
    page.get_by_role("link", name="Your consents to share records: sign or revoke").click()
    page.get_by_role("heading", name="Your consents to share records").wait_for()
    assert violations(page) == []
    page.get_by_test_id("portal-consents-awaiting").get_by_role("link", name="Read and sign").click()
    page.get_by_role("heading", name="Consent to share your records").wait_for()
    expect(page.get_by_text("My right to revoke")).to_be_visible()
    assert violations(page) == []
    page.get_by_label("Type your full name to sign").fill("Rowan Signtest")
    page.get_by_label("I have read this consent and agree to it").check()
    page.get_by_role("button", name="Sign this consent").click()
    expect(page.get_by_text("You signed the consent")).to_be_visible()
    expect(page.get_by_test_id("portal-consents-active").get_by_role("link", name="Revoke")).to_be_visible()
    # the plan: read, signed
    page.goto(f"{server_url}/me/plan/")
    page.get_by_role("heading", name="Your treatment plan").wait_for()
    expect(page.get_by_test_id("portal-plan")).to_contain_text("waiting for your signature")
    assert violations(page) == []
    page.get_by_label("Type your full name").fill("Rowan Signtest")
    page.get_by_label("I have read this plan and agree to it").check()
    page.get_by_role("button", name="Sign my plan").click()
    expect(page.get_by_text("You signed your treatment plan")).to_be_visible()
    expect(page.get_by_test_id("portal-plan-signatures")).to_contain_text("signed as Rowan Signtest")
    assert violations(page) == []
