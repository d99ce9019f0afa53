"""A case manager screens a client's social needs from the chart, and a housing need goes onto the plan."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_case_manager_screens_and_puts_housing_on_the_plan(page: Any, server_url: str) -> None:
    # given Cassidy, case manager, on Quinn's chart: Quinn has never been screened
    log_in(page, server_url, "cassidy.needs")
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Quinn Needham").click()
    panel = page.locator("section", has=page.get_by_role("heading", name="Social needs and case plan"))
    expect(panel.get_by_text("Social needs screen overdue")).to_be_visible()

    # when she screens Quinn: no steady place to live, everything else negative
    panel.get_by_role("link", name="Screen social needs").click()
    page.get_by_label("I do not have a steady place to live", exact=False).check()
    page.get_by_label("None of the above").check()
    for question in ("q-food_worried", "q-food_ran_out"):
        page.locator(f"#{question}").get_by_label("Never true").check()
    for question in ("q-transport", "q-utilities", "q-legal", "q-childcare", "q-benefits"):
        page.locator(f"#{question}").get_by_label("No", exact=True).check()
    for question in ("q-safety_hurt", "q-safety_insult", "q-safety_threaten", "q-safety_scream"):
        page.locator(f"#{question}").get_by_label("Never").check()
    page.locator("#q-employment").get_by_label("I do not need or want help").check()
    page.get_by_role("button", name="Save the screen").click()

    # then the result lists housing as positive, with a way onto the treatment plan
    result = page.get_by_role("table", name="Positive domains")
    expect(result.get_by_text("Housing")).to_be_visible()
    screenshot(page, "casework-screen-result.png")

    # when she adds housing to the treatment plan
    result.get_by_role("button", name="Add Housing to treatment plan").click()

    # then the page says it is on the plan, and the plan shows the housing problem
    expect(page.get_by_text("Already on the treatment plan")).to_be_visible()
    page.goto(page.url.split("/casework/")[0] + "/clients/")
    page.get_by_role("link", name="Quinn Needham").click()
    page.get_by_role("link", name="Open plan v1").click()
    expect(page.get_by_text("Housing instability or unsafe housing")).to_be_visible()

    # and the case plan keeps housing as an open need, marked as on the plan
    page.go_back()
    page.get_by_role("link", name="Case plan", exact=True).click()
    needs = page.get_by_role("table", name="Social needs on the case plan")
    expect(needs.get_by_role("row").filter(has_text="Housing").get_by_text("On the plan")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "casework-case-plan.png")


def test_the_casework_pages_pass_at_every_width(browser: Any, page: Any, server_url: str) -> None:
    # given the links on Quinn's chart (screened by the story above), as Cassidy sees them
    log_in(page, server_url, "cassidy.needs")
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Quinn Needham").click()
    panel = page.locator("section", has=page.get_by_role("heading", name="Social needs and case plan"))
    links = [panel.get_by_role("link", name=name).first.get_attribute("href") for name in LINKS]
    # then the screen, its result, the case plan and the caseload meet WCAG 2.2 AA at every width
    assert_accessible(browser, server_url, "cassidy.needs", ["/casework/caseload/", *links])


LINKS = ("Screen social needs", "Case plan", "positive domain")
