"""Every figure Today shows for a worklist source, counted without building lines, equals that source's lines."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.worklist import selectors
from trellis.worklist.counters import COUNTERS
from trellis.worklist.items import is_mine
from trellis.worklist.sources import Scope, Tally

NOW = dt.datetime(
    2026, 11, 12, 17, 0, tzinfo=dt.UTC
)  # ten days after the world's admissions, noon in New York


def _owed(world: Any) -> None:
    """Plans missing and screens due (the world's open episodes), Alice's and Bob's, and a group note unsigned."""
    for enrollment, clinician in ((world.carol_enrollment, world.alice), (world.dave_enrollment, world.bob)):
        enrollment.episode.primary_clinician = clinician
        enrollment.episode.save(update_fields=["primary_clinician"])
    session = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 10))
    AttendanceRecord.objects.create(
        session=session, client=world.carol, status="present", minutes_attended=180, recorded_by=world.alice
    )


def _from_lines(source: Any, scope: Scope) -> Tally:
    mine = [item for item in source(scope) if is_mine(item, me=scope.user.pk)]
    return Tally(mine=len(mine), mine_overdue=sum(1 for i in mine if i.overdue), total=len(source(scope)))


@pytest.mark.parametrize("source", list(COUNTERS), ids=lambda s: s.__name__)
@time_machine.travel(NOW, tick=False)
def test_each_count_is_the_number_of_the_sources_lines(world: Any, source: Any) -> None:
    _owed(world)
    for user in world.staff().values():  # every role, including those that see no casework (Nora, a nurse)
        scope = Scope(user=user, now=NOW)
        assert COUNTERS[source](scope) == _from_lines(source, scope), user.username


@time_machine.travel(NOW, tick=False)
def test_todays_totals_are_the_worklists_lines_counted(world: Any) -> None:
    _owed(world)
    for user in (world.alice, world.dana):
        items = selectors.list_items(user=user, now=NOW)
        mine = [item for item in items if is_mine(item, me=user.pk)]
        counts = selectors.count_items(user=user, now=NOW)
        assert (counts.mine, counts.mine_overdue, counts.total) == (
            len(mine),
            sum(1 for i in mine if i.overdue),
            len(items),
        )
        assert counts.total >= 3  # two plans missing (or one at Alice's site), screens due, the group note
