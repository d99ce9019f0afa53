"""Every figure Today shows for a worklist source, counted without building lines, equals that source's lines."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.casework.models import CaseTask
from trellis.episodes.choices import DischargeReason
from trellis.measures.choices import SafetyTaskKind
from trellis.measures.models import SafetyTask
from trellis.worklist import selectors
from trellis.worklist.counters import COUNTERS
from trellis.worklist.items import is_mine
from trellis.worklist.sources import Scope, Tally

NOW = dt.datetime(
    2026, 11, 12, 17, 0, tzinfo=dt.UTC
)  # ten days after the world's admissions, noon in New York


def _owed(world: Any) -> None:
    """Plans missing, screens due and consents missing (the world's open episodes), Alice's and Bob's; a group
    note unsigned, case tasks and safety tasks overdue or not, and a discharge without a summary."""
    for enrollment, clinician in ((world.carol_enrollment, world.alice), (world.dave_enrollment, world.bob)):
        enrollment.episode.primary_clinician = clinician
        enrollment.episode.save(update_fields=["primary_clinician"])
    carol_episode = world.carol_enrollment.episode
    for owner, due in ((world.alice, dt.date(2026, 11, 5)), (world.bob, dt.date(2026, 11, 11))):
        CaseTask.objects.create(
            episode=carol_episode, description="Bus pass", owner=owner, due_on=due, added_by=world.alice
        )
    for assignee, due in ((world.alice, dt.date(2026, 11, 12)), (world.alice, dt.date(2026, 11, 10))):
        SafetyTask.objects.create(
            client=world.carol,
            kind=SafetyTaskKind.choices[0][0],
            reason="Item 9",
            assigned_to=assignee,
            due_on=due,
        )
    gone = factories.EpisodeFactory.create(
        client=factories.ClientFactory.create(site=world.carol.site),
        program=world.program,
        admitted_on=dt.date(2026, 10, 1),
        discharged_on=dt.date(2026, 11, 9),
        discharge_reason=DischargeReason.COMPLETED,
        primary_clinician=world.alice,
    )
    assert gone.discharge_summary == ""
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
