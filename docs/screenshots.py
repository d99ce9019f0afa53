"""Takes the screenshots in docs/ from a running demo (`make run`), in Debian's Chromium.

Usage: .venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

DOCS = Path(__file__).resolve().parent
PASSWORD = "trellis-demo-2026"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


def main(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(page, url, "director")
        page.screenshot(path=DOCS / "today.png", full_page=True)
        page.locator("a[href^='/sessions/']").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=DOCS / "group-session.png", full_page=True)
        page.locator(".roster-row a").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=DOCS / "client-chart.png", full_page=True)
        page.goto(f"{url}/tracks/")
        page.locator("a.card").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=DOCS / "track-roster.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
