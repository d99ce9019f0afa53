"""Worklist and safety seed: Wendy directs Northside; Newton was admitted today with no plan yet; Robin was
present at today's evening safety group, whose note Alice has still to write.

Its own track and group, so the other browser tests' rosters and notes are unchanged.
"""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.services import record_attendance
from trellis.programs.choices import TimeOfDay

GROUP = "Evening safety group"


def _admit(base: Any, track: Any, first: str, last: str, admitted_on: dt.date) -> Any:
    client = factories.ClientFactory.create(site=base.site, legal_first_name=first, legal_last_name=last)
    episode = factories.EpisodeFactory.create(
        client=client, program=base.program, admitted_on=admitted_on, primary_clinician=base.alice
    )
    factories.EnrollmentFactory.create(episode=episode, track=track, phase=base.phase, starts_on=admitted_on)
    return client


def seed(base: Any) -> None:
    factories.UserFactory.create(
        username="wendy",
        first_name="Wendy",
        last_name="Director",
        role=Role.DIRECTOR,
        organization=base.organization,
        sites=[base.site],
        programs=[base.program],
        password=PASSWORD,
    )
    track = factories.TrackFactory.create(
        program=base.program, site=base.site, name="Northside evening", time_of_day=TimeOfDay.EVENING
    )
    _admit(base, track, "Newton", "Admitted", base.today)
    robin = _admit(base, track, "Robin", "Safety", base.today - dt.timedelta(days=3))
    group = factories.RecurringGroupFactory.create(
        track=track,
        facilitator=base.alice,
        name=GROUP,
        weekdays=list(range(7)),
        starts_at=dt.time(0, 0),
        duration_minutes=60,
        active_from=base.today - dt.timedelta(days=14),
    )
    starts = dt.datetime.combine(base.today, dt.time(0, 0), tzinfo=dt.UTC)
    session = factories.GroupSessionFactory.create(
        group=group, date=base.today, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    record_attendance(
        session=session, client=robin, status=AttendanceRecord.Status.PRESENT, recorded_by=base.alice
    )
