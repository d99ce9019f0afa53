"""The notes pages run a number of queries that does not grow with participants or notes."""

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.notes import services
from trellis.notes.choices import NoteFormat
from trellis.notes.tests import given
from trellis.plans.tests import given as plans

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _queries(client: Any, url: str) -> int:
    cache.clear()  # the chart is kept between views (attendance.chart_cache): count a chart read afresh
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _participants(world: Any, session: Any, note: Any, count: int) -> None:
    clients = given.present_clients(world, session, count)
    for client in clients:
        plans.signed_plan(episode=client.episodes.get(), author=world.alice, objectives=2)
    given.write_entries(note, clients, world.alice)


def test_it_opens_a_draft_note_in_the_same_queries_for_5_and_15_participants(world: Any, client: Any) -> None:
    # given a draft note with 5 participants, each with a plan
    session = given.session(world)
    note = given.draft(session, world.alice)
    _participants(world, session, note, 5)
    client.force_login(world.alice)
    url = reverse("notes:group_note", kwargs={"session_pk": session.pk})
    client.get(url)
    with_5 = _queries(client, url)
    # when 10 more join, then the page runs the same queries
    _participants(world, session, note, 10)
    assert _queries(client, url) == with_5


def test_it_opens_a_signed_note_in_the_same_queries_for_5_and_15_participants(
    world: Any, client: Any
) -> None:
    session = given.session(world)
    note = given.draft(session, world.alice)
    _participants(world, session, note, 5)
    signed = services.sign_group_note(note=note, signed_by=world.alice)
    for entry in signed.entries.all():
        services.add_addendum(note=signed, author=world.alice, text="Later.", entry=entry)
    client.force_login(world.alice)
    url = reverse("notes:group_note", kwargs={"session_pk": session.pk})
    client.get(url)
    with_5 = _queries(client, url)
    # ten more participants cannot join a signed note, so the count is compared with a second signed note
    other = given.session(world, day=given.SESSION_DAY - dt.timedelta(days=2))
    note2 = given.draft(other, world.alice)
    _participants(world, other, note2, 15)
    services.sign_group_note(note=note2, signed_by=world.alice)
    url2 = reverse("notes:group_note", kwargs={"session_pk": other.pk})
    assert _queries(client, url2) == with_5


def _notes(world: Any, count: int, start: int) -> None:
    """`count` group notes on earlier days, each with one participant, and `count` individual notes."""
    for n in range(start, start + count):
        day = given.SESSION_DAY - dt.timedelta(days=n + 1)
        session = factories.GroupSessionFactory.create(group=world.group_a, date=day)
        given.mark(session, world.carol, world.alice)
        note = given.draft(session, world.alice)
        given.write_entries(note, [world.carol], world.alice)
        services.create_individual_note(
            client=world.carol,
            author=world.alice,
            service_date=given.SESSION_DAY,
            duration_minutes=50,
            note_format=NoteFormat.BIRP,
            sections={"behavior": "Calm."},
        )


@pytest.mark.parametrize("page", ["list", "today", "chart"])
def test_it_lists_10_and_100_notes_in_the_same_queries(world: Any, client: Any, page: str) -> None:
    # given 10 draft group notes and 10 draft individual notes by Alice about Carol
    urls = {
        "list": reverse("notes:list"),
        "today": reverse("today"),
        "chart": reverse("clients:chart", kwargs={"pk": world.carol.pk}),
    }
    _notes(world, 10, 0)
    client.force_login(world.alice)
    client.get(urls[page])
    with_10 = _queries(client, urls[page])
    # when there are 100 of each, then the page runs the same queries
    _notes(world, 90, 10)
    assert _queries(client, urls[page]) == with_10
