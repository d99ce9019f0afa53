"""42 CFR Part 2 end to end: Quinn signs the TPO consent on a tablet, Bill's held claim is released and exported
with its notice, Quinn revokes, the next export holds Quinn's new day again, and the accounting PDF lists the
one disclosure made in between."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.browser import draw_signature, log_in, screenshot
from tests.e2e.conftest import ROOT, watch_for_csp_violations
from tests.e2e.seeds.part2_flow import CLIENT, FIRST_DAY_AGO, PAYER, SECOND_DAY_AGO
from trellis.core import clock

TABLET = {"width": 820, "height": 1180}
NAME = " ".join(CLIENT)
# Server-side steps run in their own process against the server's database, at the run's instant (see
# tests/instant.py): the export as cron runs it, and a second day as attendance, a signed note and capture make it.
PRELUDE = """
import sys
import django
django.setup()
from tests import instant
instant.start()
"""
ADD_DAY = f"""{PRELUDE}
import datetime as dt
from tests.e2e.seeds.part2_flow import add_day
add_day(dt.date.fromisoformat(sys.argv[1]))
"""
EXPORT = f"""{PRELUDE}
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "export_claims", *sys.argv[1:]])
"""


def _server_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    [database] = Path(tmp_path_factory.getbasetemp()).glob("e2e[0-9]*/db.sqlite3")
    return database


def _run(database: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TRELLIS_SQLITE_PATH": str(database),
        "TRELLIS_VAR_DIR": str(database.parent),
    }
    env.pop("DATABASE_URL", None)
    if env.get("TRELLIS_TEST_NOW"):
        # Start where this run's clock is now, not at the run's first instant: the server has been ticking
        # since then, and a consent it saw signed a minute ago must not look signed in the future here.
        env["TRELLIS_TEST_NOW"] = clock.now().isoformat()
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def _export(database: Path, first: dt.date, last: dt.date, out: Path) -> subprocess.CompletedProcess[str]:
    period = ["--from", first.isoformat(), "--to", last.isoformat()]
    return _run(database, EXPORT, "--organization", "Riverside Recovery", *period, "--out", str(out))


def _sign_on_the_tablet(page: Any, server_url: str) -> None:
    """Alice opens Quinn's awaiting TPO consent and hands the tablet over; Quinn draws a signature and agrees."""
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name=NAME).click()
    consents = page.locator("#consents-h").locator("xpath=ancestor::section")
    expect(consents.get_by_text("Awaiting signature")).to_be_visible()
    consents.get_by_role(
        "link", name="Treatment, payment and health care operations (single consent)"
    ).click()
    page.get_by_role("link", name="Hand to the client to sign").click()
    page.get_by_role("heading", name="Consent to share your records").wait_for()
    draw_signature(page, [(0.1, 0.6), (0.25, 0.2), (0.4, 0.7), (0.6, 0.3), (0.85, 0.55)])
    page.get_by_label("I have read this consent, or had it read to me, and I agree to it.").check()
    page.get_by_role("button", name="Sign this consent").click()
    expect(page.get_by_role("heading", name=f"Thank you, {NAME}")).to_be_visible()
    page.get_by_role("link", name="Staff: back to the consent").click()
    expect(page.locator(".badge", has_text="In force")).to_be_visible()


def _release_in_the_queue(page: Any, server_url: str, first_day: dt.date) -> None:
    """Bill sees Quinn's day held for no consent, rechecks it, and it is released."""
    page.goto(f"{server_url}/billing/")
    held = page.locator("#reason-no_consent")
    row = held.locator("tr", has_text=NAME)
    expect(row).to_have_count(1)
    assert "H0015" in row.inner_text()
    assert f"{first_day:%b} {first_day.day}" in row.inner_text()
    assert PAYER in row.inner_text()
    expect(held.get_by_role("heading", name="No consent for the payer")).to_be_visible()
    assert "Ask the client to sign the TPO consent, then recheck." in held.inner_text()
    screenshot(page, "part2-queue-held-no-consent.png")
    row.get_by_role("button", name="Recheck").click()
    assert "is released" in page.locator(".messages").inner_text()
    expect(page.locator("#reason-no_consent tr", has_text=NAME)).to_have_count(0)


