"""Today kept rendered per reader (attendance.today_kept): never a stale figure, never another reader's page,
every view audited, and a kept page read in a few queries whatever the number of clients (issue 14)."""

import datetime as dt
from collections import Counter
from typing import Any

import time_machine
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance import services, today_kept
from trellis.attendance.models import AttendanceRecord
from trellis.core import kept_pages
from trellis.episodes.models import WaitlistEntry
from trellis.privacy.models import AuditEvent

MONDAY = dt.date(2026, 11, 16)
WEDNESDAY = dt.date(2026, 11, 18)
# Northside's morning group meets Monday, Wednesday and Friday at 9 am in New York (14:00 UTC), 3 hours.
BEFORE_WEDNESDAYS_GROUP = dt.datetime(2026, 11, 18, 13, 30, tzinfo=dt.UTC)
JUST_BEFORE_IT = dt.datetime(2026, 11, 18, 13, 59, tzinfo=dt.UTC)
JUST_AFTER_IT_STARTS = dt.datetime(2026, 11, 18, 14, 1, tzinfo=dt.UTC)
PAGE_LIMIT = 15


def _week_of_sessions(world: Any) -> dict[dt.date, Any]:
    days = (MONDAY, WEDNESDAY, WEDNESDAY + dt.timedelta(days=2))
    return {day: factories.GroupSessionFactory.create(group=world.group_a, date=day) for day in days}


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _today(client: Any) -> str:
    response = client.get(reverse("today"))
    assert response.status_code == 200
    return str(response.content.decode())


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        _today(client)
    return len(captured)


def _worklist_panel_queries(user: Any) -> int:
    """The worklist panel, read live between Today's kept parts, is the worklist's own (held to its count by
    the worklist's tests); it is measured alone and left out of Today's count, as for the chart."""
    request = RequestFactory().get("/")
    request.user = user
    panel = Template("{% load worklist_panels %}{% worklist_today_panel %}")
    with CaptureQueriesContext(connection) as captured:
        panel.render(Context({"request": request}))
    return len(captured)


def test_a_tap_shows_on_a_kept_today_at_once(world: Any, client: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), tick=False):
        session = _week_of_sessions(world)[WEDNESDAY]
        client.force_login(world.alice)
        _today(client)
        assert "0/1" in _section(_today(client), "sessions-h")  # kept: nobody recorded yet
        # when Alice taps Carol present in the group
        services.record_attendance(
            session=session, client=world.carol, status="present", recorded_by=world.alice
        )
        # then Today counts the tap on the very next read
        assert "1/1" in _section(_today(client), "sessions-h")


def test_a_group_starting_turns_a_kept_on_track_week_at_risk(world: Any, client: Any) -> None:
    sessions = _week_of_sessions(world)
    # Carol attended Monday: with Wednesday and Friday still ahead she can reach her 9 hours
    AttendanceRecord.objects.create(
        session=sessions[MONDAY],
        client=world.carol,
        status="present",
        minutes_attended=180,
        recorded_by=world.alice,
    )
    client.force_login(world.alice)
    with time_machine.travel(BEFORE_WEDNESDAYS_GROUP, tick=False) as traveller:
        assert "Northcott" not in _section(_today(client), "short-h")
        traveller.move_to(JUST_BEFORE_IT)
        kept_queries = _queries(client)
        assert "Northcott" not in _section(_today(client), "short-h")
        # when Wednesday's group starts without her, nothing written: only the clock moved
        traveller.move_to(JUST_AFTER_IT_STARTS)
        with CaptureQueriesContext(connection) as captured:
            html = _today(client)
        # then the kept page is not shown: she can no longer reach the minimum this week
        assert "Northcott" in _section(html, "short-h")
        assert len(captured) > kept_queries  # read afresh, where the page before was kept


def test_another_reader_never_gets_the_first_readers_kept_today(world: Any, client: Any) -> None:
    with time_machine.travel(BEFORE_WEDNESDAYS_GROUP, tick=False):
        _wait(world, world.track_a, "Northcott")
        _wait(world, world.track_b, "Lakewood")
        client.force_login(world.alice)
        alices = _section(_today(client), "wait-h")
        client.force_login(world.bob)
        bobs = _section(_today(client), "wait-h")
        client.force_login(world.dana)
        danas = _section(_today(client), "wait-h")
        assert ("Northcott" in alices, "Lakewood" in alices) == (True, False)
        assert ("Northcott" in bobs, "Lakewood" in bobs) == (False, True)
        assert ("Northcott" in danas, "Lakewood" in danas) == (True, True)
        # when Alice is given Lakeside too, her kept page (of Northside alone) is not shown to her any more
        world.alice.sites.add(world.site_b)
        client.force_login(world.alice)
        assert "Lakewood" in _section(_today(client), "wait-h")


