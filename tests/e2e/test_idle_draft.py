"""A clinician's session ends while she types a group-note entry: nothing she typed is lost."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seed import PASSWORD
from tests.e2e.seeds.drafts import GROUP

RESPONSE = "Named the evening commute as her riskiest hour; plans to call her sponsor on the way home."


def _end_session_keeping_csrf(page: Any) -> None:
    """What an idle timeout leaves behind: no session, but the browser still holds its CSRF cookie."""
    kept = [cookie for cookie in page.context.cookies() if cookie["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)


def test_text_typed_before_an_idle_timeout_is_restored_after_logging_in_again(
    page: Any, server_url: str
) -> None:
    # given Alice is writing Avery's entry when her session ends
    log_in(page, server_url)
    page.locator(".todo-list li").filter(has_text=GROUP).get_by_role("link", name="Write note").click()
    page.get_by_role("heading", name="Group note").wait_for()
    entry = page.locator('article.entry[data-client="Avery Example"]')
    entry.get_by_label("Response and progress").fill(RESPONSE)
    _end_session_keeping_csrf(page)

    # when she saves the entry
    entry.get_by_role("button", name="Save entry").click()

    # then she is told her session ended, no login form lands inside the note, and her text stays
    expect(page.get_by_test_id("session-ended")).to_be_visible()
    expect(entry.locator("input[name=password]")).to_have_count(0)
    expect(entry.get_by_label("Response and progress")).to_have_value(RESPONSE)
    screenshot(page, "notes-session-ended.png", full_page=False)

    # when she logs in again from the notice
    page.get_by_test_id("session-ended").get_by_role("link", name="Log in again").click()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # then she is back on the note with her text restored, and saving it clears the local copy
    page.get_by_role("heading", name="Group note").wait_for()
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    entry = page.locator('article.entry[data-client="Avery Example"]')
    expect(entry.get_by_label("Response and progress")).to_have_value(RESPONSE)
    entry.get_by_role("button", name="Save entry").click()
    expect(entry.locator(".entry-status")).to_contain_text("Saved")
    drafts = page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('trellis-draft:'))")
    assert drafts == []
    page.reload()
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)
    restored = page.locator('article.entry[data-client="Avery Example"]')
    expect(restored.get_by_label("Response and progress")).to_have_value(RESPONSE)


def test_logging_out_leaves_no_typed_text_on_the_device(page: Any, server_url: str) -> None:
    # given Alice typed part of an entry, which the page keeps as a draft
    log_in(page, server_url)
    # (the first test may have saved an entry already: the link then says "Continue", not "Write note")
    page.locator(".todo-list li").filter(has_text=GROUP).get_by_role("link").first.click()
    entry = page.locator('article.entry[data-client="Avery Example"]')
    entry.get_by_label("Response and progress").fill("Half a sentence")
    entry.get_by_label("Response and progress").press("Tab")
    # (polled from here: wait_for_function's in-page polling would need eval, which the CSP refuses)
    for _ in range(50):
        if page.evaluate("Object.keys(sessionStorage).some(k => k.startsWith('trellis-draft:'))"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the typed text was never kept as a draft")

    # when she logs out
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Username").wait_for()

    # then nothing she typed stays in the browser, in session or local storage
    kept = page.evaluate(
        "Object.keys(sessionStorage).concat(Object.keys(localStorage)).filter(k => k.startsWith('trellis-draft:'))"
    )
    assert kept == []
