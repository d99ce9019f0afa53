"""A logged-in user changes their own password: the old one is asked for, Django's rules apply, the change is
in the audit trail, and every other session of theirs ends."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.signin import sign_in
from trellis.privacy.models import AuditEvent

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "violet lantern orbit 42"
START = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


def _logged_in(username: str = "alice", password: str = PASSWORD) -> BrowserClient:
    browser = BrowserClient()
    sign_in(browser, username, password=password)
    return browser


def _change(browser: BrowserClient, *, old: str, new: str, again: str | None = None) -> Any:
    form = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return browser.post(reverse("accounts:password_change"), form, follow=True)


def test_it_changes_the_password_and_ends_the_other_sessions(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        # given Alice logged in at her desk and on a laptop
        desk, laptop = _logged_in(), _logged_in()

        # when she changes her password at her desk
        response = _change(desk, old=PASSWORD, new=NEW_PASSWORD)

        # then her desk stays logged in, the laptop must log in again, and only the new password works
        assert (
            "Your password was changed. Your other sessions have been logged out."
            in response.content.decode()
        )
        assert desk.get(reverse("today")).status_code == 200
        assert laptop.get(reverse("today"))["Location"].startswith("/accounts/login/")
        assert _logged_in(password=NEW_PASSWORD).get(reverse("today")).status_code == 200
        assert _logged_in(password=PASSWORD).get(reverse("today")).status_code == 302

    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_CHANGED)
    assert (event.actor, event.organization, event.detail) == (
        world.alice,
        world.organization,
        "changed by its user",
    )


def test_a_wrong_old_password_is_refused_with_a_clear_message(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        desk = _logged_in()
        response = _change(desk, old="not my password at all", new=NEW_PASSWORD)

    assert "Your old password was entered incorrectly" in response.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED).exists()


def test_a_weak_or_mistyped_new_password_is_refused(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        desk = _logged_in()
        short = _change(desk, old=PASSWORD, new="short1").content.decode()
        mistyped = _change(desk, old=PASSWORD, new=NEW_PASSWORD, again=NEW_PASSWORD + "!").content.decode()

    assert "This password is too short. It must contain at least 12 characters." in short
    assert "The two password fields" in mistyped
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)


def test_the_account_menu_and_the_login_page_link_to_the_password_pages(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        menu = _logged_in().get(reverse("today")).content.decode()
        login = BrowserClient().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_change")}">Change password</a>' in menu
    assert f'href="{reverse("accounts:password_reset")}">Forgot your password?</a>' in login


def test_the_page_needs_a_login(world: Any) -> None:
    response = BrowserClient().get(reverse("accounts:password_change"))
    assert response["Location"].startswith("/accounts/login/")
