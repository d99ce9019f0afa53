"""Portal check-in seed: Reese, a client at a site of her own (Eastside) whose primary clinician is Cleo, so
the safety task her PHQ-9 opens shows on Cleo's Today and on no Today another browser test reads. The shared
program gives the PHQ-9 every 14 days (measures seed); admitted ten days ago, her baseline is owed. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.core import clock
from trellis.portal.models import PortalAccount

REESE_MOBILE = "+12175550188"


def seed(base: Any) -> None:
    site = factories.SiteFactory.create(
        organization=base.organization, name="Checkin Eastside", timezone="UTC"
    )
    cleo = factories.UserFactory.create(
        username="cleo", first_name="Cleo", last_name="Clinician", role=Role.CLINICIAN,
        organization=base.organization, sites=[site], programs=[base.program], password=PASSWORD,
    )  # fmt: skip
    reese = factories.ClientFactory.create(
        site=site, legal_first_name="Reese", legal_last_name="Checkintest", phone="(217) 555-0188"
    )
    track = factories.TrackFactory.create(program=base.program, site=site, name="Checkin Eastside day")
    factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(
            client=reese,
            program=base.program,
            admitted_on=base.today - dt.timedelta(days=10),
            primary_clinician=cleo,
        ),
        track=track,
        phase=base.phase,
        starts_on=base.today - dt.timedelta(days=10),
    )
    PortalAccount.objects.create(client=reese, mobile=REESE_MOBILE, invited_by=cleo, invited_at=clock.now())
