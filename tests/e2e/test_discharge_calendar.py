"""Discharge closes everything, and one calendar refuses a clashing booking (seed: tests/e2e/seeds/discal.py).

Cal discharges Xan: Xan leaves next week's published schedule and the treatment plan closes. Wren books an
assessment with Cal: a time inside Cal's group is refused with the group named; a free time is booked and
shows on Cal's calendar, linking to the appointment's page.
"""

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from trellis.core import clock


def _today() -> dt.date:
    return clock.today_in("UTC")


def test_it_discharges_xan_off_next_weeks_schedule_and_closes_the_plan(page: Any, server_url: str) -> None:
    # given Xan is on next week's published schedule with a plan in force
    log_in(page, server_url, "cal")
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Xan Westfield").first.click()
    page.get_by_role("link", name="Open plan v1").wait_for()
    chart_url = page.url
    plan_url = page.get_by_role("link", name="Open plan v1").get_attribute("href")
    client_pk = chart_url.rstrip("/").split("/")[-1]
    next_monday = _today() + dt.timedelta(days=7 - _today().weekday())
    next_week = f"{server_url}/scheduling/clients/{client_pk}/?week={next_monday.isoformat()}"
    page.goto(next_week)
    expect(page.get_by_test_id("group-tile")).to_have_count(5)

    # when Cal discharges Xan today, stopping the naltrexone
    page.goto(chart_url)
    page.get_by_role("link", name="Discharge…").click()
    page.get_by_role("heading", name="Medications at discharge").wait_for()
    page.get_by_label("Reason for discharge (TEDS)").select_option(label="Treatment completed")
    page.get_by_label("Naltrexone 50 mg, oral, once daily").select_option(label="Stop")
    screenshot(page, "discharge-reconcile.png")
    page.get_by_role("button", name="Discharge Xan Westfield").click()
    expect(page.get_by_text("Xan Westfield is discharged.")).to_be_visible()

    # then next week's schedule has no place for Xan, and the plan is closed at discharge
    page.goto(next_week)
    expect(page.get_by_test_id("group-tile")).to_have_count(0)
    page.goto(f"{server_url}{plan_url}")
    expect(page.get_by_test_id("plan-closed")).to_contain_text("Closed at discharge")


def test_it_puts_a_booked_assessment_on_the_assessors_calendar_and_refuses_a_clash(
    page: Any, server_url: str
) -> None:
    tomorrow = _today() + dt.timedelta(days=1)
    # given Wren has Yael's screened inquiry open
    log_in(page, server_url, "wren")
    page.goto(f"{server_url}/intake/")
    page.get_by_role("link", name="Yael Prospect").first.click()

    # when she books the assessment with Cal during his daily group
    page.get_by_label("Assessment time").fill(f"{tomorrow.isoformat()}T14:30")
    page.get_by_label("Assessor").select_option(label="Cal Clinician")
    page.get_by_role("button", name="Book").click()

    # then it is refused, naming the group it overlaps
    expect(page.get_by_text("Cal Clinician facilitates Westside process group")).to_be_visible()

    # when she books a free hour instead
    page.get_by_label("Assessment time").fill(f"{tomorrow.isoformat()}T10:00")
    page.get_by_label("Assessor").select_option(label="Cal Clinician")
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Assessment booked.")).to_be_visible()

    # then Cal's calendar shows it beside his group, and its tile opens the appointment
    page.context.clear_cookies()
    log_in(page, server_url, "cal")
    page.goto(f"{server_url}/scheduling/me/?week={tomorrow.isoformat()}")
    day = page.get_by_test_id(f"day-{tomorrow:%a}")
    tile = day.get_by_test_id("appointment-tile")
    expect(tile).to_contain_text("10:00\u201311:30")
    expect(day.get_by_test_id("group-tile")).to_contain_text("Westside process group")
    screenshot(page, "calendar-assessment.png")
    tile.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Assessment")).to_be_visible()
    expect(page.get_by_role("link", name="Open the inquiry")).to_be_visible()
