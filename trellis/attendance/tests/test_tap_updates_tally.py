"""A tap answers with the tapped row and, out of band, the page's "N of M recorded" tally (issue 12, part 7):
the counter and the client's hours this week change in place, without reloading the page."""

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import World
from tests import factories as typed_factories
from trellis.attendance.models import AttendanceRecord

factories: Any = typed_factories
HTMX = {"HTTP_HX_REQUEST": "true"}
AFTER_SESSION = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def after_session() -> Any:
    with time_machine.travel(AFTER_SESSION, tick=True):
        yield


@pytest.fixture
def session(world: World) -> Any:
    # given a second client on Carol's track, so the roster holds two
    ben = factories.ClientFactory(site=world.site_a, legal_first_name="Ben", legal_last_name="Brook")
    factories.EnrollmentFactory(
        episode=factories.EpisodeFactory(client=ben, program=world.program),
        track=world.track_a,
        phase=world.phase3,
    )
    return factories.GroupSessionFactory(group=world.group_a, date=dt.date(2026, 11, 23))


def _tally(html: str) -> str:
    found = re.search(r'<p class="sub" id="tally"[^>]*>([^<]*)</p>', html)
    assert found is not None
    return found.group(1)


def _hours(html: str) -> str:
    found = re.search(r'data-testid="week-hours">([^<]*)</b>', html)
    assert found is not None
    return found.group(1)


def test_a_tap_carries_the_updated_tally_out_of_band(world: World, session: Any, client: Any) -> None:
    client.force_login(world.alice)
    page = client.get(reverse("attendance:session", kwargs={"pk": session.pk})).content.decode()
    assert _tally(page) == "0 of 2 recorded · 0 present"
    hours_before = re.findall(r'data-testid="week-hours">([^<]*)</b>', page)

    # when Alice taps Carol present
    url = reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk})
    html = client.post(url, {"status": "present", "version": "0"}, **HTMX).content.decode()

    # then the answer holds Carol's row first (the swap's target), then the tally, marked for an oob swap
    assert html.lstrip().startswith(f'<div class="roster-row" role="listitem" id="row-{world.carol.pk}"')
    assert re.search(r'<p class="sub" id="tally"[^>]*hx-swap-oob="true"', html)
    assert _tally(html) == "1 of 2 recorded · 1 present"
    # and her hours this week have grown, in the row that replaces the old one
    assert _hours(html) != hours_before[0]
    assert AttendanceRecord.objects.get().client_id == world.carol.pk


def test_a_refused_tap_still_shows_the_tally_as_it_stands(world: World, session: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk})
    html = client.post(url, {"status": "late", "version": "0", "arrived": "25:99"}, **HTMX).content.decode()
    assert 'role="alert"' in html
    assert _tally(html) == "0 of 2 recorded · 0 present"
    assert not AttendanceRecord.objects.exists()


def test_the_full_page_tally_is_not_marked_out_of_band(world: World, session: Any, client: Any) -> None:
    client.force_login(world.alice)
    page = client.get(reverse("attendance:session", kwargs={"pk": session.pk})).content.decode()
    assert "hx-swap-oob" not in page
