"""Telehealth for every persona: confirming the portal's proposed minutes is taking attendance, so it is for
staff who take attendance at the session's site (Cami, Pete, Alice, Dana); the biller may not; Bob at the
other site and Olga at another organization find no such session. The client realm's join and leave pages are
in tests/test_portal_permissions.py."""

import datetime as dt

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from conftest import SupportStaff, World
from tests import factories
from trellis.attendance import telehealth
from trellis.attendance.models import AttendanceRecord
from trellis.scheduling.models import GroupSession, SessionMode

PERSONAS = ["cami", "pete", "alice", "bill", "bob", "dana", "olga", "anonymous"]
START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)

# The session page shows the proposal to whoever may see the roster (the biller too); confirming writes attendance.
PAGES: dict[str, tuple[int, ...]] = {"session": (200, 200, 200, 200, 404, 200, 404, 302)}
WRITES: dict[str, tuple[int, ...]] = {"confirm_carol": (302, 302, 302, 403, 404, 302, 404, 302)}


@pytest.fixture
def joined(world: World) -> GroupSession:
    """Carol joined today's virtual session by video at its start and left an hour later."""
    session: GroupSession = factories.GroupSessionFactory.create(
        group=world.group_a, mode_override=SessionMode.VIRTUAL
    )
    with time_machine.travel(START, tick=False):
        telehealth.record_join(session=session, client=world.carol, audio_only=False)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        telehealth.record_leave(session=session, client=world.carol)
    return session


def _browser(world: World, staff: SupportStaff, persona: str) -> Browser:
    browser = Browser()
    if persona in {"cami", "pete"}:
        browser.force_login(getattr(staff, persona))
    elif persona != "anonymous":
        browser.force_login(getattr(world, persona))
    return browser


def _url(name: str, session: GroupSession, world: World) -> str:
    if name == "session":
        return reverse("attendance:session", kwargs={"pk": session.pk})
    return reverse("attendance:confirm_telehealth", kwargs={"pk": session.pk, "client_pk": world.carol.pk})


@pytest.mark.parametrize(("name", "method"), [*((n, "get") for n in PAGES), *((n, "post") for n in WRITES)])
def test_it_answers_every_persona_as_designed(
    world: World, support_staff: SupportStaff, joined: GroupSession, name: str, method: str
) -> None:
    expected = (PAGES if method == "get" else WRITES)[name]
    answers = []
    with time_machine.travel(START + dt.timedelta(hours=4), tick=False):
        for persona in PERSONAS:
            AttendanceRecord.objects.all().delete()
            browser = _browser(world, support_staff, persona)
            answer = getattr(browser, method)(_url(name, joined, world))
            answers.append(answer.status_code)
    assert dict(zip(PERSONAS, answers, strict=True)) == dict(zip(PERSONAS, expected, strict=True))


def test_alice_sees_the_proposal_and_confirms_it_in_one_tap(world: World, joined: GroupSession) -> None:
    browser = Browser()
    browser.force_login(world.alice)
    with time_machine.travel(START + dt.timedelta(hours=4), tick=False):
        page = browser.get(reverse("attendance:session", kwargs={"pk": joined.pk})).content.decode()
        assert "Proposed from telehealth: <b>60 min</b>" in page
        browser.post(_url("confirm_carol", joined, world), {"version": "0"})
        page = browser.get(reverse("attendance:session", kwargs={"pk": joined.pk})).content.decode()
    record = AttendanceRecord.objects.get(session=joined, client=world.carol)
    assert (record.status, record.minutes_attended, record.telehealth) == ("left_early", 60, "audio_video")
    assert "Left early · 60 min" in page
