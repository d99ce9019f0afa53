"""A clinician finishes a draft treatment plan in the browser, is told exactly what an objective lacks, and signs."""

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from trellis.core import clock


def test_it_shows_the_signed_plan_and_its_review_due(page: Any, server_url: str) -> None:
    # given Avery's plan was signed 26 days ago: Today lists its review due in 4 days
    log_in(page, server_url)
    panel = page.locator("section", has=page.get_by_role("heading", name="Treatment plans"))
    row = panel.get_by_role("row").filter(has_text="Avery Example")
    expect(row.get_by_text("Due in 4 days")).to_be_visible()

    # when Alice opens it from there
    row.get_by_role("link", name="v1").click()

    # then the plan shows the client's own words, the interventions and both signatures
    page.get_by_role("heading", name="Problem 1").wait_for()
    expect(page.get_by_text("I want to come home from work")).to_be_visible()
    expect(page.locator("#signatures").get_by_text("“Avery Example”")).to_be_visible()
    screenshot(page, "plans-plan.png")

    # and the review lists every objective with its progress choices beside the latest scores
    page.get_by_role("link", name="Review plan").click()
    page.get_by_role("heading", name="Progress on each objective").wait_for()
    expect(page.locator(".review-row")).to_have_count(3)
    page.locator(".review-row").first.get_by_label("Progressing").check()
    screenshot(page, "plans-review.png")


def test_it_refuses_an_objective_without_a_target_date_then_signs(page: Any, server_url: str) -> None:
    # given Blake's draft has a problem and a goal but no objective
    log_in(page, server_url)
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Blake Example").click()
    page.get_by_role("link", name="Open plan v1").click()
    goal = page.locator(".goal").first

    # when Alice adds an objective with a measure but no target date
    goal.get_by_label("Objective").fill("Use a craving plan instead of using")
    goal.get_by_label("Measure").fill("cannabis-free days per week (self-report + UDS)")
    goal.get_by_role("button", name="Add objective").click()

    # then the page names the missing target date, and keeps what she typed
    alert = page.locator(".goal").first.get_by_role("alert")
    alert.wait_for()
    assert "Give a target date" in alert.inner_text()
    screenshot(page, "plans-objective-refused.png", full_page=False)
    goal = page.locator(".goal").first
    assert goal.get_by_label("Measure").input_value().startswith("cannabis-free days")

    # when she gives the date, adds an intervention, and the client and she sign
    # (a target within the year ahead, in the seed site's zone)
    target = clock.today_in("UTC") + dt.timedelta(weeks=12)
    goal.get_by_label("Target date").fill(target.isoformat())
    goal.get_by_role("button", name="Add objective").click()
    objective = page.locator(".objective").first
    objective.get_by_label("Modality").select_option(label="Individual therapy")
    objective.get_by_label("Frequency").fill("weekly")
    objective.get_by_label("Responsible staff").select_option(label="Alice Clinician")
    objective.get_by_role("button", name="Add intervention").click()
    page.get_by_label("Client types their full name").fill("Blake Example")
    page.get_by_label("I watched the client read this plan").check()
    page.get_by_role("button", name="Record client signature").click()
    page.get_by_role("button", name="Sign as Alice Clinician").click()

    # then the plan is in force and its content can no longer be edited
    page.get_by_text("In force since").wait_for()
    expect(page.get_by_role("button", name="Add objective")).to_have_count(0)
    expect(page.get_by_role("link", name="Review plan")).to_be_visible()
