"""Attendance rates from a Parquet snapshot of the history (plus what changed since) equal a plain recount."""

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from conftest import World
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.services import record_attendance
from trellis.outcomes import history
from trellis.outcomes.scope import build_scope
from trellis.outcomes.selectors import get_dashboard
from trellis.outcomes.services import snapshot_history
from trellis.outcomes.tests import program
from trellis.privacy.models import AuditEvent

FIRST = program.TODAY - dt.timedelta(weeks=12) + dt.timedelta(days=1)
LATER = program.NOW + dt.timedelta(hours=1)  # the nightly snapshot, after the day's attendance
LATEST = program.NOW + dt.timedelta(hours=2)  # a correction after the snapshot


@pytest.fixture(scope="module")
def module_program(module_world: World) -> dict[str, Any]:
    return program.build(module_world)


@pytest.fixture
def world(module_world: World, module_program: dict[str, Any], db: None, tmp_path: Path) -> Any:
    with override_settings(VAR_DIR=tmp_path):
        yield copy.deepcopy(module_world)


def _rates(user: Any, when: dt.datetime = LATEST) -> dict[str, tuple[int, int]]:
    with time_machine.travel(when, tick=False):
        scope = build_scope(user=user, first=FIRST, last=program.TODAY, today=program.TODAY)
        return {line.track: (line.expected, line.attended) for line in get_dashboard(scope=scope).attendance}


def _recount(sites: set[Any]) -> dict[str, tuple[int, int]]:
    records = [
        r
        for r in AttendanceRecord.objects.select_related("session__track")
        if r.session.track.site_id in sites and FIRST <= r.session.date <= program.TODAY
    ]
    tracks = {r.session.track.name for r in records}
    return {
        track: (
            sum(1 for r in records if r.session.track.name == track and r.status != "cancelled"),
            sum(
                1
                for r in records
                if r.session.track.name == track and r.status in ("present", "late", "left_early")
            ),
        )
        for track in tracks
    }


def _snapshot(world: World) -> history.Snapshot:
    with time_machine.travel(LATER, tick=False):
        return snapshot_history(organization_id=world.organization.pk)


def test_it_rates_attendance_from_the_snapshot_as_a_recount_does(world: World) -> None:
    # given the figures counted in the database, with no snapshot yet
    without = _rates(world.dana)
    assert without == _recount({world.site_a.pk, world.site_b.pk})
    # when the nightly job writes the organization's snapshot
    snapshot = _snapshot(world)
    # then the dashboard reads it and counts the same, for the director and for site-limited Alice
    assert snapshot.rows == AttendanceRecord.objects.count()
    assert snapshot.path.exists()
    assert _rates(world.dana) == without
    assert _rates(world.alice) == _recount({world.site_a.pk})
    # and the job left an audit event naming itself
    assert AuditEvent.objects.filter(system_job="snapshot_outcomes").count() == 1


def test_it_counts_a_correction_made_after_the_snapshot(world: World) -> None:
    # given a snapshot, then an attendance record marked present corrected to an unexcused absence
    _snapshot(world)
    record = AttendanceRecord.objects.filter(status="present").select_related("session", "client").first()
    assert record is not None
    before = _rates(world.dana)[record.session.track.name]
    with time_machine.travel(LATEST, tick=False):
        record_attendance(
            session=record.session,
            client=record.client,
            status="unexcused",
            recorded_by=world.dana,
            reason="Marked present by mistake.",
        )
    # then the dashboard still equals a recount of the rows: one attended fewer, as many expected
    after = _rates(world.dana)
    assert after == _recount({world.site_a.pk, world.site_b.pk})
    assert after[record.session.track.name] == (before[0], before[1] - 1)
    # and the snapshot on disk is the one written before the correction
    snapshot = history.get_snapshot(world.organization.pk)
    assert snapshot is not None
    assert snapshot.taken_at == LATER


def test_it_keeps_each_organizations_snapshot_to_itself(world: World) -> None:
    # given Riverside's snapshot
    _snapshot(world)
    # then Olga's dashboard (another organization, no snapshot of its own) shows none of Riverside's rows
    assert _rates(world.olga) == {}
    assert history.get_snapshot(world.olga.organization_id) is None
