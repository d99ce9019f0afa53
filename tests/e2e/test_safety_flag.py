"""A clinician gives a PHQ-9 with item 9 = 1; Today shows an urgent safety task that closes only when documented."""

from collections.abc import Sequence
from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot

PHQ9_ITEM9_IS_1 = ["Several days", "Several days", "Not at all", "Several days", "Not at all",
                   "Not at all", "Several days", "Not at all", "Several days"]  # fmt: skip


def open_measures(page: Any, server_url: str, name: str) -> None:
    page.goto(f"{server_url}/clients/?q={name.split()[0]}")
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="Trends and all measures").click()
    page.get_by_role("heading", name=f"Measures · {name}").wait_for()


def answer(page: Any, labels: Sequence[str | None]) -> None:
    for number, label in enumerate(labels, start=1):
        if label is not None:
            page.locator(f"#q-item_{number}").get_by_label(label, exact=True).check()


def test_it_puts_an_urgent_safety_task_on_today_that_closes_only_with_an_assessment(
    page: Any, server_url: str
) -> None:
    # given Alice opens Blake's measures and starts a PHQ-9
    log_in(page, server_url)
    open_measures(page, server_url, "Blake Example")
    page.get_by_role("link", name="PHQ-9", exact=True).click()

    # when she leaves item 4 blank, nothing is saved and the item is named
    answer(page, [*PHQ9_ITEM9_IS_1[:3], None, *PHQ9_ITEM9_IS_1[4:]])
    page.get_by_role("button", name="Save and score").click()
    alert = page.locator(".form-alert")
    assert "Nothing was saved." in alert.inner_text()
    assert "PHQ-9 item 4 is missing an answer." in alert.inner_text()
    screenshot(page, "measures-phq9-incomplete.png", full_page=False)

    # and when she completes it with item 9 = 1 ("Several days")
    answer(page, PHQ9_ITEM9_IS_1)
    page.get_by_role("button", name="Save and score").click()
    page.get_by_text("PHQ-9 saved: 5 (mild).").wait_for()

    # then Today shows the urgent task at the top, in red, linking to it
    page.get_by_role("link", name="Today").click()
    urgent = page.locator(".urgent")
    assert "Urgent: same-day safety assessment" in urgent.inner_text()
    task_link = urgent.get_by_role("link", name="PHQ-9 item 9 above 0 — Blake Example")
    expect(task_link).to_be_visible()
    colour = urgent.evaluate("el => getComputedStyle(el).borderTopColor")
    assert colour == "rgb(179, 38, 30)"  # --bad
    screenshot(page, "measures-today-urgent.png", full_page=False)

    # when she tries to close it without the documented assessment
    task_link.click()
    page.get_by_role("button", name="Close task with this assessment").click()
    assert "The task is still open." in page.locator(".form-alert").inner_text()
    expect(page.get_by_text("Document the safety assessment").first).to_be_visible()
    screenshot(page, "measures-safety-task.png")

    # then with it, the task closes and leaves Today
    page.get_by_role("textbox", name="Safety assessment").fill(
        "Passive thoughts of death on several days; denies plan, intent or means. Lives with sister."
    )
    page.get_by_label("Risk level").select_option("low")
    page.get_by_label("Disposition").select_option("continue_safety_plan")
    page.get_by_label("Safety plan and follow-up").fill(
        "Safety plan written together; 988 given; check-in Thursday."
    )
    page.get_by_role("button", name="Close task with this assessment").click()
    page.get_by_text("Safety assessment documented; the task is closed.").wait_for()
    page.get_by_role("link", name="Today").click()
    expect(page.locator(".urgent")).to_have_count(0)


def test_it_draws_trend_charts_with_band_lines(page: Any, server_url: str) -> None:
    log_in(page, server_url)
    open_measures(page, server_url, "Quinn Trend")
    charts = page.locator("section.trend")
    expect(charts).to_have_count(5)  # PHQ-9, GAD-7, AUDIT, BAM, C-SSRS
    phq9 = page.locator("section.trend").filter(has=page.get_by_role("heading", name="PHQ-9"))
    expect(phq9.locator("circle")).to_have_count(7)
    expect(phq9.locator("line.band-line")).to_have_count(4)
    screenshot(page, "measures-trends.png")
