"""On her phone a client writes to her care team; Alice, on hers, answers from the shared inbox; the client
sees the reply marked new and reads it. axe-core finds nothing on the pages at 390 px."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.conftest import watch_for_csp_violations
from tests.e2e.test_accessibility import PHONE, violations
from tests.e2e.test_portal_signin import _last_code, phone  # noqa: F401  (the phone fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_phone(browser: Any) -> Iterator[Any]:
    """Alice's own phone: a separate browser, so her staff login never meets the client's portal session."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    found = watch_for_csp_violations(context)
    yield context
    context.close()
    assert found == [], "the page broke its Content-Security-Policy"


def _sign_in(page: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    page.goto(f"{server_url}/me/")
    page.get_by_label("E-mail address or mobile number").fill("217-555-0133")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, "+12175550133"))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello, Sage").wait_for()


def test_a_client_writes_staff_answer_and_she_reads_the_answer(
    phone: Any,  # noqa: F811
    staff_phone: Any,
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # given Sage writes to her care team from her phone
    client = phone.new_page()
    _sign_in(client, server_url, tmp_path_factory)
    client.get_by_role("link", name="Messages with your care team").click()
    client.get_by_role("heading", name="Your messages").wait_for()
    assert violations(client) == []
    client.get_by_role("link", name="Write a new message").click()
    client.get_by_role("heading", name="Write to your care team").wait_for()
    assert violations(client) == []
    client.get_by_label("Subject (optional)").fill("Bus pass")
    client.get_by_label("Your message").fill("Can I get a bus pass for next week?")
    client.get_by_role("button", name="Send your message").click()
    expect(client.get_by_text("Your message was sent to your care team.")).to_be_visible()
    # when Alice answers it from the inbox on her phone
    staff = staff_phone.new_page()
    log_in(staff, server_url, "alice")
    staff.goto(f"{server_url}/inbox/")
    inbox = staff.get_by_test_id("inbox")
    expect(inbox).to_contain_text("Sage Messagetest")
    assert violations(staff) == []
    inbox.get_by_role("link", name="Bus pass").click()
    expect(staff.get_by_test_id("message")).to_contain_text("Can I get a bus pass for next week?")
    staff.get_by_label("Your reply").fill("Yes. Pick it up at the front desk on Monday.")
    staff.get_by_role("button", name="Send the reply").click()
    expect(staff.get_by_text("Reply sent.")).to_be_visible()
    assert violations(staff) == []
    # then Sage sees the reply marked new, and reads it
    client.goto(f"{server_url}/me/messages/")
    expect(client.get_by_test_id("client-threads")).to_contain_text("New reply")
    client.get_by_role("link", name="Bus pass").click()
    expect(client.get_by_test_id("message").last).to_contain_text("Pick it up at the front desk on Monday.")
    assert violations(client) == []
