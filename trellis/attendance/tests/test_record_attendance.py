"""Taking attendance through the service: minutes, corrections, and bad input that changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord
from trellis.privacy.models import AuditEvent

Status = AttendanceRecord.Status


@pytest.fixture
def session(world):  # type: ignore[no-untyped-def]
    return factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 23))


def test_it_records_minutes_for_a_late_arrival(world, session) -> None:  # type: ignore[no-untyped-def]
    arrived = session.starts_at + dt.timedelta(minutes=25)
    record = services.record_attendance(
        session=session, client=world.carol, status=Status.LATE, arrived_at=arrived, recorded_by=world.alice
    )
    assert record.minutes_attended == 155
    assert AuditEvent.objects.filter(client=world.carol, action="create", detail="attendance: late").exists()


def test_it_corrects_a_record_and_audits_the_change(world, session) -> None:  # type: ignore[no-untyped-def]
    services.record_attendance(
        session=session, client=world.carol, status=Status.UNEXCUSED, recorded_by=world.alice
    )
    services.record_attendance(
        session=session, client=world.carol, status=Status.PRESENT, recorded_by=world.alice
    )
    assert AttendanceRecord.objects.get(session=session, client=world.carol).minutes_attended == 180
    assert AuditEvent.objects.filter(detail="attendance: unexcused -> present").count() == 1


@pytest.mark.parametrize(
    ("status", "arrive_after", "leave_after", "field"),
    [
        (Status.LEFT_EARLY, 60, 30, "left_at"),  # departure before arrival
        (Status.LATE, None, None, "arrived_at"),  # late with no arrival time
        (Status.LATE, 200, None, "arrived_at"),  # arrives after the session ended
        (Status.UNEXCUSED, 10, None, "arrived_at"),  # absent yet arrived
        ("asleep", None, None, "status"),
    ],
)
def test_it_refuses_impossible_times_and_writes_nothing(  # type: ignore[no-untyped-def]
    world, session, status, arrive_after, leave_after, field
) -> None:
    def at(minutes: int | None) -> dt.datetime | None:
        return None if minutes is None else session.starts_at + dt.timedelta(minutes=minutes)

    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            session=session,
            client=world.carol,
            status=status,
            arrived_at=at(arrive_after),
            left_at=at(leave_after),
            recorded_by=world.alice,
        )
    assert field in error.value.message_dict
    assert not AttendanceRecord.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_client_not_on_the_roster(world, session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="not on the session's roster"):
        services.record_attendance(
            session=session, client=world.dave, status=Status.PRESENT, recorded_by=world.alice
        )
    assert not AttendanceRecord.objects.exists()
