"""Fair weekly minimums from the database and on Today: a partial week owes only what was offered.

ASAM level 2.1 asks at least 9 hours a week of adults (ASAM Criteria 3rd ed., 2013; REFERENCE.md section 2).
Trellis issue 11's examples: a Friday admission to a Monday-Thursday track, a closure before admission, a
closure during enrollment, and full attendance of a partial week.
"""

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from tests import factories
from trellis.attendance.compliance import WeekStatus
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_week_compliance
from trellis.programs.models import Holiday
from trellis.scheduling.models import GroupSession
from trellis.scheduling.services import generate_sessions

MONDAY = dt.date(2026, 11, 16)
FRIDAY = MONDAY + dt.timedelta(days=4)
NEXT_MONDAY = MONDAY + dt.timedelta(days=7)
FRIDAY_AFTERNOON = dt.datetime(2026, 11, 20, 20, 0, tzinfo=dt.UTC)  # 3 pm at Northside
AFTER_THE_WEEK = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC)


def _monday_to_thursday(world: Any) -> None:
    """Northside day's 3-hour group meets Monday to Thursday this week."""
    world.group_a.weekdays = [0, 1, 2, 3]
    world.group_a.save()


def _admit(world: Any, on: dt.date, name: str = "Erin") -> Any:
    client = factories.ClientFactory.create(
        site=world.site_a, legal_first_name=name, legal_last_name="Fairweek"
    )
    episode = factories.EpisodeFactory.create(client=client, program=world.program, admitted_on=on)
    factories.EnrollmentFactory.create(episode=episode, track=world.track_a, phase=world.phase3)
    return client


def _attend(world: Any, client: Any, day: dt.date) -> None:
    AttendanceRecord.objects.create(
        session=world.group_a.sessions.get(date=day),
        client=client,
        status="present",
        minutes_attended=180,
        recorded_by=world.alice,
    )


def _section(html: str, heading_id: str) -> str:
    """The card whose heading has the given id, so other panels on Today do not count."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _week(client: Any, at: dt.datetime) -> Any:
    with time_machine.travel(at, tick=False):
        return list_week_compliance(client_ids=[client.pk], monday=MONDAY, today=at.date())[client.pk]


def test_a_friday_admission_to_a_monday_to_thursday_track_is_not_below_minimum_on_today(
    world: Any, client: Any
) -> None:
    # given a Monday-Thursday track, Carol enrolled all week without attending, and Erin admitted on Friday
    _monday_to_thursday(world)
    generate_sessions(first=MONDAY, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    erin = _admit(world, FRIDAY)
    # when Dana opens Today on Friday afternoon
    client.force_login(world.dana)
    with time_machine.travel(FRIDAY_AFTERNOON, tick=False):
        html = client.get(reverse("today")).content.decode()
    # then Carol, who missed the week, is listed below the minimum, and Erin, offered nothing, is not
    below_minimum = _section(html, "short-h")
    assert "Carol Northcott" in below_minimum
    assert "Erin Fairweek" not in below_minimum
    week = _week(erin, AFTER_THE_WEEK)
    assert (week.required_minutes, week.status) == (0, WeekStatus.NOT_REQUIRED)


def test_a_closure_before_admission_does_not_lower_the_requirement(world: Any) -> None:
    # given a holiday on Monday and Erin admitted on Wednesday of a Monday-Thursday week
    _monday_to_thursday(world)
    Holiday.objects.create(site=world.site_a, date=MONDAY, name="Founders' day")
    generate_sessions(first=MONDAY, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    erin = _admit(world, MONDAY + dt.timedelta(days=2))
    # when the week is weighed
    week = _week(erin, AFTER_THE_WEEK)
    # then she owes half the week's 9 hours (2 of 4 sessions), the Monday closure not taken off
    assert week.required_minutes == 270


def test_a_closure_during_enrollment_is_not_held_against_the_client(world: Any) -> None:
    # given Erin admitted on Wednesday and Thursday's group cancelled by the program
    _monday_to_thursday(world)
    generate_sessions(first=MONDAY, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    GroupSession.objects.filter(group=world.group_a, date=MONDAY + dt.timedelta(days=3)).update(
        status=GroupSession.Status.CANCELLED
    )
    erin = _admit(world, MONDAY + dt.timedelta(days=2))
    # when she attends Wednesday, the one session left open to her
    _attend(world, erin, MONDAY + dt.timedelta(days=2))
    week = _week(erin, AFTER_THE_WEEK)
    # then her share (4.5 h) less the closed 3 hours is owed, and met
    assert week.required_minutes == 90
    assert week.status == WeekStatus.MET


def test_full_attendance_of_a_partial_week_meets_the_minimum(world: Any) -> None:
    # given Erin admitted on Wednesday of a Monday-Thursday week, and Frank admitted the same day
    _monday_to_thursday(world)
    generate_sessions(first=MONDAY, last=MONDAY + dt.timedelta(days=6), tracks=[world.track_a])
    erin = _admit(world, MONDAY + dt.timedelta(days=2))
    frank = _admit(world, MONDAY + dt.timedelta(days=2), name="Frank")
    # when Erin attends both sessions offered and Frank attends one
    for day in (MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=3)):
        _attend(world, erin, day)
    _attend(world, frank, MONDAY + dt.timedelta(days=3))
    # then Erin has met the week and Frank, with 3 of the 4.5 hours owed, is below it
    assert _week(erin, AFTER_THE_WEEK).status == WeekStatus.MET
    frank_week = _week(frank, AFTER_THE_WEEK)
    assert (frank_week.required_minutes, frank_week.status) == (270, WeekStatus.BELOW)
