"""Dated sessions from recurring groups: weekdays, holidays, cancellations, re-runs and daylight saving."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.programs.models import Holiday
from trellis.scheduling import services
from trellis.scheduling.models import GroupSession

THANKSGIVING = dt.date(2026, 11, 26)


def test_it_creates_a_session_on_each_meeting_day_but_holidays(world: Any) -> None:
    # given the morning group meets Mon/Wed/Fri and Northside closes for Thanksgiving (Thursday)
    world.group_a.weekdays = [0, 2, 3, 4]
    world.group_a.save()
    Holiday.objects.create(site=world.site_a, date=THANKSGIVING, name="Thanksgiving")
    # when the week of Thanksgiving is generated
    services.generate_sessions(
        first=dt.date(2026, 11, 23), last=dt.date(2026, 11, 29), tracks=[world.track_a]
    )
    # then Monday, Wednesday and Friday have sessions and Thursday has none
    days = sorted(GroupSession.objects.filter(group=world.group_a).values_list("date", flat=True))
    assert days == [dt.date(2026, 11, 23), dt.date(2026, 11, 25), dt.date(2026, 11, 27)]


def test_it_keeps_existing_sessions_and_their_attendance_when_run_again(world: Any) -> None:
    week: dict[str, Any] = {
        "first": dt.date(2026, 11, 16),
        "last": dt.date(2026, 11, 22),
        "tracks": [world.track_a],
    }
    assert services.generate_sessions(**week) == 3
    session = GroupSession.objects.filter(group=world.group_a).first()
    assert session is not None
    AttendanceRecord.objects.create(
        session=session, client=world.carol, status="present", minutes_attended=180, recorded_by=world.alice
    )
    services.generate_sessions(**week)
    assert GroupSession.objects.filter(group=world.group_a).count() == 3
    assert AttendanceRecord.objects.filter(session=session).exists()


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (dt.date(2026, 10, 30), 13),  # Friday before the change: 9:00 EDT is 13:00 UTC
        (dt.date(2026, 11, 2), 14),  # Monday after clocks fall back: 9:00 EST is 14:00 UTC
    ],
)
def test_it_keeps_wall_clock_time_across_daylight_saving(world: Any, day: dt.date, utc_hour: int) -> None:
    services.generate_sessions(first=day, last=day, tracks=[world.track_a])
    session = GroupSession.objects.get(group=world.group_a, date=day)
    assert session.starts_at.astimezone(ZoneInfo("America/New_York")).time() == dt.time(9, 0)
    assert session.starts_at.astimezone(dt.UTC).hour == utc_hour
    assert session.duration_minutes == 180


def test_it_refuses_a_backwards_range(world: Any) -> None:
    with pytest.raises(ValidationError, match="must not come before"):
        services.generate_sessions(first=dt.date(2026, 11, 23), last=dt.date(2026, 11, 22))


def test_it_cancels_a_session_with_a_reason(world: Any) -> None:
    session = factories.GroupSessionFactory.create(group=world.group_a)
    with pytest.raises(ValidationError):
        services.cancel_session(session=session, reason="  ", cancelled_by=world.alice)
    services.cancel_session(session=session, reason="Snow closure", cancelled_by=world.alice)
    session.refresh_from_db()
    assert session.is_cancelled
    assert session.cancel_reason == "Snow closure"
