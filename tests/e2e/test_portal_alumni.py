"""On her phone, Jordan, discharged 30 days ago, signs in to her alumni home, answers her 30-day check-in
says she'll come to the picnic and taps "I'd like to talk about coming back"; Alva, admissions at her site,
finds her in the intake pipeline; Ari sees her coming. axe-core finds nothing on these pages at 390 px."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.seeds.alumni import JORDAN_MOBILE
from tests.e2e.test_accessibility import violations
from tests.e2e.test_portal_signin import _last_code, phone  # noqa: F401 (the phone fixture)

pytestmark = pytest.mark.browser


def _sign_in(page: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    page.goto(f"{server_url}/me/sign-in/")
    page.get_by_label("E-mail address or mobile number").fill("217-555-0146")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, JORDAN_MOBILE))
    page.get_by_role("button", name="Sign in").click()


def test_an_alumna_answers_her_30_day_check_in_and_asks_to_come_back(
    phone: Any,  # noqa: F811
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # given Jordan signs in on her phone and lands on her alumni home
    page = phone.new_page()
    _sign_in(page, server_url, tmp_path_factory)
    page.get_by_role("heading", name="Hello, Jordan").wait_for()
    expect(page.get_by_test_id("crisis-resources")).to_contain_text("988")
    assert violations(page) == []
    # and says she'll come to the picnic
    page.get_by_test_id("alumni-events").get_by_role("button", name="I'll come").click()
    expect(page.get_by_test_id("alumni-events")).to_contain_text("You said you'll come.")
    # when she answers her 30-day check-in: how she's doing, then the BAM, no use
    page.get_by_test_id("alumni-follow-up-link").click()
    page.get_by_role("heading", name="Your 30-day check-in").wait_for()
    assert violations(page) == []
    page.locator("#q-using_since").get_by_label("No", exact=True).check()
    for name in ("in_support", "working_or_school", "housing_stable"):
        page.locator(f"#q-{name}").get_by_label("Yes", exact=True).check()
    for number in (1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17):
        page.locator(f"#q-item_{number} input[type=radio]").first.check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_test_id("follow-up-thanks")).to_contain_text("Your 30-day check-in was sent")
    # and taps "I'd like to talk about coming back"
    page.get_by_role("link", name="Back to your home page").click()
    page.get_by_test_id("alumni-reconnect-link").click()
    page.get_by_test_id("reconnect-button").click()
    expect(page.get_by_test_id("reconnect-sent")).to_contain_text("We've passed it on")
    assert violations(page) == []
    # then Alva, admissions at Westside, finds Jordan in the intake pipeline
    phone.clear_cookies()
    staff = phone.new_page()
    log_in(staff, server_url, "alva.admissions")
    staff.goto(f"{server_url}/intake/")
    expect(staff.get_by_text("Jordan Alumnitest").first).to_be_visible()
    # and Ari, her clinician, sees one alumna coming to the picnic on a page axe-core passes at 390 px
    phone.clear_cookies()
    ari = phone.new_page()
    log_in(ari, server_url, "ari.alumni")
    ari.goto(f"{server_url}/alumni/events/")
    expect(ari.get_by_role("row", name="Westside alumni picnic")).to_contain_text("1")
    assert violations(ari) == []
