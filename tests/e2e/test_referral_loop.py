"""A case manager closes the loop on a referral to a sober living home: drafted, sent with the client's consent,
received and accepted, on the worklist until it is completed, then gone from it."""

from typing import Any
from urllib.parse import urlparse

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seeds.referrals import HOUSE
from tests.e2e.test_accessibility import assert_accessible

CLIENT = "Sol Housing"


def _record(page: Any, state: str) -> None:
    page.get_by_label("Next state").select_option(label=state)
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_test_id("referral-state")).to_contain_text(state)


def _worklist_line(page: Any) -> Any:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Worklist").click()
    page.get_by_role("heading", name="Worklist", exact=True).wait_for()
    return page.locator("tr", has=page.get_by_role("link", name=CLIENT)).filter(has_text="Referral follow-up")


def test_a_case_manager_sends_a_referral_and_follows_it_until_it_is_completed(
    page: Any, server_url: str
) -> None:
    # given Carmen, a case manager, and Sol, who consented to the house being told
    log_in(page, server_url, "carmen")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    page.get_by_role("link", name=CLIENT).click()
    page.get_by_role("link", name="Referrals", exact=True).click()

    # when she drafts a housing referral to the sober living home and sends it
    page.get_by_role("link", name="New referral").click()
    page.get_by_label("Refer to").select_option(label=HOUSE)
    page.get_by_label("Need").select_option(label="Housing")
    page.get_by_label("Reason for the referral").fill("Needs a sober place to live after the program.")
    page.get_by_role("button", name="Draft the referral").click()
    expect(page.get_by_test_id("referral-state")).to_contain_text("Drafted")
    page.get_by_role("button", name="Send the referral").click()

    # then it is sent, with the Part 2 notice on what went
    expect(page.get_by_test_id("referral-state")).to_contain_text("Sent")
    expect(page.get_by_role("link", name="the referral as sent, with its notice")).to_be_visible()

    # when the house says it received the referral and accepted Sol
    _record(page, "Received")
    _record(page, "Accepted")
    screenshot(page, "referral-accepted.png")

    # then the worklist shows the follow-up under Carmen
    line = _worklist_line(page)
    expect(line).to_have_count(1)
    expect(line).to_contain_text(HOUSE)

    # when she records that Sol moved in
    line.get_by_role("link", name="Open").click()
    _record(page, "Completed")

    # then the loop is closed and the line is gone
    expect(_worklist_line(page)).to_have_count(0)


def test_the_referral_pages_meet_wcag_at_every_width(browser: Any, server_url: str) -> None:
    # given the pages Carmen works in: the directory, a resource, Sol's referrals, a new one and each referral
    context = browser.new_context()
    page = context.new_page()
    try:
        log_in(page, server_url, "carmen")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Resources").click()
        page.get_by_role("link", name=f"Change {HOUSE}").click()
        resource = urlparse(page.url).path
        page.goto(f"{server_url}/clients/")
        page.get_by_role("link", name=CLIENT).click()
        page.get_by_role("link", name="Referrals", exact=True).click()
        referrals = urlparse(page.url).path
        shown = page.get_by_test_id("client-referrals").get_by_role("link")
        each = [urlparse(str(href)).path for href in shown.evaluate_all("links => links.map(a => a.href)")]
    finally:
        context.close()
    # then each passes axe's WCAG 2.2 AA rules and reflows at desktop, tablet and phone widths
    pages = [reverse("referrals:directory"), reverse("referrals:resource_new"), resource, referrals]
    assert_accessible(
        browser,
        server_url,
        "carmen",
        [*pages, f"{referrals}new/", *each],
    )
