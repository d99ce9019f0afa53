"""A peer recovery specialist records a peer-support contact and an outside meeting from the chart, and signs
the contact."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in


def test_a_peer_specialist_records_a_contact_and_a_meeting(page: Any, server_url: str) -> None:
    # given Piper on Rowan's chart
    log_in(page, server_url, "piper")
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Rowan Support").first.click()
    panel = page.locator("section", has=page.get_by_role("heading", name="Case management and peer support"))
    expect(panel.get_by_text("No contacts yet.")).to_be_visible()

    # when she writes a peer-support contact (the only kind her role offers)
    panel.get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="New peer support contact").click()
    expect(page.get_by_label("Kind of contact").locator("option")).to_have_count(1)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Minutes").fill("40")
    page.get_by_label("How").select_option("community")
    page.get_by_label("What was done").fill("Walked to a first NA meeting together; met two members.")
    page.get_by_role("button", name="Save contact").click()
    # and signs it
    expect(page.get_by_test_id("contact-status")).to_have_text("Draft")
    page.get_by_role("button", name="Sign").click()

    # then it is signed and locked, open to addenda
    expect(page.get_by_test_id("contact-status")).to_have_text("Signed")
    expect(page.get_by_role("button", name="Add addendum")).to_be_visible()

    # when she records the NA meeting from the chart
    page.get_by_role("link", name="Rowan Support").click()
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Meeting", exact=True).select_option("na")
    page.get_by_role("button", name="Record meeting").click()
    page.get_by_text("Meeting recorded.").wait_for()

    # then the chart counts it among the last 30 days, beside her signed contact
    page.get_by_role("link", name="Rowan Support").click()
    expect(page.get_by_test_id("meetings-30-days")).to_have_text("1")
    expect(page.get_by_text("Narcotics Anonymous (NA)")).to_be_visible()
    expect(page.get_by_text("(peer support)")).to_be_visible()
