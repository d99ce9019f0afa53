"""The top bar is kept rendered per what it shows (accounts/topbar.py), and every change to what it shows holds
from the very next page: a new role and so other links, the section a page belongs to, the second step of
signing in. Nobody's kept bar shows another person's name, and its forms carry the reader's own token."""

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import World
from trellis.accounts.models import User
from trellis.accounts.roles import Role

SECURITY = "/accounts/security/"
NAV = '<nav aria-label="Main">'
LOGOUT_TOKEN = re.compile(
    r'action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken" value="(\w+)"'
)


def _as(user: Any, **options: Any) -> Client:
    browser = Client(**options)
    browser.force_login(user)
    return browser


def _page(browser: Client, url: str = SECURITY) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _active_links(page: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', page)


def test_a_new_role_changes_the_links_and_the_role_shown_on_the_next_page(world: World) -> None:
    # given Alice, a clinician, whose bar has been shown (and kept)
    alice = _as(world.alice)
    before = _page(alice)
    assert "Alice Test · Clinician" in before
    assert 'href="/billing/' not in before
    # when she is made a biller
    User.objects.filter(pk=world.alice.pk).update(role=Role.BILLER)
    # then her next page shows the biller's links and role, and no longer the clinician's
    after = _page(alice)
    assert "Alice Test · Biller" in after
    assert 'href="/billing/' in after
    assert 'href="/notes/' in before
    assert 'href="/notes/' not in after


def test_the_active_link_follows_the_section_of_each_page(world: World) -> None:
    alice = _as(world.alice)
    assert _active_links(_page(alice, reverse("today"))) == ["Today"]
    assert _active_links(_page(alice, reverse("clients:list"))) == ["Clients"]
    assert _active_links(_page(alice, reverse("worklist:list"))) == ["Worklist"]
    assert _active_links(_page(alice, reverse("today"))) == ["Today"]
    assert _active_links(_page(alice)) == []


def test_a_session_held_at_the_second_step_is_offered_only_the_way_out(world: World) -> None:
    # given Alice's bar kept from a finished sign-in
    assert NAV in _page(_as(world.alice))
    # when she signs in elsewhere with her password only (her role requires a second factor)
    held = Client()
    held.post(reverse("accounts:login"), {"username": "alice", "password": "correct horse battery staple"})
    # then that session's bar has neither the navigation nor the client search, only the way out
    page = _page(held)
    assert NAV not in page
    assert 'role="search"' not in page
    assert "Log out" in page
    # and the finished session still has them
    assert NAV in _page(_as(world.alice))


def test_a_kept_bar_never_shows_another_persons_name(world: World) -> None:
    # given Alice's bar kept; Bob, a clinician like her, has the same links
    assert "Alice Test" in _page(_as(world.alice))
    bobs = _page(_as(world.bob))
    # then Bob's bar names him, not her
    assert "Bob Test · Clinician" in bobs
    assert "Alice" not in bobs


def _logout_token(page: str) -> str:
    found = LOGOUT_TOKEN.search(page)
    assert found is not None
    return found.group(1)


def test_each_page_carries_its_own_sessions_token(world: World) -> None:
    # given Alice's bar kept from one of her sessions
    first = _as(world.alice, enforce_csrf_checks=True)
    first_token = _logout_token(_page(first))
    # when she opens a page in another session
    second = _as(world.alice, enforce_csrf_checks=True)
    token = _logout_token(_page(second))
    # then a token from the first session is refused there, and the one on its own page is accepted
    assert second.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": first_token}).status_code == 403
    assert second.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert second.get(SECURITY)["Location"].startswith(reverse("accounts:login"))
