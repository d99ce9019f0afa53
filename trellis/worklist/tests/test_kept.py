"""The worklist page and its panels are kept per reader, yet never show a stale line: a write changes them at
once, the clock turns a line overdue at its deadline, and every request still records its views."""

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.notes import services as note_services
from trellis.notes.choices import SECTIONS, NoteFormat
from trellis.privacy import audit
from trellis.privacy.models import AuditEvent

# A Wednesday, 10 am in New York. The world's Tuesday group ended at 17:00 UTC, so its note is due by 17:00
# today: no midnight in any of the world's zones falls between now and then.
NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
TUESDAY = dt.date(2026, 11, 17)
GROUP_LINE = "Group note: Morning process group, Nov 17"
KEPT_BUDGET = 15


def _get(client: Any, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def _row(html: str, what: str) -> str:
    """The table row of the line that says `what` ("" when there is none)."""
    found = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(what) + r"(?:(?!</tr>).)*</tr>", html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def tuesday_note_owed(world: Any) -> None:
    """Alice ran Tuesday's group, Carol attended, and the note is not written."""
    session = factories.GroupSessionFactory.create(group=world.group_a, date=TUESDAY)
    AttendanceRecord.objects.create(
        session=session, client=world.carol, status="present", minutes_attended=180, recorded_by=world.alice
    )


def _draft_note(world: Any, person: Any = None) -> Any:
    return note_services.create_individual_note(
        client=person or world.carol,
        author=world.alice,
        service_date=TUESDAY,
        duration_minutes=50,
        note_format=NoteFormat.DAP,
        sections={key: f"{label} text." for key, label in SECTIONS[NoteFormat.DAP]},
    )


def test_a_signed_note_leaves_the_kept_page_and_the_charts_panel_at_once(world: Any, client: Any) -> None:
    # given Alice's draft of Tuesday's session with Carol, on her kept worklist and on Carol's chart
    with time_machine.travel(NOW, tick=False):
        note = _draft_note(world)
        client.force_login(world.alice)
        worklist, chart = reverse("worklist:list"), reverse("clients:chart", args=[world.carol.pk])
        client.get(worklist)
        client.get(chart)
        kept_page, queries = _get(client, worklist)
        assert "DAP note of Nov 17" in _row(kept_page, "DAP note of Nov 17")
        assert queries <= KEPT_BUDGET
        assert "DAP note of Nov 17" in _get(client, chart)[0]
        # when she signs it a minute later
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        note_services.sign_individual_note(note=note, signed_by=world.alice)
        # then neither the worklist nor the chart's panel lists it any more
        assert "DAP note of Nov 17" not in _get(client, worklist)[0]
        assert "DAP note of Nov 17" not in _get(client, chart)[0]


def test_a_line_turns_overdue_at_its_deadline_while_the_page_is_kept(
    world: Any, client: Any, tuesday_note_owed: None
) -> None:
    client.force_login(world.alice)
    url = reverse("worklist:list")
    with time_machine.travel(NOW, tick=False):
        row = _row(client.get(url).content.decode(), GROUP_LINE)
        assert row
        assert "overdue" not in row
    # an hour later nothing was written: the page is kept, and the line still has an hour to go
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        html, queries = _get(client, url)
        assert queries <= KEPT_BUDGET
        assert "overdue" not in _row(html, GROUP_LINE)
    # a minute past 17:00 the deadline has passed
    with time_machine.travel(NOW + dt.timedelta(hours=2, minutes=1), tick=False):
        assert "overdue" in _row(_get(client, url)[0], GROUP_LINE)


@time_machine.travel(NOW, tick=False)
def test_a_session_starting_makes_a_new_line_while_the_page_is_kept(world: Any, client: Any) -> None:
    # given today's group (14:00 to 17:00 UTC) with Carol checked in ahead of its start
    session = factories.GroupSessionFactory.create(group=world.group_a, date=NOW.date())
    AttendanceRecord.objects.create(
        session=session, client=world.carol, status="present", minutes_attended=180, recorded_by=world.alice
    )
    client.force_login(world.alice)
    url = reverse("worklist:list")
    with time_machine.travel(session.starts_at - dt.timedelta(hours=1), tick=False):
        assert "Group note: Morning process group, Nov 18" not in client.get(url).content.decode()
    # then once it has started, its note is owed
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=1), tick=False):
        assert "Group note: Morning process group, Nov 18" in client.get(url).content.decode()


@time_machine.travel(NOW, tick=False)
def test_another_reader_never_gets_the_first_readers_page(
    world: Any, client: Any, tuesday_note_owed: None
) -> None:
    # given Alice's worklist is kept, naming Carol
    client.force_login(world.alice)
    assert world.carol.display_name in client.get(reverse("worklist:list")).content.decode()
    # when Bob, who works at the other site, opens his
    client.force_login(world.bob)
    bobs = client.get(reverse("worklist:list")).content.decode()
    # then he sees none of Alice's lines
    assert world.carol.display_name not in bobs
    assert GROUP_LINE not in bobs


@time_machine.travel(NOW, tick=False)
def test_every_request_records_the_views_of_the_clients_shown(
    world: Any, client: Any, tuesday_note_owed: None
) -> None:
    _draft_note(world)
    client.force_login(world.alice)
    for _ in range(3):  # the first renders, the two others are kept
        client.get(reverse("worklist:list"))
    views = AuditEvent.objects.filter(action=audit.Action.VIEW, client_id=world.carol.pk, detail="worklist")
    assert views.count() == 3


def _add_clients_owing_notes(world: Any, count: int) -> None:
    """`count` more of Alice's clients at Northside, each with a draft note not signed (an audited write)."""
    for n in range(count):
        person = factories.ClientFactory.create(site=world.site_a, legal_first_name=f"Client{n}")
        factories.EnrollmentFactory.create(
            episode=factories.EpisodeFactory.create(
                client=person, program=world.program, primary_clinician=world.alice
            ),
            track=world.track_a,
            phase=world.phase3,
        )
        _draft_note(world, person)


@time_machine.travel(NOW, tick=False)
def test_a_kept_worklist_reads_a_fixed_few_queries_whatever_the_clients(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("worklist:list")
    _add_clients_owing_notes(world, 5)
    client.get(url)
    with_5, queries_5 = _get(client, url)
    _add_clients_owing_notes(world, 45)
    client.get(url)
    with_50, queries_50 = _get(client, url)
    # a preview of Alice's lines on either, and a way to all of them, 45 more with 45 more clients
    assert _show_all(with_50) - _show_all(with_5) >= 45
    assert queries_5 == queries_50 <= KEPT_BUDGET


def _show_all(html: str) -> int:
    found = re.search(r"Show all (\d+)", html)
    assert found, "no way to the rest of the lines"
    return int(found.group(1))
