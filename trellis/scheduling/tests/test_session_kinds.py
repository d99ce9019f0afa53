"""Experiential and life-skills groups (art, music, adventure therapy, life skills): a kind chosen in Setup,
shown on the session, and a group like any other for attendance and weekly hours."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client as Browser
from django.urls import reverse

from tests import factories
from trellis.attendance.compliance import WeekStatus
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_week_compliance
from trellis.scheduling.models import RecurringGroup

MONDAY = dt.date(2026, 11, 16)
Kind = RecurringGroup.SessionKind


def test_a_director_sets_up_an_art_therapy_group(world: Any) -> None:
    # given Dana in Setup, adding a group to Northside's track
    browser = Browser()
    browser.force_login(world.dana)
    form = {
        "name": "Open studio", "weekdays": ["1"], "starts_at": "13:00", "duration_minutes": "90",
        "room": str(world.group_a.room_id), "facilitator": str(world.alice.pk), "session_kind": Kind.ART_THERAPY,
        "active_from": "2026-11-16",
    }  # fmt: skip
    # when she saves it as an art therapy group
    with time_machine.travel(dt.datetime(2026, 11, 16, 15, tzinfo=dt.UTC), tick=False):
        response = browser.post(reverse("scheduling:group_new", kwargs={"track_pk": world.track_a.pk}), form)
    # then the group is art therapy, and its session page says so
    assert response.status_code == 302
    group = RecurringGroup.objects.get(name="Open studio")
    assert group.session_kind == Kind.ART_THERAPY
    session = factories.GroupSessionFactory.create(group=group, date=MONDAY + dt.timedelta(days=1))
    with time_machine.travel(dt.datetime(2026, 11, 16, 15, 5, tzinfo=dt.UTC), tick=False):
        page = browser.get(reverse("attendance:session", kwargs={"pk": session.pk})).content.decode()
    assert 'data-testid="session-kind">Art therapy<' in page


def test_an_art_therapy_sessions_minutes_count_toward_weekly_hours(world: Any) -> None:
    # given Carol's only group this week is art therapy, three 3-hour sessions
    world.group_a.session_kind = Kind.ART_THERAPY
    world.group_a.save(update_fields=["session_kind"])
    for offset in (0, 2, 4):
        session = factories.GroupSessionFactory.create(
            group=world.group_a, date=MONDAY + dt.timedelta(days=offset)
        )
        AttendanceRecord.objects.create(
            session=session,
            client=world.carol,
            status="present",
            minutes_attended=180,
            recorded_by=world.alice,
        )
    # when the week is counted
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        week = list_week_compliance(client_ids=[world.carol.pk], monday=MONDAY, today=dt.date(2026, 11, 23))
    # then its nine hours count toward her minimum
    assert week[world.carol.pk].attended_minutes == 540
    assert week[world.carol.pk].status == WeekStatus.MET
