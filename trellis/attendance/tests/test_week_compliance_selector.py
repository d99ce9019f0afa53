"""Weekly hours from the database: holidays credited, and what a 3-day client can still reach this week."""

import datetime as dt
from typing import Any

import time_machine

from tests import factories
from trellis.attendance.compliance import WeekStatus
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_week_compliance
from trellis.programs.models import Holiday
from trellis.scheduling.services import generate_sessions

MONDAY = dt.date(2026, 11, 23)  # Thanksgiving week


def _attend(world: Any, client: Any, day: dt.date, minutes: int = 180) -> None:
    session = world.group_a.sessions.get(date=day)
    AttendanceRecord.objects.create(
        session=session, client=client, status="present", minutes_attended=minutes, recorded_by=world.alice
    )


def test_it_credits_a_holiday_closure_toward_the_minimum(world: Any) -> None:
    # given the morning group meets Mon-Fri and Northside closes on Thanksgiving
    world.group_a.weekdays = [0, 1, 2, 3, 4]
    world.group_a.save()
    Holiday.objects.create(site=world.site_a, date=MONDAY + dt.timedelta(days=3), name="Thanksgiving")
    generate_sessions(first=MONDAY, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    # when Carol attends two groups (6 hours) that week
    _attend(world, world.carol, MONDAY)
    _attend(world, world.carol, MONDAY + dt.timedelta(days=1))
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)):
        week = list_week_compliance(client_ids=[world.carol.pk], monday=MONDAY, today=dt.date(2026, 11, 30))
    # then the 3 closed hours are not held against her: 6 of 6 required
    assert week[world.carol.pk].required_minutes == 6 * 60
    assert week[world.carol.pk].status == WeekStatus.MET


def test_it_counts_only_the_days_a_phase_still_expects(world: Any) -> None:
    # given Carol at 3 days a week in a track that meets Mon-Fri, and only Monday attended, for 2 hours
    world.group_a.weekdays = [0, 1, 2, 3, 4]
    world.group_a.save()
    generate_sessions(first=MONDAY, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    _attend(world, world.carol, MONDAY, minutes=120)
    # when it is Tuesday morning: two more 3-hour days would give 8 hours, short of 9
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)):
        week = list_week_compliance(
            client_ids=[world.carol.pk], monday=MONDAY, today=MONDAY + dt.timedelta(days=1)
        )
    # then she is at risk, although the track still has four sessions ahead
    assert world.carol_enrollment.days_per_week == 3
    assert week[world.carol.pk].status == WeekStatus.AT_RISK


def test_it_keeps_today_at_constant_queries_as_sites_grow(world: Any, client: Any) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def add_site(n: int) -> None:
        site = factories.SiteFactory.create(organization=world.organization, name=f"Extra {n}")
        world.dana.sites.add(site)
        track = factories.TrackFactory.create(program=world.program, site=site, name=f"Extra day {n}")
        group = factories.RecurringGroupFactory.create(track=track, facilitator=world.dana)
        factories.GroupSessionFactory.create(group=group, date=MONDAY)

    client.force_login(world.dana)
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC), tick=False):
        add_site(0)
        client.get(reverse("today"))
        cache.clear()  # Today read afresh each time, not kept (attendance.today_kept, worklist.kept)
        with CaptureQueriesContext(connection) as one_more:
            client.get(reverse("today"))
        for n in range(1, 6):
            add_site(n)
        cache.clear()
        with CaptureQueriesContext(connection) as six_more:
            client.get(reverse("today"))
    assert len(one_more) == len(six_more)


def test_it_reads_several_weeks_as_it_reads_each_one(world: Any) -> None:
    from trellis.attendance.selectors import list_weeks_compliance

    world.group_a.weekdays = [0, 1, 2, 3, 4]
    world.group_a.save()
    Holiday.objects.create(site=world.site_a, date=MONDAY + dt.timedelta(days=3), name="Thanksgiving")
    last_monday = MONDAY - dt.timedelta(days=7)
    generate_sessions(first=last_monday, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    for day in (last_monday, last_monday + dt.timedelta(days=2), MONDAY):
        _attend(world, world.carol, day)
    today = MONDAY + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)):
        together = list_weeks_compliance(
            client_ids=[world.carol.pk], mondays=[last_monday, MONDAY], today=today
        )
        apart = {
            m: list_week_compliance(client_ids=[world.carol.pk], monday=m, today=today) for m in together
        }
    assert together == apart
    assert together[last_monday][world.carol.pk].attended_minutes == 360
    assert together[MONDAY][world.carol.pk].required_minutes == 540 - 180
