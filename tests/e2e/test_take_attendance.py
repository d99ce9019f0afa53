"""A clinician logs in, opens today's group, marks everyone, and sees their weekly hours change."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.seed import ROSTER


def test_it_takes_attendance_for_a_whole_group(page: Any, server_url: str) -> None:
    # given Alice is logged in and today's group is on her Today page
    log_in(page, server_url, "alice")
    page.get_by_role("heading", name="Today's groups").wait_for()
    group_row = page.get_by_role("row").filter(has_text="Everyday process group")
    expect(group_row.get_by_text("0/10")).to_be_visible()
    page.get_by_role("link", name="Everyday process group", exact=True).click()
    rows = page.locator(".roster-row")
    expect(rows).to_have_count(len(ROSTER))
    before = rows.first.get_by_test_id("week-hours").inner_text()

    # when she marks each participant: the first late at 00:30, the rest present
    first = rows.nth(0)
    first.get_by_label("Arrived").fill("00:30")
    first.get_by_role("button", name="Late").click()
    page.locator(".roster-row").nth(0).get_by_text("Late · 150 min").wait_for()
    for index in range(1, len(ROSTER)):
        page.locator(".roster-row").nth(index).get_by_role("button", name="Present").click()
        page.locator(".roster-row").nth(index).get_by_text("Present · 180 min").wait_for()

    # then every row shows its status and the weekly hours went up by the minutes attended
    after = page.locator(".roster-row").first.get_by_test_id("week-hours").inner_text()
    assert float(after.split("/")[0]) == float(before.split("/")[0]) + 2.5
    page.goto(f"{server_url}/")
    expect(
        page.get_by_role("row").filter(has_text="Everyday process group").get_by_text("10/10")
    ).to_be_visible()


def test_it_shows_a_clear_error_for_departure_before_arrival(page: Any, server_url: str) -> None:
    log_in(page, server_url, "alice")
    page.get_by_role("link", name="Everyday process group", exact=True).click()
    row = page.locator(".roster-row").nth(2)
    row.get_by_label("Arrived").fill("01:00")
    row.get_by_label("Left").fill("00:45")
    row.get_by_role("button", name="Left early").click()
    alert = page.locator(".roster-row").nth(2).get_by_role("alert")
    alert.wait_for()
    assert "Departure must be after arrival" in alert.inner_text()
