"""A biller sends last month's claims from the browser: builds the batch, reviews it, exports it through the
disclosure gate and downloads the 837 with its 42 CFR Part 2 notice."""

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seeds.claims import CLIENT, PAYER
from tests.e2e.test_accessibility import violations


def test_a_biller_builds_reviews_exports_and_downloads_a_batch(page: Any, server_url: str) -> None:
    # given Bill on the claims page, reviewing last month (the period it offers) for Sky's plan
    log_in(page, server_url, "bill")
    page.goto(f"{server_url}/billing/claims/")
    page.get_by_label("Payer").select_option(label=PAYER)
    page.get_by_role("button", name="Review batch").click()
    expect(page.locator("#batch-summary")).to_contain_text("3 released charges not yet on a claim")
    # when he builds the batch
    page.get_by_role("button", name="Build batch").click()
    # then Sky's claim is in it, with the plan and the amount
    row = page.get_by_role("table", name="Draft claims in the batch").locator("tr", has_text=" ".join(CLIENT))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(PAYER)
    expect(row).to_contain_text("$720.00")
    screenshot(page, "billing-claims-batch.png")
    assert violations(page) == []  # WCAG 2.2 AA, as the accessibility test checks every main page
    # when he exports the period's claims
    page.get_by_role("button", name="Export the period's claims").click()
    expect(page.locator(".messages")).to_contain_text("Exported")
    # then the file is listed, and downloading it gives the X12 837 for the plan
    file_row = page.locator("#files tr", has_text=PAYER).first
    with page.expect_download() as download_info:
        file_row.get_by_role("link", name="837 file").click()
    download = download_info.value
    assert CLIENT[1] not in download.suggested_filename
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("ISA*")
    assert "ST*837*" in text
    with page.expect_download() as notice_info:
        file_row.get_by_role("link", name="Part 2 notice").click()
    notice = Path(notice_info.value.path()).read_text(encoding="utf-8")
    assert notice.startswith(f"Notice for {download.suggested_filename} to {PAYER}")
