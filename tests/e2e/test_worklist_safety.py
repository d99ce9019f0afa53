"""The director sees a new admission's missing plan on Today and in the worklist; a counselor's high-risk
group-note entry puts an urgent safety task on Today."""

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seeds.worklist import GROUP

DISCLOSED = "Disclosed a plan to overdose tonight; stayed after group with staff, crisis line called."


def test_the_director_sees_a_new_admissions_missing_plan_on_today_and_in_the_worklist(
    page: Any, server_url: str
) -> None:
    # given Newton was admitted today and has no treatment plan
    log_in(page, server_url, "wendy")

    # then Today counts clients without a plan, and Plan reviews names Newton among them
    worklist_card = page.locator("section", has=page.get_by_role("heading", name="Worklist"))
    expect(worklist_card).to_contain_text("without a treatment plan")
    plans = page.locator("section", has=page.get_by_role("heading", name="Treatment plans"))
    expect(plans).to_contain_text("Clients without a plan")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan reviews").click()
    missing = page.locator("tr", has=page.get_by_role("link", name="Newton Admitted"))
    expect(missing).to_contain_text("Due in 7 days")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()

    # when she opens the worklist, Newton's missing plan is listed under Alice, his primary clinician
    worklist_card.get_by_role("link", name="Open the worklist").click()
    page.get_by_role("heading", name="Worklist", exact=True).wait_for()
    alice = page.locator("section.card", has=page.get_by_role("heading", name="Alice Clinician"))
    show_all = alice.get_by_role("link", name=re.compile(r"^Show all"))  # the team view previews a few lines
    if show_all.count():
        show_all.click()
    newton = alice.locator("tr", has=page.get_by_role("link", name="Newton Admitted"))
    expect(newton.filter(has_text="Treatment plan missing")).to_have_count(1)
    screenshot(page, "worklist.png")

    # and filtering to Alice shows only Alice's lines
    page.get_by_label("Responsible staff member").select_option(label=_option(page, "Alice Clinician"))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("section.card h2")).to_have_count(1)


def _option(page: Any, name: str) -> str:
    labels: list[str] = page.locator("#staff-filter option").all_inner_texts()
    return next(label for label in labels if label.startswith(name))


def test_a_counselors_high_risk_group_note_entry_puts_an_urgent_task_on_today(
    page: Any, server_url: str
) -> None:
    # given Alice facilitated the evening safety group, where Robin was present
    log_in(page, server_url)
    page.locator(".todo-list li").filter(has_text=GROUP).get_by_role("link", name="Write note").click()
    page.get_by_role("heading", name="Group note").wait_for()

    # when she rates Robin's risk high in the entry and saves it (the note is not yet signed)
    entry = page.locator('article.entry[data-client="Robin Safety"]')
    entry.get_by_label("Participation").select_option("active")
    entry.get_by_label("Response and progress").fill("Quiet, then shared a hard week at home.")
    entry.get_by_label("Objective addressed").fill("Use the safety plan when overwhelmed")
    entry.get_by_label("Risk", exact=True).select_option("high")
    entry.get_by_label("Risk: what and what was done").fill(DISCLOSED)
    entry.get_by_role("button", name="Save entry").click()
    entry.locator(".entry-status").get_by_text("Complete").wait_for()

    # then Today shows the urgent safety task at the top, linking to it
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    urgent = page.locator(".urgent")
    task_link = urgent.get_by_role("link", name="High risk written in a note — Robin Safety")
    expect(task_link).to_be_visible()
    screenshot(page, "today-note-risk-task.png", full_page=False)

    # and the task page says why, ready for the documented assessment that closes it
    task_link.click()
    expect(page.get_by_text(DISCLOSED[:40])).to_be_visible()
    expect(page.get_by_role("button", name="Close task with this assessment")).to_be_visible()
