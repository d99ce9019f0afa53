"""A clinician invites a client's father from the face sheet, under the consent the client signed; on his phone
he signs in with a code and sees her family session as an invitation, with the 42 CFR 2.32 notice and the
crisis line. axe-core finds nothing at 390 px."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.conftest import watch_for_csp_violations
from tests.e2e.seeds.portal_family import HANK_MOBILE
from tests.e2e.test_accessibility import PHONE, violations
from tests.e2e.test_portal_signin import _last_code


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, has_touch=True)
    found = watch_for_csp_violations(context)
    yield context
    context.close()
    assert found == [], "the page broke its Content-Security-Policy"


def test_a_father_invited_under_her_consent_sees_her_family_session(
    phone: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # given Alice invites Gwen's father Hank from the face sheet
    staff = phone.new_page()
    log_in(staff, server_url, "alice")
    staff.goto(f"{server_url}/clients/")
    staff.get_by_role("link", name="Gwen Portalfamily").first.click()
    staff.get_by_role("link", name="Edit face sheet").click()
    panel = staff.get_by_test_id("face-sheet-portal-family")
    panel.get_by_label("Who").select_option(label="Hank Portalfamily")
    panel.get_by_label("Their mobile number").fill("217-555-0138")
    panel.get_by_role("button", name="Send the family invitation").click()
    staff.get_by_text("Family invitation sent.").wait_for()
    staff.close()
    phone.clear_cookies()
    # when Hank signs in on his phone with the code he was sent
    page = phone.new_page()
    page.goto(f"{server_url}/me/family/")
    page.get_by_role("heading", name="Sign in as a family member or supporter").wait_for()
    assert violations(page) == []
    page.get_by_label("E-mail address or mobile number").fill("217-555-0138")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, HANK_MOBILE))
    page.get_by_role("button", name="Sign in").click()
    # then he sees her family session as an invitation, the notice and the crisis line
    page.get_by_role("heading", name="Gwen's portal, shared with you").wait_for()
    expect(page.get_by_test_id("family-invitations")).to_contain_text("Family session")
    expect(page.get_by_test_id("family-notice")).to_contain_text("42 CFR part 2 prohibits unauthorized use")
    expect(page.get_by_test_id("crisis-banner")).to_contain_text("988")
    assert violations(page) == []
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in as a family member or supporter").wait_for()
