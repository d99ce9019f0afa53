"""Week calendars in constant queries, and iCalendar feeds behind a secret, revocable link."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from trellis.privacy.models import AuditEvent
from trellis.scheduling import services
from trellis.scheduling.models import CalendarFeedToken
from trellis.scheduling.tests.schedule_world import enroll

pytestmark = pytest.mark.usefixtures("frozen_now")
THIS_MONDAY = dt.date(2026, 11, 16)


def publish_this_week(world: Any, capture: Any) -> None:
    with capture(execute=True):
        proposal = services.request_proposal(
            site=world.site_a, week_start=THIS_MONDAY, requested_by=world.dana
        )
    services.publish_proposal(proposal=proposal, published_by=world.dana)


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", ["track", "room", "staff", "mine", "client", "print"])
def test_it_runs_the_same_queries_for_10_and_100_clients(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any, page: str
) -> None:
    # given a published week of 10 clients, then one of 100, in a group large enough for all
    world.group_a.capacity = 200
    world.group_a.save()
    world.group_a.room.capacity = 200
    world.group_a.room.save()
    urls = {
        "track": reverse("scheduling:track_week", kwargs={"pk": world.track_a.pk}),
        "room": reverse("scheduling:room_week", kwargs={"pk": world.group_a.room.pk}),
        "staff": reverse("scheduling:staff_week", kwargs={"pk": world.alice.pk}),
        "mine": reverse("scheduling:my_week"),
        "client": reverse("scheduling:client", kwargs={"pk": world.carol.pk}),
        "print": reverse("scheduling:client_print", kwargs={"pk": world.carol.pk}),
    }
    client.force_login(world.alice)

    def count_with(total: int) -> int:
        for n in range(total - enrolled[0]):
            enroll(world, f"Client{enrolled[0] + n}")
        enrolled[0] = total
        publish_this_week(world, django_capture_on_commit_callbacks)
        client.get(urls[page])
        return queries(client, urls[page])

    enrolled = [1]
    with_10, with_100 = count_with(10), count_with(100)

    # then the page's query count does not grow with the clients shown
    assert with_10 == with_100, f"{page}: {with_10} queries with 10 clients, {with_100} with 100"


def test_it_shows_the_track_week_with_names_in_the_site_zone(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publish_this_week(world, django_capture_on_commit_callbacks)
    client.force_login(world.alice)
    page = client.get(reverse("scheduling:track_week", kwargs={"pk": world.track_a.pk})).content.decode()
    assert "times in America/New_York" in page
    assert page.count("Carol Northcott") == 3
    assert "09:00\u201312:00" in page
    assert AuditEvent.objects.filter(client=world.carol, action="view").exists()


def test_it_shows_the_administrator_head_counts_only(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publish_this_week(world, django_capture_on_commit_callbacks)
    client.force_login(world.adam)
    page = client.get(reverse("scheduling:room_week", kwargs={"pk": world.group_a.room.pk})).content.decode()
    assert "Northcott" not in page
    assert "1/12" in page


def test_it_hides_another_sites_track_week(world: Any, client: Any) -> None:
    client.force_login(world.bob)
    assert client.get(reverse("scheduling:track_week", kwargs={"pk": world.track_a.pk})).status_code == 404


def test_it_serves_the_client_feed_with_the_site_time_zone_and_no_clinical_detail(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Carol's week is published and she has a calendar link
    publish_this_week(world, django_capture_on_commit_callbacks)
    token = services.rotate_feed_token(owner=world.carol, rotated_by=world.alice)

    # when her phone reads the feed, without logging in
    response = client.get(reverse("scheduling:feed", args=[token.token]))

    # then it parses, carries New York's VTIMEZONE, and each event is at 09:00 New York time
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    events = calendar.walk("VEVENT")
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts[0] == dt.datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert str(starts[0].tzinfo) == "America/New_York"
    assert len(events) == 3
    body = response.content.decode()
    for clinical in ("IOP", "Substance", "Alice", "Northside day", "Phase"):
        assert clinical not in body
    assert {str(e["SUMMARY"]) for e in events} == {"Morning process group"}
    # and the read is audited as an export through the client's link
    event = AuditEvent.objects.get(action="export", client=world.carol)
    assert event.actor is None
    assert event.object_id == str(token.pk)


def test_it_revokes_the_old_link_when_a_new_one_is_made(world: Any, client: Any) -> None:
    old = services.rotate_feed_token(owner=world.carol, rotated_by=world.alice).token
    client.force_login(world.alice)
    client.post(reverse("scheduling:client_feed_link", kwargs={"pk": world.carol.pk}))
    client.logout()
    new = CalendarFeedToken.objects.get(client=world.carol).token
    assert new != old
    assert client.get(reverse("scheduling:feed", args=[old])).status_code == 404
    assert client.get(reverse("scheduling:feed", args=[new])).status_code == 200


def test_it_serves_the_clinician_feed_of_their_groups(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    client.post(reverse("scheduling:my_feed_link"))
    token = CalendarFeedToken.objects.get(user=world.alice)
    client.logout()
    calendar = Calendar.from_ical(client.get(reverse("scheduling:feed", args=[token.token])).content)
    events = calendar.walk("VEVENT")
    # last week to four weeks ahead: six weeks of Mon/Wed/Fri
    assert len(events) == 18
    assert all(str(e.decoded("dtstart").tzinfo) == "America/New_York" for e in events)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"


def test_it_stops_a_departed_clinicians_feed(world: Any, client: Any) -> None:
    token = services.rotate_feed_token(owner=world.alice, rotated_by=world.alice)
    world.alice.is_active = False
    world.alice.save()
    assert client.get(reverse("scheduling:feed", args=[token.token])).status_code == 404


def test_it_shows_group_times_in_the_sites_own_zone(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Lakeside (Chicago) publishes its week with Dave in the 18:00 evening group
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.request_proposal(
            site=world.site_b, week_start=THIS_MONDAY, requested_by=world.dana
        )
    services.publish_proposal(proposal=proposal, published_by=world.dana)

    # when Bob opens the track's week, whatever zone the server runs in
    client.force_login(world.bob)
    page = client.get(reverse("scheduling:track_week", kwargs={"pk": world.track_b.pk})).content.decode()

    # then the group shows at 18:00 Chicago time
    assert "times in America/Chicago" in page
    assert "18:00\u201321:00" in page
    assert "Dave Lakewood" in page
