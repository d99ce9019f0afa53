"""Today's worklist figures, counted in SQL where a source can, agree with the worklist's own lines."""

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.worklist import selectors
from trellis.worklist.items import is_mine

NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)  # Wednesday afternoon in New York


def _held_without_note(group: Any, day: dt.date, client: Any, by: Any) -> None:
    session = factories.GroupSessionFactory.create(group=group, date=day)
    AttendanceRecord.objects.create(
        session=session, client=client, status="present", minutes_attended=180, recorded_by=by
    )


def _from_lines(user: Any) -> tuple[int, int, int]:
    items = selectors.list_items(user=user, now=NOW)
    mine = [item for item in items if is_mine(item, me=user.pk)]
    return len(mine), sum(1 for item in mine if item.overdue), len(items)


@time_machine.travel(NOW, tick=False)
def test_todays_figures_are_the_worklists_lines_counted(world: Any, client: Any) -> None:
    # given group notes owed at both sites: Alice's from Monday (overdue) and from this morning, Bob's from Monday
    _held_without_note(world.group_a, dt.date(2026, 11, 16), world.carol, world.alice)
    _held_without_note(world.group_a, dt.date(2026, 11, 18), world.carol, world.alice)
    _held_without_note(world.group_b, dt.date(2026, 11, 16), world.dave, world.bob)
    for user in (world.alice, world.dana):
        # when Today counts them
        counts = selectors.count_items(user=user, now=NOW)
        # then the figures are those of the lines the worklist page lists
        assert (counts.mine, counts.mine_overdue, counts.total) == _from_lines(user), user.username
    alice = selectors.count_items(user=world.alice, now=NOW)
    assert alice.mine >= 2
    assert alice.mine_overdue >= 1
    client.force_login(world.alice)
    page = client.get(reverse("today")).content.decode()
    assert f"<b>{alice.mine}</b> items for you" in page
    assert f"{alice.mine_overdue} overdue" in page
