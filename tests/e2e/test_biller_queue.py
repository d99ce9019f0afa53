"""A biller works the queue: a charge held for an unsigned note, the clinician signs it, a recheck releases it."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.conftest import ROOT
from tests.e2e.seeds.billing import CLIENT, GROUP

# Alice signs her draft note through the notes service, in its own process against the server's database,
# as the notes page would on her "Sign" button.
SIGN = f"""
from trellis.accounts.models import User
from trellis.notes.models import GroupNote
from trellis.notes.services import sign_group_note
note = GroupNote.objects.get(session__group__name={GROUP!r}, signed_at__isnull=True)
sign_group_note(note=note, signed_by=User.objects.get(username="alice"))
"""


def _server_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    [database] = Path(tmp_path_factory.getbasetemp()).glob("e2e[0-9]*/db.sqlite3")
    return database


def _sign_as_alice(database: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TRELLIS_SQLITE_PATH": str(database),
        "TRELLIS_VAR_DIR": str(database.parent),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "shell", "-c", SIGN], cwd=ROOT, env=env, check=True)


def test_it_releases_a_charge_once_its_note_is_signed(
    page: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # given Bill on the work queue
    log_in(page, server_url, "bill")
    page.goto(f"{server_url}/billing/")
    unsigned = page.locator("#reason-unsigned_note")
    # then he sees Rowan's day held for the unsigned note, with where it came from
    row = unsigned.locator("tr", has_text=" ".join(CLIENT))
    expect(row).to_have_count(1)
    assert "H0015" in row.inner_text()
    assert "group note not signed" in row.inner_text()
    assert "The note for this service is not signed." in unsigned.inner_text()
    # and a day too short for the per diem, which he may release by hand after calling the payer
    expect(page.locator("#reason-below_per_diem_minimum tr", has_text=CLIENT[0])).to_have_count(1)
    screenshot(page, "billing-queue.png")
    # when Alice signs the note and Bill rechecks that charge
    _sign_as_alice(_server_database(tmp_path_factory))
    row.get_by_role("button", name="Recheck").click()
    # then it is released and the unsigned-note group is gone
    assert "is released" in page.locator(".messages").inner_text()
    expect(page.locator("#reason-unsigned_note")).to_have_count(0)
    expect(page.locator("#reason-below_per_diem_minimum")).to_have_count(1)
