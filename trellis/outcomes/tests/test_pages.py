"""The dashboard pages as a director and a clinician use them: range filter, charts, CSV, query count."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.notes.models import GroupNote, IndividualNote
from trellis.outcomes.tests import program
from trellis.privacy.models import AuditEvent


@pytest.fixture
def built(world: World) -> dict[str, Any]:
    return program.build(world)


@time_machine.travel(program.NOW, tick=False)
def test_it_shows_the_last_12_weeks_with_charts_and_their_text(world: World, built: Any, client: Any) -> None:
    # given the director
    client.force_login(world.dana)
    # when she opens the network dashboard without a range
    page = client.get(reverse("outcomes:network")).content.decode()
    # then it covers the last 12 weeks, draws the census and the reasons, and says the figures in words too
    assert 'value="2026-09-03"' in page
    assert 'value="2026-11-25"' in page
    assert "<svg" in page
    assert "<polyline" in page
    assert "Treatment completed: 2" in page  # the bar chart's text alternative
    assert "Northside" in page
    assert "Lakeside" in page
    assert world.carol.legal_first_name not in page


@time_machine.travel(program.NOW, tick=False)
def test_it_refuses_a_backwards_range_and_keeps_what_was_typed(world: World, built: Any, client: Any) -> None:
    client.force_login(world.dana)
    response = client.get(reverse("outcomes:network"), {"first": "2026-11-20", "last": "2026-11-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The start date must be on or before the end date." in page
    assert 'value="2026-11-20"' in page
    assert 'value="2026-11-01"' in page
    assert "<svg" not in page


@time_machine.travel(program.NOW, tick=False)
def test_it_refuses_a_date_that_is_not_a_date(world: World, built: Any, client: Any) -> None:
    client.force_login(world.dana)
    response = client.get(reverse("outcomes:network"), {"first": "2026-02-30"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert client.get(reverse("outcomes:network_csv"), {"last": "2027-01-01"}).status_code == 400


@time_machine.travel(program.NOW, tick=False)
def test_it_exports_each_table_as_figures_without_a_client(world: World, built: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("outcomes:site_csv", kwargs={"pk": world.site_a.pk})
    response = client.get(url, {"table": "discharges", "first": "2026-09-01", "last": "2026-11-25"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="outcomes-site-discharges-20260901-20261125.csv"'
    )
    assert rows[0] == ["TEDS code", "Discharge reason", "Discharges"]
    assert rows[1] == ["1", "Treatment completed", "2"]
    assert ["", "All discharges", "3"] in rows
    # and the export is on the audit trail, naming no client
    event = AuditEvent.objects.filter(actor=world.alice, action="export").latest("pk")
    assert event.client_id is None
    for table in ("census", "attendance", "measures", "documentation"):
        assert client.get(url, {"table": table}).status_code == 200
    assert client.get(url, {"table": "clients"}).status_code == 404


def _grow(world: World, count: int) -> None:
    """`count` more clients at each site, with attendance, scores and notes, all inside the range."""
    for site, track, group in (
        (world.site_a, world.track_a, world.group_a),
        (world.site_b, world.track_b, world.group_b),
    ):
        session = factories.GroupSessionFactory.create(
            group=group, date=dt.date(2026, 11, 2) + dt.timedelta(days=count)
        )
        GroupNote.objects.create(author=world.alice, session=session, signed_at=session.ends_at)
        for _ in range(count):
            episode = program.add_client(world, site=site, track=track, admitted=dt.date(2026, 10, 5))
            program.add_scores(
                episode, world.alice, "phq9", [(dt.date(2026, 10, 6), 15), (dt.date(2026, 11, 3), 8)]
            )
            program.add_plan(episode, world.alice, dt.date(2026, 10, 9))
            AttendanceRecord.objects.create(
                session=session, client=episode.client, status="present", minutes_attended=180,
                recorded_by=world.alice,
            )  # fmt: skip
            IndividualNote.objects.create(
                author=world.alice, client=episode.client, episode=episode, service_date=dt.date(2026, 11, 4),
                duration_minutes=50, format="dap",
            )  # fmt: skip


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["outcomes:network", "outcomes:site"])
@time_machine.travel(program.NOW, tick=False)
def test_it_runs_the_same_queries_for_few_and_many_clients(world: World, client: Any, page: str) -> None:
    client.force_login(world.dana)
    url = reverse(page, kwargs={"pk": world.site_a.pk} if page == "outcomes:site" else {})
    _grow(world, 2)
    client.get(url)
    few = _queries(client, url)
    _grow(world, 20)
    many = _queries(client, url)
    assert few == many, f"{few} queries with few clients, {many} with many"


@time_machine.travel(program.NOW, tick=False)
def test_it_adds_attendance_up_per_site_for_many_sites_and_per_track_for_one(
    world: World, built: Any, client: Any
) -> None:
    client.force_login(world.dana)
    # when the director opens the network dashboard, whose attendance spans both sites
    network = client.get(reverse("outcomes:network")).content.decode()
    # then its table has a line per site, its tracks added up
    assert "Attendance and weekly hours by site" in network
    assert network.count("<td>1 track</td>") == 2
    # and a site's dashboard lists that site's tracks by name
    site = client.get(reverse("outcomes:site", kwargs={"pk": world.site_a.pk})).content.decode()
    assert "Attendance and weekly hours by track" in site
    assert f"<td>{world.track_a.name}</td>" in site
