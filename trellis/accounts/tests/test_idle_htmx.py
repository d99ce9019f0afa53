"""After the session ends, an HTMX save must not swap a login form into the note: it gets 401 naming the
login page, which the page's script offers while it keeps the typed text. Pages still get the login page."""

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from tests.signin import sign_in
from trellis.notes.models import ParticipantEntry
from trellis.notes.tests import given

PASSWORD = "correct horse battery staple"
HTMX = {"HTTP_HX_REQUEST": "true"}
START = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def entry_url(world: Any) -> str:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    return reverse("notes:save_entry", kwargs={"session_pk": session.pk, "client_pk": world.carol.pk})


def _login(client: Any) -> None:
    """Log in and open a page: the idle clock starts at the first request of the session."""
    sign_in(client, "alice")
    client.get(reverse("today"))


def test_an_htmx_save_after_the_idle_timeout_gets_401_not_a_login_form(
    world: Any, client: Any, entry_url: str
) -> None:
    # given Alice logged in, then idle for 16 minutes (the organization allows 15)
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(minutes=16))

        # when she presses "Save entry"
        response = client.post(entry_url, {**given.COMPLETE, "version": "0"}, **HTMX)

    # then the answer is 401 naming the login page, holds no form, and saved nothing
    assert response.status_code == 401
    assert response["X-Trellis-Login"] == "/accounts/login/?idle=1"
    assert "<form" not in response.content.decode()
    assert not ParticipantEntry.objects.exists()


def test_an_htmx_request_without_a_session_gets_401(world: Any, client: Any, entry_url: str) -> None:
    # when a request arrives from a page whose session is gone (logged out in another tab)
    with time_machine.travel(START, tick=False):
        response = client.post(entry_url, {**given.COMPLETE, "version": "0"}, **HTMX)

    # then it is refused the same way, not redirected into the page
    assert response.status_code == 401
    assert response["X-Trellis-Login"] == "/accounts/login/"


def test_a_page_load_after_the_idle_timeout_still_goes_to_the_login_page(world: Any, client: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(minutes=16))
        response = client.get(reverse("today"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?idle=1"


def test_staying_logged_in_restarts_the_idle_clock(world: Any, client: Any) -> None:
    # given Alice idle for 14 minutes, who presses "Stay logged in"
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(minutes=14))
        kept = client.post(reverse("accounts:keepalive"), **HTMX)

        # when another 14 minutes pass, she is still logged in
        traveller.shift(dt.timedelta(minutes=14))
        response = client.get(reverse("today"))

    assert kept.status_code == 204
    assert response.status_code == 200


def test_pages_tell_the_script_the_idle_limit_and_whose_drafts_to_keep(world: Any, client: Any) -> None:
    world.organization.idle_timeout_minutes = 10
    world.organization.save()
    with time_machine.travel(START, tick=False):
        _login(client)
        html = client.get(reverse("today")).content.decode()
    assert f'data-draft-owner="{world.alice.pk}"' in html
    assert 'data-idle-seconds="600"' in html
    assert "trellis/drafts.js" in html


def test_a_form_posted_after_the_idle_timeout_logs_in_back_to_its_page(
    world: Any, client: Any, entry_url: str
) -> None:
    # given Alice idle past the timeout on the group note page
    page = entry_url.split("entries/")[0]
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(minutes=16))

        # when the page's plain form posts (no HTMX)
        response = client.post(
            entry_url, {**given.COMPLETE, "version": "0"}, HTTP_REFERER=f"http://testserver{page}"
        )

    # then logging in again leads back to the page (where the kept draft is restored), not to the address
    # that only takes a POST
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?idle=1&next={quote(page, safe='')}"
    assert not ParticipantEntry.objects.exists()


def test_a_form_posted_without_a_session_logs_in_back_to_its_page(
    world: Any, client: Any, entry_url: str
) -> None:
    page = entry_url.split("entries/")[0]
    with time_machine.travel(START, tick=False):
        response = client.post(entry_url, {**given.COMPLETE}, HTTP_REFERER=f"http://testserver{page}")
    assert response["Location"] == f"/accounts/login/?next={quote(page, safe='')}"


def test_a_referer_elsewhere_is_not_followed(world: Any, client: Any, entry_url: str) -> None:
    with time_machine.travel(START, tick=False):
        response = client.post(entry_url, {**given.COMPLETE}, HTTP_REFERER="https://elsewhere.example/x/")
    assert response["Location"] == "/accounts/login/"
