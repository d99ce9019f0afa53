"""Where a group meets: in person, virtual or hybrid, set on the group and overridden for one session."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse

from tests import factories
from trellis.scheduling import services
from trellis.scheduling.models import GroupSession, RecurringGroup, SessionMode


def test_a_director_sets_up_a_virtual_group_and_its_sessions_meet_online(world: Any) -> None:
    browser = Browser()
    browser.force_login(world.dana)
    form = {
        "name": "Online skills", "weekdays": ["1"], "starts_at": "13:00", "duration_minutes": "90",
        "room": str(world.group_a.room_id), "facilitator": str(world.alice.pk), "session_mode": "virtual",
        "active_from": "2026-11-16",
    }  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 11, 16, 15, tzinfo=dt.UTC), tick=False):
        response = browser.post(reverse("scheduling:group_new", kwargs={"track_pk": world.track_a.pk}), form)
    assert response.status_code == 302
    group = RecurringGroup.objects.get(name="Online skills")
    session: GroupSession = factories.GroupSessionFactory.create(group=group, date=dt.date(2026, 11, 17))
    assert (session.mode, session.is_telehealth) == (SessionMode.VIRTUAL, True)
    with time_machine.travel(dt.datetime(2026, 11, 16, 15, 5, tzinfo=dt.UTC), tick=False):
        page = browser.get(reverse("attendance:session", kwargs={"pk": session.pk})).content.decode()
    assert 'data-testid="session-mode">Virtual<' in page


def test_one_session_of_an_in_person_group_meets_online(world: Any) -> None:
    session = factories.GroupSessionFactory.create(group=world.group_a)
    assert not session.is_telehealth
    services.set_session_mode(session=session, mode=SessionMode.HYBRID, changed_by=world.alice)
    session.refresh_from_db()
    assert (session.mode, session.is_telehealth) == (SessionMode.HYBRID, True)
    with pytest.raises(ValidationError):
        services.set_session_mode(session=session, mode="on the moon", changed_by=world.alice)
    session.refresh_from_db()
    assert session.mode == SessionMode.HYBRID
