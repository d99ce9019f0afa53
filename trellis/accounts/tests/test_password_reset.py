"""A forgotten password is reset by a link e-mailed to the account's address. The link works once and for an
hour; an unknown address gets exactly the same page, and no mail."""

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.signin import sign_in
from trellis.privacy.models import AuditEvent

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "violet lantern orbit 42"
START = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_limits() -> Iterator[None]:
    cache.clear()  # the reset limits count in the cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def alice(world: Any) -> Any:
    world.alice.email = "alice@northside.example"
    world.alice.save(update_fields=["email"])
    return world.alice


def _ask_for_reset(browser: BrowserClient, email: str) -> Any:
    return browser.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def _page(response: Any) -> str:
    """The page as the user reads it: the CSRF token differs per browser and says nothing."""
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())


def _link_in(message: Any) -> str:
    found = re.search(r"https?://testserver(/accounts/password/reset/\S+/)", message.body)
    assert found is not None
    return found.group(1)


def _set_new_password(browser: BrowserClient, link: str) -> Any:
    form_page = browser.get(link, follow=True)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return form_page, browser.post(form_page.redirect_chain[-1][0], form, follow=True)


def test_it_resets_the_password_by_the_e_mailed_link_once(alice: Any) -> None:
    browser = BrowserClient()
    with time_machine.travel(START, tick=False) as traveller:
        # given Alice, still logged in on a laptop she left at work, asked for a reset and got the mail
        laptop = BrowserClient()
        sign_in(laptop, "alice")
        assert laptop.get(reverse("today")).status_code == 200
        sent = _ask_for_reset(browser, "Alice@Northside.example")
        assert [message.to for message in mail.outbox] == [["alice@northside.example"]]
        link = _link_in(mail.outbox[0])

        # when she follows the link within the hour and chooses a new password
        traveller.shift(dt.timedelta(minutes=30))
        form_page, done = _set_new_password(browser, link)

        # then she is sent to log in, the new password works, the link is spent and the laptop logged out
        assert "Check your e-mail" in sent.content.decode()
        assert "Choose a new password" in form_page.content.decode()
        assert "Your password was changed. Log in with the new one." in done.content.decode()
        alice.refresh_from_db()
        assert alice.check_password(NEW_PASSWORD)
        assert "This link no longer works" in BrowserClient().get(link, follow=True).content.decode()
        assert laptop.get(reverse("today"))["Location"].startswith("/accounts/login/")

    actions = set(AuditEvent.objects.filter(organization=alice.organization).values_list("action", "detail"))
    assert {
        (AuditEvent.Action.PASSWORD_RESET_REQUESTED, "reset link e-mailed"),
        (AuditEvent.Action.PASSWORD_CHANGED, "reset by e-mailed link"),
    } <= actions


def test_the_link_expires_after_an_hour(alice: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _ask_for_reset(BrowserClient(), alice.email)
        traveller.shift(dt.timedelta(minutes=61))
        page = BrowserClient().get(_link_in(mail.outbox[0]), follow=True).content.decode()

    assert "This link no longer works" in page
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_page_and_no_mail(alice: Any) -> None:
    with time_machine.travel(START, tick=False):
        known = _ask_for_reset(BrowserClient(), alice.email)
        unknown = _ask_for_reset(BrowserClient(), "nobody@northside.example")

    assert unknown.redirect_chain == known.redirect_chain
    assert _page(unknown) == _page(known)
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET_REQUESTED).count() == 1


def test_repeated_requests_for_one_address_stop_sending_mail(alice: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        pages = [_ask_for_reset(BrowserClient(), alice.email) for _ in range(5)]
        assert len(mail.outbox) == 3  # then the same page, but no more mail this hour
        traveller.shift(dt.timedelta(minutes=61))
        _ask_for_reset(BrowserClient(), alice.email)

    assert len({_page(page) for page in pages}) == 1
    assert len(mail.outbox) == 4
