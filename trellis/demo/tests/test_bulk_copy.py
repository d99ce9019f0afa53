"""generate_program --copy: the PostgreSQL bulk path loads the same program from a seed, keys and all."""

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from trellis.attendance.models import AttendanceRecord
from trellis.outcomes.models import ClientWeek
from trellis.privacy import chain

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


@pytest.fixture
def monday() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC), tick=False):
        yield


def _keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'attendance_attendancerecord'::regclass"
            " UNION SELECT indexname FROM pg_indexes WHERE tablename = 'attendance_attendancerecord'"
        )
        return {name for (name,) in cursor.fetchall()}


def _load() -> tuple[Any, ...]:
    with transaction.atomic():
        call_command(
            "generate_program",
            sites=2,
            clients=60,
            weeks=8,
            seed=3,
            copy=True,
            rollup_weeks=2,
            stdout=StringIO(),
        )
        rows = sorted(
            AttendanceRecord.objects.values_list(
                "pk", "session_id", "client_id", "status", "minutes_attended"
            )
        )
        broken = [chain.verify_chain(c)[1] for c in chain.known_chains()]
        weeks = ClientWeek.objects.count()
        transaction.set_rollback(True)
    return rows, broken, weeks


def test_it_loads_the_same_attendance_from_a_seed_with_keys_and_audit_chain_intact(
    db: None, monday: None
) -> None:
    # given the attendance table's keys and indexes before a load
    keys = _keys()
    # when the same tiny program is loaded twice through COPY
    first, second = _load(), _load()
    # then both loads wrote the same rows, attendance and rollup included
    assert first == second
    rows, broken, weeks = first
    assert len(rows) > 100
    assert weeks > 0
    # and every mark the plan allows occurs, with minutes only for time in the room
    assert {status for _, _, _, status, _ in rows} >= {"present", "late", "unexcused"}
    assert all(minutes == 0 for _, _, _, status, minutes in rows if status in ("excused", "unexcused"))
    # and the audit chain holds, and the keys dropped for the load are back
    assert broken == [None] * len(broken)
    assert _keys() == keys
