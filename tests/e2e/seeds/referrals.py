"""Referral loop seed: Carmen, a case manager at Northside; Sol Housing, a client on a track of their own who
has signed a consent to tell Maple Street Recovery House (a sober living home in the directory) that they are
in treatment, at their request. Nothing here is on the other tests' rosters or worklist lines."""

from typing import Any

from tests import factories
from tests import part2 as consents_for
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.privacy.part2 import Purpose, RecipientKind
from trellis.referrals import services
from trellis.referrals.choices import ResourceKind

HOUSE = "Maple Street Recovery House"


def seed(base: Any) -> None:
    carmen = factories.UserFactory.create(
        username="carmen", first_name="Carmen", last_name="Casemanager", role=Role.CASE_MANAGER,
        organization=base.organization, sites=[base.site], programs=[base.program], password=PASSWORD,
    )  # fmt: skip
    track = factories.TrackFactory.create(
        program=base.program, site=base.site, name="Northside housing track"
    )
    sol = factories.ClientFactory.create(site=base.site, legal_first_name="Sol", legal_last_name="Housing")
    episode = factories.EpisodeFactory.create(client=sol, program=base.program, admitted_on=base.today)
    factories.EnrollmentFactory.create(episode=episode, track=track, phase=base.phase, starts_on=base.today)
    services.save_resource(
        actor=carmen,
        values={
            "name": HOUSE,
            "kind": ResourceKind.SOBER_LIVING,
            "phone": "555-0100",
            "populations": "Adults",
        },
    )
    consents_for.named_consent(
        sol,
        carmen,
        recipient_kind=RecipientKind.OTHER,
        recipient_name=HOUSE,
        purposes=(Purpose.CLIENT_REQUEST,),
    )
