"""The worklist page builds only the lines of the people it shows (selectors.get_worklist_page, issue 14),
yet shows exactly what the whole worklist paged would: the same people, counts, overdue counts and lines.
The CSV stays complete."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.notes import services as note_services
from trellis.notes.choices import SECTIONS, NoteFormat
from trellis.worklist import selectors

NOW = dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.UTC)
DAYS = [dt.date(2026, 11, 2) + dt.timedelta(days=n) for n in range(0, 26, 2)]


def _held(world: Any, group: Any, day: dt.date, person: Any) -> None:
    session = factories.GroupSessionFactory.create(group=group, date=day)
    AttendanceRecord.objects.create(
        session=session, client=person, status="present", minutes_attended=180, recorded_by=group.facilitator
    )


@pytest.fixture
def behind(world: Any) -> None:
    """Group notes owed by Alice and Bob, some overdue, and other lines beside them (a draft note)."""
    for n, day in enumerate(DAYS):
        _held(world, world.group_a, day, world.carol)
        if n % 3 == 0:
            _held(world, world.group_b, day, world.dave)
    note_services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=dt.date(2026, 11, 20),
        duration_minutes=50,
        note_format=NoteFormat.DAP,
        sections={key: f"{label} text." for key, label in SECTIONS[NoteFormat.DAP]},
    )


def _seen(found: selectors.Worklist, shown: list[selectors.GroupPage]) -> Any:
    choices = [(selectors.staff_key(g), g.staff.name, g.total, g.overdue_count) for g in found.everyone]
    pages = [(p.key, p.items, p.number, p.pages, p.first, p.last, p.more) for p in shown]
    return choices, pages


@pytest.mark.parametrize("staff", ["", "alice", "bob"])
@pytest.mark.parametrize("page", ["", "2"])
@time_machine.travel(NOW, tick=False)
def test_the_page_shows_what_the_whole_worklist_paged_shows(
    world: Any, behind: None, staff: str, page: str
) -> None:
    key = str(getattr(world, staff).pk) if staff else ""
    for reader in (world.dana, world.alice):
        whole = selectors.get_worklist(user=reader, now=NOW, staff=key)
        paged = selectors.get_worklist_page(user=reader, now=NOW, staff=key, page=page)
        assert _seen(paged.worklist, paged.shown) == _seen(whole, selectors.page_groups(whole, page))
        assert paged.team == selectors.team_page(whole, page)
    assert sum(g.total for g in whole.everyone) > 0


@time_machine.travel(NOW, tick=False)
def test_the_csv_still_lists_every_line(world: Any, behind: None, client: Any) -> None:
    client.force_login(world.dana)
    rows = client.get(reverse("worklist:csv")).content.decode().strip().splitlines()
    whole = selectors.get_worklist(user=world.dana, now=NOW)
    assert len(rows) - 1 == len(whole.items) >= len(DAYS)


@time_machine.travel(NOW, tick=False)
def test_a_page_read_afresh_runs_the_same_queries_with_more_notes_owed(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    url = reverse("worklist:list")
    counts = []
    for days in (DAYS[:2], DAYS[2:]):
        for day in days:
            _held(world, world.group_a, day, world.carol)
            _held(world, world.group_b, day, world.dave)
        cache.clear()  # read afresh: nothing kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
