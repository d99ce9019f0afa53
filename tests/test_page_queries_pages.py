"""The group session and the track roster read a fixed few queries (issue 14: at most 15), for the clinician who
runs the group and for a director of many sites, whatever the number of clients, sites and open episodes: both
kept (their bodies are kept per reader) and read afresh."""

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.episodes.models import Episode
from trellis.plans.selectors import get_current_plan
from trellis.plans.tests.given import draft_plan

TODAY = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)  # a Wednesday, during the morning group in New York
PAGE_LIMIT = 15
HTMX = {"HTTP_HX_REQUEST": "true"}


def _sessions(world: Any) -> list[Any]:
    world.track_a.capacity = 500
    world.track_a.save()
    days = (dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.date(2026, 11, 18))
    return [factories.GroupSessionFactory.create(group=world.group_a, date=day) for day in days]


def _enrolled(world: Any, site: Any, track: Any) -> Any:
    client = factories.ClientFactory.create(site=site)
    factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(client=client, program=world.program),
        track=track,
        phase=world.phase3,
    )
    return client


def _add_clients(world: Any, sessions: list[Any], count: int) -> None:
    """`count` more clients in Northside's day track with attendance this week, and as many open episodes
    waiting for a track (the roster's enrollment form offers them)."""
    for _ in range(count):
        client = _enrolled(world, world.site_a, world.track_a)
        factories.EpisodeFactory.create(
            client=factories.ClientFactory.create(site=world.site_a), program=world.program
        )
        for session in sessions[:2]:
            AttendanceRecord.objects.create(
                session=session,
                client=client,
                status="present",
                minutes_attended=180,
                recorded_by=world.alice,
            )


def _add_sites(world: Any, count: int) -> None:
    """More sites in the director's care, each with an enrolled client and an open episode not yet placed."""
    for n in range(count):
        site = factories.SiteFactory.create(organization=world.organization, name=f"Site {n:02}")
        world.dana.sites.add(site)
        track = factories.TrackFactory.create(program=world.program, site=site, name=f"Track {n:02}")
        _enrolled(world, site, track)
        factories.EpisodeFactory.create(
            client=factories.ClientFactory.create(site=site), program=world.program
        )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _kept_and_fresh(client: Any, url: str) -> tuple[int, int]:
    """Queries of the page shown again as kept, and read afresh."""
    cache.clear()
    client.get(url)  # rendered and kept
    kept = _queries(client, url)
    cache.clear()
    return kept, _queries(client, url)


def _url(world: Any, page: str, session: Any) -> str:
    if page == "session":
        return reverse("attendance:session", kwargs={"pk": session.pk})
    return reverse("episodes:track_roster", kwargs={"pk": world.track_a.pk})


@pytest.mark.parametrize("page", ["session", "roster"])
@time_machine.travel(TODAY, tick=False)
def test_the_clinician_reads_the_page_in_a_fixed_few_queries(world: Any, client: Any, page: str) -> None:
    # given Alice runs Tuesday's group, whose attendance is taken (its locks are looked up too)
    client.force_login(world.alice)
    sessions = _sessions(world)
    url = _url(world, page, sessions[1])
    _add_clients(world, sessions, 10)
    client.get(url)  # the first request of a login reads the idle-timeout setting once
    with_10 = _kept_and_fresh(client, url)
    # when ninety more clients join the track
    _add_clients(world, sessions, 90)
    with_100 = _kept_and_fresh(client, url)
    # then the page reads no more for them, kept or afresh, and stays within the limit
    assert with_10 == with_100, (
        f"{page}: (kept, fresh) {with_10} queries with 10 clients, {with_100} with 100"
    )
    kept, fresh = with_100
    assert kept < fresh <= PAGE_LIMIT, f"{page}: kept {kept}, fresh {fresh} queries"


