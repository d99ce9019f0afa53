"""On her phone, Reese answers her due PHQ-9 in the portal with item 9 = 1: she sees crisis help at once (988,
her program, 911), not a score; Cleo, her clinician, then finds the urgent safety task on Today. axe-core finds
nothing on the check-in page at 390 px."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.test_accessibility import violations
from tests.e2e.test_portal_signin import _last_code, phone  # noqa: F401 (the phone fixture)

pytestmark = pytest.mark.browser


def test_a_client_answers_item_9_and_sees_help_while_her_clinician_sees_the_task(
    phone: Any,  # noqa: F811
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # given Reese signs in on her phone
    page = phone.new_page()
    page.goto(f"{server_url}/me/sign-in/")
    page.get_by_label("E-mail address or mobile number").fill("217-555-0188")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, "+12175550188"))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello, Reese").wait_for()
    # when she opens her due PHQ-9 and answers "several days" throughout, item 9 included
    page.get_by_test_id("checkin-link-phq9").click()
    page.get_by_role("heading", name="PHQ-9 check-in").wait_for()
    assert violations(page) == []
    for number in range(1, 10):
        page.locator(f"#q-item_{number}").get_by_label("Several days").check()
    page.get_by_role("button", name="Send my answers").click()
    # then crisis help comes first, no score
    help_now = page.get_by_test_id("crisis-resources")
    expect(help_now).to_be_visible()
    expect(help_now).to_contain_text("988")
    expect(help_now).to_contain_text("If you are in danger now, call 911")
    assert "mild" not in page.content().lower()  # the score stays with the care team
    assert violations(page) == []
    # and Cleo finds the urgent task on Today
    phone.clear_cookies()
    staff = phone.new_page()
    log_in(staff, server_url, "cleo")
    urgent = staff.locator(".urgent")
    expect(urgent).to_contain_text("Urgent: same-day safety assessment")
    expect(urgent.get_by_role("link", name="PHQ-9 item 9 above 0")).to_be_visible()
