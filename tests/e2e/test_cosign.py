"""A supervisor sees on Today that a note waits for them, reviews it from the co-sign queue and co-signs it."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seeds.supervision import SUBJECTIVE
from tests.e2e.test_accessibility import DESKTOP, at_every_width


def test_a_supervisor_reviews_and_cosigns_a_waiting_note(page: Any, server_url: str) -> None:
    # given Casey's SOAP note for Avery waits for a supervisor's co-signature
    log_in(page, server_url, "sam")
    # when Sam follows Today's count to the queue
    expect(page.get_by_test_id("cosign-waiting")).to_contain_text("1 note waiting for your co-signature")
    page.get_by_role("link", name="Open the co-sign queue").click()
    page.get_by_role("heading", name="Co-sign queue").wait_for()
    row = page.get_by_test_id("cosign-row").filter(has_text="Avery Example")
    expect(row).to_contain_text("Casey Manager")
    # then the note cannot be ticked before it is opened
    expect(row.get_by_role("checkbox")).to_have_count(0)
    screenshot(page, "cosign-queue.png")
    # when he opens it, it shows read-only with the co-sign button, and he co-signs
    row.get_by_role("link", name="Open and review").click()
    expect(page.get_by_text(SUBJECTIVE)).to_be_visible()
    assert at_every_width(page, page.url) == []  # the review page passes axe at every width
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Co-sign as supervisor").click()
    # then the queue is empty
    page.get_by_role("heading", name="Co-sign queue").wait_for()
    expect(page.get_by_text("No notes are waiting for your co-signature.")).to_be_visible()