@pytest.mark.parametrize("page", ["session", "roster"])
@time_machine.travel(TODAY, tick=False)
def test_a_director_reads_the_page_in_the_same_queries_for_2_sites_or_20(
    world: Any, client: Any, page: str
) -> None:
    client.force_login(world.dana)
    sessions = _sessions(world)
    _add_clients(world, sessions, 5)
    url = _url(world, page, sessions[1])
    client.get(url)
    two_sites = _kept_and_fresh(client, url)
    # when eighteen more sites, with their clients and open episodes, come into her care
    _add_sites(world, 18)
    twenty_sites = _kept_and_fresh(client, url)
    assert two_sites == twenty_sites, f"{page}: (kept, fresh) {two_sites} for 2 sites, {twenty_sites} for 20"
    kept, fresh = twenty_sites
    assert kept < fresh <= PAGE_LIMIT, f"{page}: kept {kept}, fresh {fresh} queries"


@time_machine.travel(TODAY, tick=False)
def test_the_roster_offers_only_this_sites_open_episodes_to_a_director_of_many(
    world: Any, client: Any
) -> None:
    # given an open episode waiting at Northside and others at the director's other sites
    waiting = factories.EpisodeFactory.create(
        client=factories.ClientFactory.create(site=world.site_a, legal_last_name="Waitwell"),
        program=world.program,
    )
    _add_sites(world, 3)
    client.force_login(world.dana)
    html = client.get(reverse("episodes:track_roster", kwargs={"pk": world.track_a.pk})).content.decode()
    # then Northside's roster offers Northside's client to enroll, and none from elsewhere
    options = re.findall(r'<option value="([^"]+)"', html)
    assert str(waiting.pk) in options
    elsewhere = Episode.objects.exclude(client__site=world.site_a).values_list("pk", flat=True)
    assert not {str(pk) for pk in elsewhere} & set(options)


def _hours(html: str, client_pk: Any) -> str:
    row = html.split(f'id="row-{client_pk}"', 1)[1]
    found = re.search(r'data-testid="week-hours">([^<]*)</b>', row)
    assert found is not None
    return found.group(1)


@time_machine.travel(dt.datetime(2026, 11, 18, 18, 0, tzinfo=dt.UTC), tick=False)
def test_a_tap_shows_in_the_weekly_hours_on_the_next_read_of_the_session_and_chart(
    world: Any, client: Any
) -> None:
    # given Wednesday's group has ended, and Carol's chart has been read (and kept) before her tap
    sessions = _sessions(world)
    client.force_login(world.alice)
    session_url = reverse("attendance:session", kwargs={"pk": sessions[2].pk})
    chart_url = reverse("clients:chart", kwargs={"pk": world.carol.pk})
    before = _hours(client.get(session_url).content.decode(), world.carol.pk)
    chart_before = client.get(chart_url).content.decode()
    # when Alice taps her present
    url = reverse("attendance:record", kwargs={"pk": sessions[2].pk, "client_pk": world.carol.pk})
    assert client.post(url, {"status": "present", "version": "0"}, **HTMX).status_code == 200
    # then the session page and the chart count the hours at once
    after = _hours(client.get(session_url).content.decode(), world.carol.pk)
    assert after != before
    attended = f"<em>{after.split(' / ')[0]}</em>"  # the chart's bar for this week
    assert attended not in chart_before
    assert attended in client.get(chart_url).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_gate_narrowed_to_one_client_still_keeps_other_sites_clients_out(world: Any) -> None:
    # given Carol, at Northside, has a plan being written in her open episode
    episode = world.carol_enrollment.episode
    plan = draft_plan(episode=episode, author=world.alice)
    # then Alice, at Northside, finds it and her episode; Bob, at Lakeside only, finds neither
    assert get_current_plan(user=world.alice, client=world.carol) == plan
    assert list(Episode.objects.visible_to(world.alice, client_id=world.carol.pk)) == [episode]
    assert get_current_plan(user=world.bob, client=world.carol) is None
    assert not Episode.objects.visible_to(world.bob, client_id=world.carol.pk).exists()
