"""Support seed: Piper, a peer recovery specialist at Northside, and Rowan, a client of her own, so her
contacts and meetings touch no client another browser test counts."""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role


def seed(base: Any) -> None:
    factories.UserFactory.create(
        username="piper", first_name="Piper", last_name="Peer", role=Role.PEER_SPECIALIST,
        organization=base.organization, sites=[base.site], programs=[base.program], password=PASSWORD,
    )  # fmt: skip
    rowan = factories.ClientFactory.create(
        site=base.site, legal_first_name="Rowan", legal_last_name="Support"
    )
    # A track of Rowan's own: the shared track's roster is counted by the attendance story.
    track = factories.TrackFactory.create(program=base.program, site=base.site, name="Northside peer track")
    factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(
            client=rowan, program=base.program, admitted_on=base.today - dt.timedelta(days=10)
        ),
        track=track,
        phase=base.phase,
        starts_on=base.today - dt.timedelta(days=10),
    )
