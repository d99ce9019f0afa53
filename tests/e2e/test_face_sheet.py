"""An admissions coordinator or clinician on a tablet updates a client's address and phone on the face sheet."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.conftest import watch_for_csp_violations


@pytest.fixture
def tablet(browser: Any) -> Iterator[Any]:
    """A portrait tablet: the face sheet's fields wrap onto narrow rows."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True)
    violations = watch_for_csp_violations(context)
    yield context.new_page()
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"


def _open_face_sheet(page: Any, server_url: str) -> None:
    log_in(page, server_url, "alice")
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Finley Example").first.click()
    page.get_by_role("link", name="Edit face sheet").click()
    page.get_by_role("heading", name="Face sheet", exact=True).wait_for()


def test_it_saves_a_new_address_and_phone(tablet: Any, server_url: str) -> None:
    # given Alice on Finley's face sheet
    page = tablet
    _open_face_sheet(page, server_url)
    # when she types a ZIP with a digit missing, the page says so and keeps what she typed
    page.get_by_label("Street address").fill("9 Oak Ave")
    page.get_by_label("City").fill("Oak Park")
    page.get_by_label("State").select_option("IL")
    page.get_by_label("ZIP code").fill("6030")
    page.get_by_label("Phone", exact=True).fill("(217) 555-0134")
    page.get_by_label("May send text messages").check()
    page.get_by_role("button", name="Save face sheet").click()
    alert = page.get_by_role("alert").filter(has_text="Enter a ZIP code of five digits")
    alert.wait_for()
    expect(page.get_by_label("Street address")).to_have_value("9 Oak Ave")
    # and when she corrects it and saves
    page.get_by_label("ZIP code").fill("60302")
    page.get_by_role("button", name="Save face sheet").click()
    # then it is saved and shown again on the face sheet and on the chart
    page.get_by_text("Face sheet saved.").wait_for()
    expect(page.get_by_label("City")).to_have_value("Oak Park")
    expect(page.get_by_label("Phone", exact=True)).to_have_value("(217) 555-0134")
    expect(page.get_by_label("May send text messages")).to_be_checked()
    page.get_by_role("link", name="Finley Example").click()
    panel = page.get_by_test_id("face-sheet-panel")
    expect(panel.get_by_text("Oak Park, IL 60302")).to_be_visible()
    expect(panel.get_by_text("texts OK")).to_be_visible()
