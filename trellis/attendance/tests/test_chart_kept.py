"""The chart is kept rendered between views, and never shown stale: a write shows at once, and the running
week's hours are judged again once one of the client's sessions starts."""

import datetime as dt
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord

WEDNESDAY = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York, the morning group running


def _view(browser: Any, world: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(reverse("clients:chart", kwargs={"pk": world.carol.pk}))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


@time_machine.travel(WEDNESDAY, tick=False)
def test_it_shows_a_tap_on_the_kept_chart_at_once(world: Any, client: Any) -> None:
    # given Alice has opened Carol's chart today
    session = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 18))
    client.force_login(world.alice)
    before, _ = _view(client, world)
    assert "Present (180 min)" not in before
    # when she marks Carol present at this morning's group
    services.record_attendance(
        session=session, client=world.carol, status=AttendanceRecord.Status.PRESENT, recorded_by=world.alice
    )
    # then the chart shows it on her next look
    after, _ = _view(client, world)
    assert "Present (180 min)" in after


def test_it_judges_the_week_again_when_the_next_session_starts(world: Any, client: Any) -> None:
    # given a second group starting ten minutes from now
    factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 18))
    afternoon = factories.RecurringGroupFactory.create(
        track=world.track_a,
        facilitator=world.alice,
        name="Late-morning skills group",
        starts_at=dt.time(10, 10),
    )
    factories.GroupSessionFactory.create(group=afternoon, date=dt.date(2026, 11, 18))  # 15:10 UTC
    client.force_login(world.alice)
    with time_machine.travel(WEDNESDAY, tick=False):
        _, first = _view(client, world)
        _, kept = _view(client, world)
    # then a second look reads the kept chart, until the second group has started
    assert kept < first
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, 9, tzinfo=dt.UTC), tick=False):
        assert _view(client, world)[1] == kept
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, 11, tzinfo=dt.UTC), tick=False):
        # read afresh; the worklist panel, which the start changes nothing on, stays kept (worklist.kept)
        assert _view(client, world)[1] > kept
