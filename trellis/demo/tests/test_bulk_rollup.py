"""The bulk load's SQL rollup writes what the nightly job's Python rule writes, row for row."""

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from trellis.demo.bulk_rollup import roll_up_all
from trellis.demo.bulk_structure import BULK_ORGANIZATION_NAME
from trellis.outcomes.models import ClientWeek, TrackWeek, WeekRollup
from trellis.programs.models import Holiday, Organization
from trellis.scheduling.models import GroupSession

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk rollup is PostgreSQL SQL, for the COPY load"
)


@pytest.fixture
def after_thanksgiving() -> Iterator[None]:
    # A Wednesday two weeks after Thanksgiving: its holiday week is finished and rolled up.
    with time_machine.travel(dt.datetime(2026, 12, 9, 17, 0, tzinfo=dt.UTC), tick=False):
        yield


def _rows() -> tuple[list[Any], list[Any], list[Any]]:
    rollups = sorted(WeekRollup.objects.values_list("monday", flat=True))
    weeks = sorted(ClientWeek.objects.values_list("rollup__monday", "client_id", "track_id", "status"))
    tracks = sorted(TrackWeek.objects.values_list("rollup__monday", "track_id", "site_id", "met", "due"))
    return rollups, weeks, tracks


def test_the_sql_rollup_of_a_bulk_load_equals_the_python_rule_row_for_row(
    db: None, after_thanksgiving: None
) -> None:
    # given a small program loaded through COPY, with a holiday and a few cancelled sessions behind it
    call_command("generate_program", sites=2, clients=150, weeks=12, seed=5, copy=True, stdout=StringIO())
    organization = Organization.objects.get(name=BULK_ORGANIZATION_NAME)
    assert Holiday.objects.filter(date=dt.date(2026, 11, 26)).exists()
    assert GroupSession.objects.filter(
        status=GroupSession.Status.CANCELLED, date__lt=dt.date(2026, 12, 7)
    ).exists()
    # when the nightly job's rule rolls up every finished week, and then the SQL rollup does instead
    call_command("roll_up_outcomes", all=True, stdout=StringIO())
    by_python = _rows()
    WeekRollup.objects.all().delete()
    written = roll_up_all(organization_id=organization.pk)
    by_sql = _rows()
    # then both kept the same weeks, the same verdict for every client-week and the same per-track counts
    assert by_sql == by_python
    rollups, weeks, _ = by_sql
    assert written == len(weeks)
    assert dt.date(2026, 11, 23) in rollups
    # and the comparison meant something: weeks met and weeks below, over the whole history
    assert {status for *_, status in weeks} == {"met", "below"}
    assert len(rollups) >= 12
