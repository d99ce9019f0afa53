"""Ten people tapping one client's attendance at the same moment: each tap is applied in turn or refused
with a message; none is silently lost. Real threads and connections: on PostgreSQL the row lock decides,
on SQLite the immediate write transactions take turns."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from tests import factories
from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord
from trellis.core.tests.races import committed, run_together
from trellis.core.versions import StaleEdit
from trellis.privacy.models import AuditEvent

pytestmark = pytest.mark.usefixtures(committed.__name__)
Status = AttendanceRecord.Status
MINUTES_LATE = [5 * n for n in range(1, 11)]  # ten taps, each a different arrival time


@pytest.fixture(autouse=True)
def after_session() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def record(world: Any) -> AttendanceRecord:
    session = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 23))
    return services.record_attendance(
        session=session,
        client=world.carol,
        status=Status.PRESENT,
        recorded_by=world.alice,
        expected_version=0,
    )


def late_taps(record: AttendanceRecord, by: Any, version_of: Callable[[], int]) -> list[Callable[[], Any]]:
    def tap(minutes: int) -> Callable[[], Any]:
        return lambda: services.record_attendance(
            session=record.session, client=record.client, status=Status.LATE, recorded_by=by,
            arrived_at=record.session.starts_at + dt.timedelta(minutes=minutes), expected_version=version_of(),
        )  # fmt: skip

    return [tap(minutes) for minutes in MINUTES_LATE]


def test_ten_taps_from_one_roster_apply_once_and_refuse_nine(world: Any, record: AttendanceRecord) -> None:
    # when ten taps, all made from the roster showing version 1, arrive at once
    outcomes = run_together(late_taps(record, world.nora, lambda: 1))

    # then exactly one lands; the other nine are told what the record is now
    applied = [
        m for m, outcome in zip(MINUTES_LATE, outcomes, strict=True) if isinstance(outcome, AttendanceRecord)
    ]
    refused = [outcome for outcome in outcomes if isinstance(outcome, StaleEdit)]
    assert (len(applied), len(refused)) == (1, 9)
    stored = AttendanceRecord.objects.get(pk=record.pk)
    assert stored.version == 2
    assert stored.arrived_at == record.session.starts_at + dt.timedelta(minutes=applied[0])
    now = services.describe(stored, record.session.track.site.timezone)
    assert all(f"It is now {now}" in error.messages[0] for error in refused)
    assert AuditEvent.objects.filter(detail="attendance: present -> late").count() == 1


def test_ten_taps_each_reading_the_record_first_are_applied_in_turn_or_refused(
    world: Any, record: AttendanceRecord
) -> None:
    # when ten taps each read the current version, then tap, racing one another
    def current() -> int:
        return AttendanceRecord.objects.get(pk=record.pk).version

    outcomes = run_together(late_taps(record, world.nora, current))

    # then every tap is accounted for: applied (raising the version by one, audited) or refused as stale
    applied = [outcome for outcome in outcomes if isinstance(outcome, AttendanceRecord)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, StaleEdit)]
    assert len(applied) + len(refused) == 10
    assert applied
    stored = AttendanceRecord.objects.get(pk=record.pk)
    assert stored.version == 1 + len(applied)
    assert AuditEvent.objects.filter(detail__startswith="attendance: ", action="update").count() == len(
        applied
    )
