"""A session ends after the organization's idle limit as it is set now, counting only what a person did
(background polls are not activity), and after an absolute lifetime however busy its user is."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.signin import sign_in

PASSWORD = "correct horse battery staple"
HTMX = {"HTTP_HX_REQUEST": "true"}
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_TRELLIS_POLL": "1"}
START = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


def _login(client: Any) -> None:
    sign_in(client, "alice")


def _set_idle_minutes(world: Any, minutes: int) -> None:
    world.organization.idle_timeout_minutes = minutes
    world.organization.save(update_fields=["idle_timeout_minutes"])


@pytest.mark.parametrize(("minutes", "idle_for", "still_in"), [(5, 6, False), (30, 20, True)])
def test_the_idle_limit_follows_the_organization_setting_changed_mid_session(
    world: Any, client: Any, minutes: int, idle_for: int, still_in: bool
) -> None:
    # given Alice logged in while her organization allowed 15 idle minutes
    _set_idle_minutes(world, 15)
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        assert client.get(reverse("today")).status_code == 200

        # when the director changes the limit, and Alice then leaves the page alone
        _set_idle_minutes(world, minutes)
        traveller.shift(dt.timedelta(minutes=idle_for))
        response = client.get(reverse("today"))

    # then the new limit decides, for the session already open
    if still_in:
        assert response.status_code == 200
    else:
        assert response["Location"] == "/accounts/login/?idle=1"


def test_pages_announce_the_current_idle_limit(world: Any, client: Any) -> None:
    with time_machine.travel(START, tick=False):
        _login(client)
        _set_idle_minutes(world, 7)
        html = client.get(reverse("today")).content.decode()
    assert 'data-idle-seconds="420"' in html


def test_a_background_poll_does_not_keep_the_session_alive(world: Any, client: Any) -> None:
    # given Alice logged in on a page that polls, then away from the keyboard (the limit is 15 minutes)
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        client.get(reverse("today"))
        traveller.shift(dt.timedelta(minutes=10))
        polled = client.get(reverse("today"), **POLL)

        # when 6 more minutes pass (16 since she last did anything) and the page polls again
        traveller.shift(dt.timedelta(minutes=6))
        response = client.get(reverse("today"), **POLL)

    # then the poll was served while the session lasted, but it did not count as activity
    assert polled.status_code == 200
    assert response.status_code == 401
    assert response["X-Trellis-Login"] == "/accounts/login/?idle=1"


def test_a_request_the_user_made_keeps_the_session_alive(world: Any, client: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(minutes=10))
        client.get(reverse("today"), **HTMX)  # she clicked something on the page
        traveller.shift(dt.timedelta(minutes=6))
        response = client.get(reverse("today"))
    assert response.status_code == 200


def test_the_absolute_lifetime_logs_out_even_an_active_user(world: Any, client: Any, settings: Any) -> None:
    # given a 12-hour lifetime and Alice busy all day, never idle more than 10 minutes
    settings.TRELLIS_SESSION_MAX_HOURS = 12
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        for _ in range(71):  # 11 h 50 min of activity
            traveller.shift(dt.timedelta(minutes=10))
            assert client.get(reverse("today")).status_code == 200

        # when she is still working 12 hours and 10 minutes after logging in
        traveller.shift(dt.timedelta(minutes=20))
        response = client.get(reverse("today"))
        login_page = client.get(response["Location"]).content.decode()

    # then she must log in again, and the login page says why
    assert response["Location"] == "/accounts/login/?expired=1"
    assert "Sessions last at most 12 hours" in login_page


def test_pages_tell_the_script_how_long_the_session_has_left(world: Any, client: Any, settings: Any) -> None:
    settings.TRELLIS_SESSION_MAX_HOURS = 12
    with time_machine.travel(START, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(minutes=10))
        client.get(reverse("today"))
        traveller.shift(dt.timedelta(minutes=5))
        html = client.get(reverse("today")).content.decode()
    assert f'data-session-seconds-left="{(12 * 60 - 15) * 60}"' in html


def test_reading_the_current_limit_costs_no_query_of_its_own(world: Any, client: Any) -> None:
    # given Alice logged in; when the page script says she is still there
    with time_machine.travel(START, tick=False):
        _login(client)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("accounts:keepalive"), **HTMX)

    # then her organization came with her user row, not in a query per request
    assert response.status_code == 204
    assert not [q["sql"] for q in queries.captured_queries if 'FROM "programs_organization"' in q["sql"]]
    assert any('JOIN "programs_organization"' in q["sql"] for q in queries.captured_queries)