def _revoke(page: Any) -> None:
    """Quinn tells Alice, in a letter, to stop: she records it on the consent page and confirms."""
    page.get_by_role("link", name="Revoke…").click()
    page.get_by_role("heading", name="Revoke this consent?").wait_for()
    page.get_by_label("In writing (a signed letter or form)").check()
    page.get_by_label("Note (optional)").fill("Letter handed in at the front desk.")
    screenshot(page, "part2-revoke.png")
    page.get_by_role("button", name="Revoke this consent").click()
    expect(
        page.get_by_text("Consent revoked. No record will be released under it from now on.")
    ).to_be_visible()
    expect(page.locator(".badge", has_text="Revoked").first).to_be_visible()


def _accounting_pdf_text(page: Any, server_url: str) -> str:
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Privacy", exact=True).click()
    page.get_by_role("heading", name=f"{NAME}: privacy").wait_for()
    rows = page.locator("section[aria-labelledby='acct-h'] tbody tr")
    expect(rows).to_have_count(1)
    row_text = rows.inner_text()
    assert PAYER in row_text
    assert "Claims (837) to a payer" in row_text
    screenshot(page, "part2-accounting.png")
    href = page.get_by_role("link", name="Accounting PDF for the client").get_attribute("href")
    response = page.request.get(f"{server_url}{href}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _held_again(page: Any, second_day: dt.date) -> None:
    """Back in Bill's queue, Quinn's new day waits under the consent reason."""
    page.reload()
    row = page.locator("#reason-no_consent tr", has_text=NAME)
    expect(row).to_have_count(1)
    assert f"{second_day:%b} {second_day.day}" in row.inner_text()


def test_consent_signed_on_a_tablet_releases_the_claim_and_revocation_holds_the_next(
    page: Any, browser: Any, server_url: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    database = _server_database(tmp_path_factory)
    today = clock.today_in("UTC")
    first_day, second_day = (today - dt.timedelta(days=d) for d in (FIRST_DAY_AGO, SECOND_DAY_AGO))
    out = tmp_path / "claims"
    desk = browser.new_context(viewport={"width": 1280, "height": 900})  # Bill's own browser
    violations = watch_for_csp_violations(desk)
    try:
        _the_round_trip(page, desk.new_page(), server_url, database, out, (today, first_day, second_day))
    finally:
        desk.close()
    assert violations == [], "Bill's pages broke their Content-Security-Policy"


def _the_round_trip(
    page: Any, bill: Any, server_url: str, database: Path, out: Path, days: tuple[dt.date, dt.date, dt.date]
) -> None:
    today, first_day, second_day = days
    # given Quinn's day is held for no consent and the TPO consent awaits Quinn's signature on Alice's tablet
    page.set_viewport_size(TABLET)
    log_in(page, server_url)
    # when Quinn signs it with a finger (the mouse here)
    _sign_on_the_tablet(page, server_url)

    # then Bill, at his desk, finds the day still held for no consent and a recheck releases it
    log_in(bill, server_url, "bill")
    _release_in_the_queue(bill, server_url, first_day)

    # and the export writes Quinn's claim to the payer with the Part 2 notice beside it
    exported = _export(database, first_day, first_day, out)
    assert exported.returncode == 0, exported.stderr
    [claim_file] = out.glob("*.x12")
    assert CLIENT[1].upper() in claim_file.read_text().upper()
    notice = out / f"{claim_file.stem}.part2-notice.txt"
    assert f"42 CFR Part 2 notice in {notice}" in exported.stdout
    assert "42 CFR part 2 prohibits unauthorized use or disclosure" in notice.read_text()
    assert PAYER in notice.read_text()

    # when Quinn revokes, and attends another day, which is documented and captured
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Treatment, payment and health care operations (single consent)").click()
    _revoke(page)
    added = _run(database, ADD_DAY, second_day.isoformat())
    assert added.returncode == 0, added.stderr

    # then the next export holds that day for no consent and writes nothing more
    before = sorted(path.name for path in out.iterdir())
    again = _export(database, first_day, second_day, out)
    assert again.returncode == 1, again.stdout
    assert "no file was written" in again.stderr
    assert "1 charge of 1 client for no consent for the payer" in again.stderr
    assert sorted(path.name for path in out.iterdir()) == before
    _held_again(bill, second_day)

    # and the accounting PDF lists the one disclosure made while the consent was in force
    text = _accounting_pdf_text(page, server_url)
    disclosures = text[text.index("Disclosures") : text.index("Received under a general designation")]
    assert f"{today:%b} {today.day}, {today.year} {PAYER} Health plan or payer Payment" in disclosures
    assert f"1 claims in {claim_file.name}" in disclosures
    assert "Trellis (claim export)" in disclosures
    assert disclosures.count(PAYER) == 1