def _wait(world: Any, track: Any, last_name: str = "Waiting") -> Any:
    """A new client of the track's site on its waitlist."""
    person = factories.ClientFactory.create(site=track.site, legal_last_name=last_name)
    episode = factories.EpisodeFactory.create(client=person, program=world.program)
    WaitlistEntry.objects.create(
        track=track, episode=episode, phase=world.phase3, requested_on=dt.date(2026, 11, 10)
    )
    return person


def _views_by(user: Any) -> Counter[tuple[Any, str]]:
    events = AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.VIEW)
    return Counter(events.values_list("client_id", "detail"))


def test_a_kept_today_audits_the_views_as_a_fresh_one(world: Any, client: Any) -> None:
    with time_machine.travel(BEFORE_WEDNESDAYS_GROUP, tick=False):
        _week_of_sessions(world)
        waiting = _wait(world, world.track_a)
        client.force_login(world.alice)
        before = _views_by(world.alice)
        fresh_queries = _queries(client)
        fresh = _views_by(world.alice) - before
        kept_queries = _queries(client)
        kept = _views_by(world.alice) - before - fresh
        assert kept_queries < fresh_queries  # the second read was the kept page
        assert fresh[(waiting.pk, "today")] == 1
        assert kept == fresh


def _add_clients(world: Any, sessions: dict[dt.date, Any], count: int) -> None:
    for n in range(count):
        person = factories.ClientFactory.create(site=world.site_a, legal_first_name=f"Client{n}")
        factories.EnrollmentFactory.create(
            episode=factories.EpisodeFactory.create(client=person, program=world.program),
            track=world.track_a,
            phase=world.phase3,
        )
        _wait(world, world.track_a)
        AttendanceRecord.objects.create(
            session=sessions[MONDAY],
            client=person,
            status="present",
            minutes_attended=60,
            recorded_by=world.alice,
        )


def _kept_and_fresh(client: Any, reader: Any) -> tuple[int, int, int]:
    """Queries of Today kept, of its worklist panel alone, and of Today read afresh."""
    client.force_login(reader)
    cache.clear()
    _today(client)  # rendered and kept
    kept = _queries(client)
    worklist = _worklist_panel_queries(reader)
    cache.clear()
    return kept, worklist, _queries(client)


def test_a_kept_today_reads_a_few_queries_whatever_the_number_of_clients(world: Any, client: Any) -> None:
    world.track_a.capacity = 500
    world.track_a.save()
    with time_machine.travel(BEFORE_WEDNESDAYS_GROUP, tick=False):
        sessions = _week_of_sessions(world)
        _add_clients(world, sessions, 10)
        with_10 = {reader.pk: _kept_and_fresh(client, reader) for reader in (world.alice, world.dana)}
        _add_clients(world, sessions, 90)
        with_100 = {reader.pk: _kept_and_fresh(client, reader) for reader in (world.alice, world.dana)}
    # the worklist panel's own count is the worklist's tests' business
    assert {r: (kept, fresh) for r, (kept, _, fresh) in with_10.items()} == {
        r: (kept, fresh) for r, (kept, _, fresh) in with_100.items()
    }
    assert all(kept - worklist <= PAGE_LIMIT for kept, worklist, _ in with_100.values()), with_100


def test_a_kept_today_holds_no_token_of_the_session_that_rendered_it(world: Any, client: Any) -> None:
    with time_machine.travel(BEFORE_WEDNESDAYS_GROUP, tick=False):
        _week_of_sessions(world)
        client.force_login(world.alice)
        page = _today(client)
        key = kept_pages.page_key(page="today", layout=today_kept.LAYOUT, user=world.alice, day=WEDNESDAY)
        kept = cache.get(key)
    parts = [kept.html, kept.extra["after"], kept.extra["tail"]]
    assert "Today's groups" in parts[2]
    assert "csrf" in page.lower()  # the page's frame carries this session's token ...
    assert not any("csrf" in part.lower() for part in parts)  # ... and no kept part does
