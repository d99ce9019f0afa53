"""Scheduling seed: an evening track with a published next week, then one new admission to re-solve for.

Dana (director, same password as Alice) proposes and publishes. The track runs at a site of its own,
Eastside, so other features' groups at Northside never enter its proposals. Vic's childcare leaves only Thursday
evenings, so every proposal explains why Vic is short of the minimum.
"""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.programs.choices import TimeOfDay
from trellis.scheduling import services
from trellis.scheduling.models import Commitment

EVENING_CLIENTS = ["Quinn", "Rowan", "Sage", "Tatum", "Vic"]


def _enroll(base: Any, track: Any, first_name: str, admitted_on: dt.date) -> Any:
    client = factories.ClientFactory.create(
        site=track.site, legal_first_name=first_name, legal_last_name="Sample"
    )
    episode = factories.EpisodeFactory.create(client=client, program=base.program, admitted_on=admitted_on)
    factories.EnrollmentFactory.create(episode=episode, track=track, phase=base.phase, starts_on=admitted_on)
    return client


def seed(base: Any) -> None:
    site = factories.SiteFactory.create(organization=base.organization, name="Eastside", timezone="UTC")
    base.alice.sites.add(site)
    dana = factories.UserFactory.create(
        username="dana",
        first_name="Dana",
        last_name="Director",
        role=Role.DIRECTOR,
        organization=base.organization,
        sites=[site],
        programs=[base.program],
        password=PASSWORD,
    )
    track = factories.TrackFactory.create(
        program=base.program, site=site, name="Eastside evening", time_of_day=TimeOfDay.EVENING
    )
    room = factories.RoomFactory.create(site=site, name="Willow room", capacity=12)
    factories.RecurringGroupFactory.create(
        track=track,
        room=room,
        facilitator=base.alice,
        name="Evening process group",
        weekdays=[0, 1, 3],
        starts_at=dt.time(18, 0),
        duration_minutes=180,
        active_from=base.today - dt.timedelta(days=14),
    )
    admitted = base.today - dt.timedelta(days=7)
    clients = {name: _enroll(base, track, name, admitted) for name in EVENING_CLIENTS}
    for weekday in (0, 1):
        Commitment.objects.create(
            client=clients["Vic"],
            weekday=weekday,
            starts_at=dt.time(17),
            ends_at=dt.time(22),
            kind="childcare",
        )
    proposal = services.request_proposal(
        site=site, week_start=services.next_week_start(site), requested_by=dana
    )
    services.publish_proposal(proposal=services.solve_proposal(proposal=proposal), published_by=dana)
    _enroll(base, track, "Uma", admitted + dt.timedelta(days=6))
