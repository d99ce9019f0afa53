"""The worklist page shows a page of lines per person, with a way to the rest; the CSV export stays complete."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.worklist import selectors

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def five_notes_owed(world: Any, monkeypatch: Any) -> None:
    """Alice facilitated five sessions this month and signed none of their notes; a page holds two lines, and
    everyone's page one of each person's."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "PREVIEW_SIZE", 1)
    for day in range(9, 14):
        session = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, day))
        AttendanceRecord.objects.create(
            session=session,
            client=world.carol,
            status="present",
            minutes_attended=180,
            recorded_by=world.alice,
        )


@time_machine.travel(NOW, tick=False)
def test_a_long_list_shows_a_page_and_leads_to_the_rest(
    world: Any, client: Any, five_notes_owed: None
) -> None:
    client.force_login(world.alice)
    first = client.get(reverse("worklist:list")).content.decode()
    assert first.count("Group note: ") == 1
    assert "Show all 5" in first
    key = str(world.alice.pk)
    mine = client.get(reverse("worklist:list"), {"staff": key}).content.decode()
    assert mine.count("Group note: ") == 2
    assert "Next" in mine
    last = client.get(reverse("worklist:list"), {"staff": key, "page": "3"}).content.decode()
    assert last.count("Group note: ") == 1  # the fifth
    assert "Lines 5 to 5 of 5" in last
    assert "Previous" in last
    csv = client.get(reverse("worklist:csv"), {"staff": key}).content.decode()
    assert csv.count("Group note: ") == 5


@time_machine.travel(NOW, tick=False)
def test_a_page_number_out_of_range_shows_the_nearest_page(
    world: Any, client: Any, five_notes_owed: None
) -> None:
    client.force_login(world.alice)
    for asked, lines in (
        ("99", "Lines 5 to 5 of 5"),
        ("x", "Lines 1 to 2 of 5"),
        ("-1", "Lines 1 to 2 of 5"),
    ):
        page = client.get(reverse("worklist:list"), {"staff": str(world.alice.pk), "page": asked})
        assert page.status_code == 200
        assert lines in page.content.decode(), asked


@time_machine.travel(NOW, tick=False)
def test_everyones_page_shows_a_page_of_people_and_leads_to_the_next(
    world: Any, client: Any, five_notes_owed: None, monkeypatch: Any
) -> None:
    # given a page of everyone's holds one person's preview
    monkeypatch.setattr(selectors, "TEAM_SIZE", 1)
    client.force_login(world.dana)
    first = client.get(reverse("worklist:list")).content.decode()
    total = len(selectors.get_worklist(user=world.dana, now=NOW).groups)
    assert total >= 2
    # then the first page shows the first person and a way on, the second the next person and a way back
    assert f"People 1 to 1 of {total}" in first
    assert "Next people" in first
    second = client.get(reverse("worklist:list"), {"page": "2"}).content.decode()
    assert f"People 2 to 2 of {total}" in second
    assert "Previous people" in second
    assert second.count('<section class="card"') == first.count('<section class="card"') == 1
