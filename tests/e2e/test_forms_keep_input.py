"""Typed text survives a note's format switch, and a tap updates the session's tally in place (issue 12,
part 7)."""

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.seeds.forms import GROUP
from tests.e2e.test_accessibility import violations

DATA = "Reports four sober days; slept better after cutting caffeine."
ASSESSMENT = "Engaged and hopeful; cravings lower than last week."


def _open_group(page: Any, server_url: str) -> Any:
    log_in(page, server_url, "alice")
    page.get_by_role("link", name=GROUP, exact=True).click()
    rows = page.locator(".roster-row")
    rows.first.wait_for()
    return rows


def test_switching_a_new_notes_format_keeps_what_was_typed(page: Any, server_url: str) -> None:
    # given Alice writes the Data and Assessment of a DAP note for the first client of her group
    rows = _open_group(page, server_url)
    client_pk = rows.first.get_attribute("id").removeprefix("row-")
    page.goto(f"{server_url}/notes/clients/{client_pk}/new/?format=dap")
    page.get_by_label("Data").fill(DATA)
    page.get_by_label("Assessment").fill(ASSESSMENT)

    # when she switches to SOAP
    page.get_by_role("button", name="SOAP", exact=True).click()

    # then her words are in the SOAP sections, and no "restored draft" notice confuses the switch
    expect(page.get_by_test_id("format-switched")).to_be_visible()
    expect(page.get_by_label("Subjective")).to_have_value(DATA)
    expect(page.get_by_label("Assessment")).to_have_value(ASSESSMENT)
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)
    assert violations(page) == []

    # and switching back to DAP brings them home
    page.get_by_role("button", name="DAP", exact=True).click()
    expect(page.get_by_label("Data")).to_have_value(DATA)
    expect(page.get_by_label("Assessment")).to_have_value(ASSESSMENT)


def _counts(text: str) -> tuple[int, int, int]:
    found = re.fullmatch(r"(\d+) of (\d+) recorded · (\d+) present", text.strip())
    assert found, text
    recorded, size, present = (int(n) for n in found.groups())
    return recorded, size, present


def test_a_tap_updates_the_tally_keeps_focus_and_is_announced(page: Any, server_url: str) -> None:
    # given the check-in group's roster (its own group: the attendance test counts on an untouched one)
    rows = _open_group(page, server_url)
    row = rows.nth(3)
    name = row.get_attribute("data-client")
    recorded, size, present = _counts(page.get_by_test_id("tally").inner_text())
    was_recorded = row.locator("button[aria-pressed=true]").count() > 0
    was_present = row.locator("button[aria-pressed=true]:is(.s-present, .s-late, .s-left_early)").count() > 0

    # when Alice taps a status that changes who counts as present
    label = "Excused" if was_present else "Present"
    row.get_by_role("button", name=label, exact=True).click()

    # then the tally at the top of the page changes with the row, without a reload
    after = (recorded + (0 if was_recorded else 1), size, present + (-1 if was_present else 1))
    expect(page.get_by_test_id("tally")).to_have_text(
        f"{after[0]} of {after[1]} recorded · {after[2]} present"
    )
    tapped = page.locator(f"#{row.get_attribute('id')}").get_by_role("button", name=label, exact=True)
    expect(tapped).to_have_attribute("aria-pressed", "true")
    # and focus stays on the tapped button, and the change is read out
    expect(tapped).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text(f"{name}: {label}")
