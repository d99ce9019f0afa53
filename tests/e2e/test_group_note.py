"""A clinician writes one group note for a 10-client session, is stopped by a missing entry, signs, then amends."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seed import ROSTER
from tests.e2e.seeds.notes import GROUP, TOPIC

SHARED = (
    "Psychoeducation on the craving curve (urges peak and pass within about 30 minutes), then urge-surfing "
    "practice in pairs and a round of HALT check-ins. Homework: log one craving a day with what helped."
)
RESPONSES = [
    "Described a craving after work and how walking helped; practised urge surfing with a partner.",
    "Quiet at first; when prompted named boredom on weekends as a trigger and one alternative.",
    "Engaged throughout; offered a personal example of riding out an urge in the car.",
    "Linked HALT to skipping lunch; plans to pack food for the week.",
    "Reported two days of cravings; identified calling a sponsor as a plan.",
    "Listened; shared briefly about evening urges and wrote them in the log.",
    "Asked good questions about the craving curve; will try the five-minute rule.",
    "Tearful when discussing family stress; accepted an individual session this week.",
    "Led the pair exercise; named three supports for the weekend.",
    "Arrived engaged; connected cravings to poor sleep and agreed to a sleep routine.",
]


def fill_entry(page: Any, name: str, response: str, *, risk: str = "none", risk_note: str = "") -> None:
    entry = page.locator(f'article.entry[data-client="{name} Example"]')
    entry.get_by_label("Participation").select_option("active")
    entry.get_by_label("Response and progress").fill(response)
    entry.get_by_label("Objective addressed").fill("Use one coping skill when a craving starts")
    entry.get_by_label("Risk", exact=True).select_option(risk)
    entry.get_by_label("Risk: what and what was done").fill(risk_note)
    entry.get_by_role("button", name="Save entry").click()
    entry.locator(".entry-status").get_by_text("Complete").wait_for()


def test_it_writes_one_group_note_for_ten_clients_signs_it_and_then_only_amends(
    page: Any, server_url: str
) -> None:
    # given Alice facilitated today's skills group, where all ten clients were present
    log_in(page, server_url)
    page.get_by_role("heading", name="Notes to sign").wait_for()
    page.locator(".todo-list li").filter(has_text=GROUP).get_by_role("link", name="Write note").click()
    page.get_by_role("heading", name="Group note").wait_for()
    expect(page.locator("article.entry")).to_have_count(len(ROSTER))
    assert page.get_by_label("Topic").input_value() == TOPIC

    # when she writes the shared part once, and entries for everyone except Jules
    page.get_by_label("What the group did").fill(SHARED)
    page.get_by_role("button", name="Save shared part").click()
    page.locator("#shared-status").get_by_text("Saved").wait_for()
    for name, response in zip(ROSTER[:-1], RESPONSES, strict=False):
        fill_entry(page, name, response)

    # and signs, then she is told exactly whose entry is missing, and the note is still a draft
    page.get_by_role("button", name="Sign note for 10 participants").click()
    alert = page.locator("#sign-result").get_by_role("alert")
    alert.wait_for()
    assert (
        alert.inner_text()
        == "Entry for Jules E. is missing participation, response, objective addressed and risk."
    )
    expect(page.get_by_test_id("note-status")).to_have_text("Draft")
    page.locator("#sign-result").scroll_into_view_if_needed()
    screenshot(page, "notes-group-note.png")

    # when she completes Jules's entry and signs again
    fill_entry(
        page,
        "Jules",
        RESPONSES[-1],
        risk="low",
        risk_note="Poor sleep raises relapse risk; sleep plan agreed.",
    )
    page.get_by_role("button", name="Sign note for 10 participants").click()

    # then the note is signed for all ten, and no entry can be edited any more
    page.get_by_text("Signed. The note and every participant's entry are now locked.").wait_for()
    expect(page.get_by_test_id("note-status")).to_have_text("Signed")
    expect(page.locator("table.entries-table tbody tr")).to_have_count(len(ROSTER))
    expect(page.locator("article.entry")).to_have_count(0)
    expect(page.get_by_role("button", name="Save entry")).to_have_count(0)

    # and the only change she can make is an addendum, which appears beside the signed note
    page.get_by_label("About").select_option(label="Jules Example")
    page.get_by_label("Addendum").fill("Called after group: sleep plan started tonight.")
    page.get_by_role("button", name="Add addendum").click()
    page.get_by_text("Addendum added. The signed note itself is unchanged.").wait_for()
    expect(page.locator("ol.addenda li")).to_have_count(1)
    assert "about Jules Example" in page.locator("ol.addenda").inner_text()
    screenshot(page, "notes-group-note-signed.png")
