"""Joining a virtual group from the portal: the link shows on the home page from 15 minutes before the start to
the end, joining records the time and opens the video room, "I've left" records the leave; another client's
session and an in-person one do not exist here."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from tests import factories
from trellis.attendance.models import TelehealthVisit
from trellis.portal.tests.conftest import sign_in
from trellis.scheduling.models import GroupSession, SessionMode

START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)  # the factory session's start (Monday 9 am + 5 h)


@pytest.fixture(autouse=True)
def clock_at() -> Any:
    with time_machine.travel(START - dt.timedelta(minutes=20), tick=False) as traveller:
        yield traveller


@pytest.fixture
def virtual(world: World) -> GroupSession:
    session: GroupSession = factories.GroupSessionFactory.create(
        group=world.group_a, mode_override=SessionMode.VIRTUAL
    )
    return session


def _carol(sms_outbox: Any) -> Browser:
    browser = Browser()
    sign_in(browser, sms_outbox)
    return browser


def test_carol_joins_by_phone_and_says_she_left(
    invited: World, virtual: GroupSession, sms_outbox: Any, clock_at: Any
) -> None:
    # given Carol signed in 20 minutes before her virtual group: no link yet
    browser = _carol(sms_outbox)
    assert "Join Morning process group" not in browser.get("/me/").content.decode()
    page = browser.get(f"/me/sessions/{virtual.pk}/join/").content.decode()
    assert "The link opens 15 minutes before the group starts" in page
    # when it is 10 minutes before the start, she follows the link and joins by phone
    clock_at.move_to(START - dt.timedelta(minutes=10))
    assert "Join Morning process group" in browser.get("/me/").content.decode()
    answer = browser.post(f"/me/sessions/{virtual.pk}/join/", {"audio_only": "on"})
    # then she is sent to the session's room, and her join is recorded as audio only
    virtual.refresh_from_db()
    assert answer["Location"] == f"https://meet.jit.si/{virtual.telehealth_room}"
    visit = TelehealthVisit.objects.get(session=virtual, client=invited.carol)
    assert (visit.joined_at, visit.audio_only, visit.left_at) == (
        START - dt.timedelta(minutes=10),
        True,
        None,
    )
    # and back in the portal (within the portal's 15 idle minutes), "I've left" closes the visit
    clock_at.move_to(START)
    assert "I've left" in browser.get(f"/me/sessions/{virtual.pk}/join/").content.decode()
    browser.post(f"/me/sessions/{virtual.pk}/left/")
    visit.refresh_from_db()
    assert visit.left_at == START


def test_the_join_page_lets_the_video_room_be_the_forms_destination(
    invited: World, virtual: GroupSession, sms_outbox: Any
) -> None:
    answer = _carol(sms_outbox).get(f"/me/sessions/{virtual.pk}/join/")
    assert "https://meet.jit.si" in answer["Content-Security-Policy"].split("form-action")[1].split(";")[0]


def test_another_clients_or_an_in_person_session_is_not_found(
    invited: World, virtual: GroupSession, sms_outbox: Any, clock_at: Any
) -> None:
    daves = factories.GroupSessionFactory.create(group=invited.group_b, mode_override=SessionMode.VIRTUAL)
    in_person = factories.GroupSessionFactory.create(group=invited.group_a, date=dt.date(2026, 11, 25))
    clock_at.move_to(START)
    browser = _carol(sms_outbox)
    for session in (daves, in_person):
        assert browser.get(f"/me/sessions/{session.pk}/join/").status_code == 404
        assert browser.post(f"/me/sessions/{session.pk}/join/").status_code == 404
    assert not TelehealthVisit.objects.exists()
