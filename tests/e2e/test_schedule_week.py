"""A director re-solves next week after a new admission, reviews the difference, publishes it, and the new
client's week shows the evening group. The solver runs in a real Huey consumer, as in production."""

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.conftest import ROOT


@pytest.fixture(scope="module")
def task_consumer(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A Huey consumer on the browser server's database (its folder is the session's e2e temp folder)."""
    # pytest also links "e2ecurrent" to the same folder, so resolve before counting.
    [database] = sorted({p.resolve() for p in tmp_path_factory.getbasetemp().glob("e2e*/db.sqlite3")})
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TRELLIS_SQLITE_PATH": str(database),
        "TRELLIS_VAR_DIR": str(database.parent),
    }
    env.pop("DATABASE_URL", None)
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        consumer.terminate()
        consumer.wait(timeout=10)


@pytest.mark.usefixtures("task_consumer")
def test_it_re_solves_reviews_and_publishes_a_week(page: Any, server_url: str) -> None:
    # given Dana is logged in, next week is published, and Uma has just been admitted to the evening track
    log_in(page, server_url, "dana")
    page.get_by_role("link", name="Eastside", exact=True).click()
    page.get_by_role("heading", name="Eastside").wait_for()

    # when she re-solves next week
    next_week = page.get_by_role("row").filter(has=page.get_by_role("button", name="Re-solve"))
    next_week.get_by_role("button", name="Re-solve").click()

    # then, once solved, the review shows Uma added, nobody moved, and why Vic stays short, with a fix
    page.get_by_role("button", name="Publish this week").wait_for(timeout=60_000)
    expect(page.get_by_test_id("count-added")).to_have_text("1")
    expect(page.get_by_test_id("count-moved")).to_have_text("0")
    change = page.get_by_test_id("change-row")
    expect(change).to_have_count(1)
    assert "Uma Sample" in change.inner_text()
    assert "Added" in change.inner_text()
    shortfalls = page.get_by_role("region", name="Below their weekly minimum")
    assert "Vic Sample" in shortfalls.inner_text()
    assert "fit on only 1 day (Thursday)" in shortfalls.inner_text()
    screenshot(page, "schedule-review.png")

    # when she publishes it
    page.get_by_role("button", name="Publish this week").click()
    page.get_by_text("Published the week of").wait_for()

    # then Uma's week shows the evening group on Monday, Tuesday and Thursday at 18:00
    page.get_by_role("link", name="Uma Sample").click()
    page.get_by_role("link", name="Next \u203a").click()
    entries = page.locator(".week-entry")
    entries.first.wait_for()
    expect(entries).to_have_count(3)
    for day in ("Mon", "Tue", "Thu"):
        assert "18:00\u201321:00" in page.get_by_test_id(f"day-{day}").inner_text()
    screenshot(page, "schedule-week.png")
