"""Issue 15's story: a case manager screens a client's social needs from the chart, a housing need goes onto the
treatment plan, and a referral for it to a sober living home is sent with the client's consent, received,
accepted and completed, with the follow-up on her worklist until then."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seeds.referrals import HOUSE
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def _record(page: Any, state: str) -> None:
    page.get_by_label("Next state").select_option(label=state)
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_test_id("referral-state")).to_contain_text(state)


def _worklist_line(page: Any) -> Any:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Worklist").click()
    page.get_by_role("heading", name="Worklist", exact=True).wait_for()
    # the team view previews a few lines per person: Cassidy opens all of hers
    mine = page.locator("section.card", has=page.get_by_role("heading", name="Cassidy Casemanager"))
    show_all = mine.get_by_role("link", name=re.compile(r"^Show all"))
    if show_all.count():
        show_all.click()
    return page.locator("tr", has=page.get_by_role("link", name="Quinn Needham")).filter(
        has_text="Referral follow-up"
    )


def test_a_case_manager_screens_puts_housing_on_the_plan_and_closes_the_referral_loop(
    page: Any, server_url: str
) -> None:
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
    page.set_viewport_size({"width": 1280, "height": 900})
    case_plan = page.url

    # when she refers Quinn for housing from the need, to the sober living home Quinn consented to tell
    needs.get_by_role("link", name="Refer for housing").click()
    expect(page.get_by_label("Need")).to_have_value("housing")
    page.get_by_label("Refer to").select_option(label=HOUSE)
    page.get_by_label("Reason for the referral").fill("No steady place to live; wants a sober house.")
    page.get_by_role("button", name="Draft the referral").click()
    page.get_by_role("button", name="Send the referral").click()

    # then it is sent through the disclosure gate, with the Part 2 notice on what went
    expect(page.get_by_test_id("referral-state")).to_contain_text("Sent")
    expect(page.get_by_role("link", name="the referral as sent, with its notice")).to_be_visible()

    # when the house receives it and accepts Quinn
    _record(page, "Received")
    _record(page, "Accepted")

    # then her worklist shows the follow-up, and the case plan shows the referral under the need
    line = _worklist_line(page)
    expect(line).to_have_count(1)
    expect(line).to_contain_text(HOUSE)
    page.goto(case_plan)
    housing = (
        page.get_by_role("table", name="Social needs on the case plan")
        .get_by_role("row")
        .filter(has_text="Housing")
    )
    expect(housing.get_by_text("Accepted")).to_be_visible()

    # when Quinn moves in and she records the referral completed
    housing.get_by_role("link", name=f"Referral to {HOUSE}").click()
    _record(page, "Completed")

    # then the follow-up has left the worklist
    expect(_worklist_line(page)).to_have_count(0)


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
