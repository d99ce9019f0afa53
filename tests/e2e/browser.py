"""What every browser test does first, in one place: log in and wait until Today has loaded.

Checks use Playwright's `expect(...)`, which retries until the page settles; a bare `is_visible()` reads the
page once and races the navigation that a click starts.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from tests.e2e.seed import PASSWORD

DOCS = Path(__file__).resolve().parents[2] / "docs"


def log_in(page: Any, server_url: str, username: str = "alice") -> None:
    page.goto(f"{server_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()


def screenshot(page: Any, name: str, *, full_page: bool = True) -> None:
    """Take the screenshot every run, so a page that cannot render fails the test; keep it in `docs/` only
    when asked (`make screenshots`), so a test run leaves the checkout as it found it."""
    folder = (
        DOCS
        if os.environ.get("TRELLIS_UPDATE_SCREENSHOTS")
        else Path(tempfile.gettempdir()) / "trellis-shots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=full_page)


def draw_signature(page: Any, points: list[tuple[float, float]]) -> None:
    """One pen stroke through points given as fractions of the signature box."""
    canvas = page.locator("canvas.sig-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = points[0]
    page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=4)
    page.mouse.up()
