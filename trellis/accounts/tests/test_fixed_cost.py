"""What every signed-in page reads is kept where it can be (the session in the shared cache, the user's sites
and programs under their access stamp), and a change to any of it holds from the very next request: a user
deactivated, given another role, moved to another site, or signed out everywhere."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.accounts import mfa_services
from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.clients.models import Client as ClientRecord

CACHED_SESSIONS = "django.contrib.sessions.backends.cached_db"
CHART = "clients:chart"


def _as(user: Any) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _tables_read(browser: Client, url: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return " ".join(query["sql"] for query in captured.captured_queries)


@override_settings(SESSION_ENGINE=CACHED_SESSIONS)
def test_a_cached_session_is_read_without_a_query_and_ends_when_signed_out_everywhere(world: Any) -> None:
    alice = _as(world.alice)
    url = reverse("accounts:security")
    alice.get(url)
    # then her next page reads neither her session nor her memberships from the database
    read = _tables_read(alice, url)
    assert "django_session" not in read
    assert "accounts_user_sites" not in read
    # when an administrator resets her second factor, which signs her out everywhere
    mfa_services.reset_second_factor(user=world.alice, by=world.adam)
    # then the kept session is gone too: her next page is the login page
    assert alice.get(url)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("engine", [CACHED_SESSIONS, "django.contrib.sessions.backends.db"])
def test_a_deactivated_user_is_refused_on_the_next_request(world: Any, engine: str) -> None:
    with override_settings(SESSION_ENGINE=engine):
        alice = _as(world.alice)
        url = reverse("accounts:security")
        assert alice.get(url).status_code == 200
        User.objects.filter(pk=world.alice.pk).update(is_active=False)
        assert alice.get(url)["Location"].startswith(reverse("accounts:login"))


def test_a_site_taken_away_closes_its_charts_on_the_next_request(world: Any) -> None:
    # given Alice reads Carol's chart (her site), her memberships kept since
    alice = _as(world.alice)
    chart = reverse(CHART, kwargs={"pk": world.carol.pk})
    assert alice.get(chart).status_code == 200
    assert "accounts_user_sites" not in _tables_read(alice, chart)
    # when Carol's site is taken from her, from the site's side of the relation
    world.site_a.staff.remove(world.alice)
    # then the chart is closed to her on her next request
    assert alice.get(chart).status_code == 404
    # and given back (from her side), it opens again
    User.objects.get(pk=world.alice.pk).sites.add(world.site_a)
    assert alice.get(chart).status_code == 200


def test_a_site_given_opens_its_charts_on_the_next_request(world: Any) -> None:
    alice = _as(world.alice)
    dave_chart = reverse(CHART, kwargs={"pk": world.dave.pk})  # Dave is at the other site
    assert ClientRecord.objects.get(pk=world.dave.pk).site_id != world.site_a.pk
    assert alice.get(dave_chart).status_code == 404
    world.dave.site.staff.add(world.alice)
    assert alice.get(dave_chart).status_code == 200
    world.dave.site.staff.clear()
    assert alice.get(dave_chart).status_code == 404


def test_a_new_role_holds_on_the_next_request(world: Any) -> None:
    # given Alice, a clinician, may not open the access page
    alice = _as(world.alice)
    access = reverse("accounts:access")
    assert alice.get(access).status_code == 403
    # when she is made an administrator
    User.objects.filter(pk=world.alice.pk).update(role=Role.ADMIN)
    # then her next request may
    assert alice.get(access).status_code == 200
