"""A clinician sees an unexpected positive on Today, reviews it, and records a new screen in the browser."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in


def test_it_flags_an_unexpected_positive_and_records_a_screen(page: Any, server_url: str) -> None:
    # given Avery's fentanyl positive (not explained by buprenorphine) waits on Alice's Today
    log_in(page, server_url, "alice")
    panel = page.locator("section", has=page.get_by_role("heading", name="Unexpected drug screen positives"))
    expect(panel.get_by_text("Fentanyl")).to_be_visible()
    panel.get_by_role("link", name="Avery Example").click()

    # when she reviews it with a note
    page.get_by_role("heading", name="Unexpected positives to review with the plan").wait_for()
    bup = page.locator("tr.mat").filter(has_text="Buprenorphine/naloxone")
    expect(bup.get_by_test_id("med-source")).to_contain_text("Ordered by Priya Prescriber on")
    expect(page.locator("tr").filter(has_text="Sertraline").get_by_test_id("med-source")).to_contain_text(
        "Reported by client"
    )
    page.get_by_label("Review note").fill("Discussed in session; relapse-prevention objective added.")
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_text("Flag reviewed.").wait_for()

    # and records a new cup that reads positive for buprenorphine only
    page.get_by_role("link", name="Record drug screen").click()
    page.get_by_label("Buprenorphine", exact=True).select_option("positive")
    page.get_by_label("Observed collection").check()
    page.get_by_role("button", name="Save screen").click()

    # then the screen is recorded as expected, with nothing new to review
    page.get_by_text("Drug screen recorded.").wait_for()
    expect(page.get_by_role("heading", name="Unexpected positives to review with the plan")).to_have_count(0)
    expect(page.get_by_text("Buprenorphine positive · expected")).to_have_count(3)


def test_it_names_the_field_when_a_level_is_given_for_a_cup(page: Any, server_url: str) -> None:
    log_in(page, server_url, "alice")
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Blake Example").first.click()
    page.get_by_role("link", name="Record a screen").click()
    page.get_by_label("Cocaine", exact=True).select_option("positive")
    page.get_by_label("Cocaine level").fill("120")
    page.get_by_role("button", name="Save screen").click()
    alert = page.get_by_role("alert").filter(has_text="Levels come from definitive")
    alert.wait_for()
    expect(alert).to_be_visible()
