"""A clinician invites a client to the portal from the face sheet; on her phone the client asks for a code,
reads it in her texts, signs in and sees her home page with the crisis line. axe-core finds nothing at 390 px."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.conftest import watch_for_csp_violations
from tests.e2e.test_accessibility import PHONE, violations


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, has_touch=True)
    found = watch_for_csp_violations(context)
    yield context
    context.close()
    assert found == [], "the page broke its Content-Security-Policy"


def _last_code(tmp_path_factory: pytest.TempPathFactory, to: str) -> str:
    """The server's file SMS backend writes under its var dir, the e2e folder of this run."""
    lines = [
        json.loads(line)
        for path in tmp_path_factory.getbasetemp().glob("e2e*/sms/sms.jsonl")
        for line in path.read_text().splitlines()
    ]
    bodies = [line["body"] for line in lines if line["to"] == to and "sign-in code" in line["body"]]
    found = re.search(r"\b(\d{6})\b", bodies[-1])
    assert found is not None
    return found.group(1)


def test_a_client_signs_in_by_code_on_her_phone(
    phone: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # given Alice invites Quinn from the face sheet
    staff = phone.new_page()
    log_in(staff, server_url, "alice")
    staff.goto(f"{server_url}/clients/")
    staff.get_by_role("link", name="Quinn Portaltest").first.click()
    staff.get_by_role("link", name="Edit face sheet").click()
    panel = staff.get_by_test_id("face-sheet-portal")
    expect(panel.get_by_label("Mobile number")).to_have_value("(217) 555-0177")
    panel.get_by_role("button", name="Send the invitation").click()
    staff.get_by_text("Portal invitation sent.").wait_for()
    staff.close()
    phone.clear_cookies()  # the client's own phone: no staff session
    # when Quinn asks for a code and types it
    page = phone.new_page()
    page.goto(f"{server_url}/me/")
    page.get_by_role("heading", name="Sign in to your portal").wait_for()
    expect(page.get_by_test_id("crisis-banner")).to_contain_text("988")
    assert violations(page) == []
    page.get_by_label("E-mail address or mobile number").fill("217-555-0177")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    assert violations(page) == []
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, "+12175550177"))
    page.get_by_role("button", name="Sign in").click()
    # then she sees her home page, with the crisis line, and axe finds nothing at phone width
    page.get_by_role("heading", name="Hello, Quinn").wait_for()
    expect(page.get_by_test_id("crisis-banner")).to_contain_text("Call or text 988")
    expect(page.get_by_role("heading", name="Your next two weeks")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to your portal").wait_for()
