"""Today lists each clinician's unsigned and overdue notes and co-signatures; the chart lists a client's notes."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.notes import services
from trellis.notes.choices import NoteFormat
from trellis.notes.tests import given
from trellis.notes.worklist import list_notes_to_do

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _individual(world: Any, day: dt.date = given.SESSION_DAY) -> Any:
    return services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=day,
        duration_minutes=50,
        note_format=NoteFormat.DAP,
        sections={"data": "d", "assessment": "a", "plan": "p"},
    )


def test_it_lists_sessions_without_a_signed_note_and_flags_overdue_ones(world: Any) -> None:
    # given Alice facilitated two sessions with someone present: one today, one three days ago
    today = given.session(world)
    earlier = given.session(world, day=given.SESSION_DAY - dt.timedelta(days=3))
    for session in (today, earlier):
        given.mark(session, world.carol, world.alice)
    # and a session where nobody came, which needs no note
    given.present_clients(
        world, given.session(world, day=given.SESSION_DAY - dt.timedelta(days=1)), 1, status="excused"
    )

    # when her notes to do are read
    todo = list_notes_to_do(user=world.alice, now=given.AFTER_SESSION)

    # then both sessions are listed, oldest first, and only the older one is overdue (due 24 h after it ended)
    assert [(item.url.split("/")[-2], item.overdue) for item in todo.unsigned] == [
        (str(earlier.pk), True),
        (str(today.pk), False),
    ]
    assert todo.overdue_count == 1


def test_it_drops_a_session_once_its_note_is_signed(world: Any) -> None:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    assert len(list_notes_to_do(user=world.alice, now=given.AFTER_SESSION).unsigned) == 1
    services.sign_group_note(note=note, signed_by=world.alice)
    assert list_notes_to_do(user=world.alice, now=given.AFTER_SESSION).unsigned == []


def test_it_shows_unsigned_notes_and_cosignatures_on_today(world: Any, client: Any) -> None:
    # given Alice's notes need Dana's co-signature, one individual note signed and one still a draft
    services.require_cosignature(user=world.alice, supervisor=world.dana, set_by=world.dana)
    services.sign_individual_note(note=_individual(world), signed_by=world.alice)
    _individual(world, day=given.SESSION_DAY - dt.timedelta(days=5))

    # when Alice opens Today, then her draft is there, overdue
    client.force_login(world.alice)
    html = client.get(reverse("today")).content.decode()
    assert "Notes to sign" in html
    assert "DAP note: Carol Northcott" in html
    assert "1 overdue" in html

    # when Dana opens Today, then the signed note awaits her co-signature
    client.force_login(world.dana)
    html = client.get(reverse("today")).content.decode()
    assert "Co-sign DAP note: Carol Northcott" in html
    assert "Awaiting your co-signature" in html


def test_it_shows_no_notes_panel_to_billers(world: Any, client: Any) -> None:
    _individual(world)
    client.force_login(world.bill)
    assert "Notes to sign" not in client.get(reverse("today")).content.decode()
    html = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert 'id="notes-chart-h"' not in html


def test_it_lists_a_clients_group_entries_and_individual_notes_on_the_chart(world: Any, client: Any) -> None:
    # given Carol has a signed group note entry with moderate risk and a draft individual note
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(
        note, [world.carol], world.alice, risk_level="moderate", risk_note="Passive thoughts; plan made."
    )
    services.sign_group_note(note=note, signed_by=world.alice)
    individual = _individual(world)

    # when Nora opens Carol's chart
    client.force_login(world.nora)
    html = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()

    # then both notes are listed, each linking to its page, with the risk shown
    assert reverse("notes:group_note", kwargs={"session_pk": session.pk}) in html
    assert reverse("notes:individual", kwargs={"pk": individual.pk}) in html
    assert "Moderate risk" in html
    assert "New individual note" in html


def test_it_flags_late_entries_on_the_chart(world: Any, client: Any) -> None:
    note = _individual(world)
    with time_machine.travel(given.AFTER_SESSION + dt.timedelta(days=3), tick=False):
        services.sign_individual_note(note=note, signed_by=world.alice)
    client.force_login(world.alice)
    html = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert '<span class="badge warn">Late</span>' in html


def test_it_puts_signed_notes_and_addenda_on_the_timeline(world: Any) -> None:
    from trellis.core import timeline

    # given Carol's signed group entry with an addendum, and a draft individual note
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(
        note, [world.carol], world.alice, risk_level="high", risk_note="Plan made with Carol."
    )
    signed = services.sign_group_note(note=note, signed_by=world.alice)
    services.add_addendum(note=signed, author=world.alice, text="Follow-up call done.")
    _individual(world)

    # then Nora's timeline for Carol shows the signed note (flagged for risk) and the addendum, not the draft
    events = [e for e in timeline.collect(client=world.carol, user=world.nora) if e.kind == "Note"]
    assert sorted((e.title, e.tone) for e in events) == [
        ("Addendum to a signed note", ""),
        ("Group note signed: Morning process group", "bad"),
    ]
    # and a biller's timeline has no notes
    assert [e for e in timeline.collect(client=world.carol, user=world.bill) if e.kind == "Note"] == []


def test_it_lists_my_notes_with_due_times_in_the_site_zone(world: Any, client: Any) -> None:
    # given a draft note for a Northside session that ended at noon New York time
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    given.draft(session, world.alice)
    # when Alice opens her notes, then the draft is listed and due at noon the next day, New York time
    client.force_login(world.alice)
    html = client.get(reverse("notes:list")).content.decode()
    assert reverse("notes:group_note", kwargs={"session_pk": session.pk}) in html
    assert "Due Tue 24 Nov, 12:00 PM" in html
    assert "Finish note" in html
