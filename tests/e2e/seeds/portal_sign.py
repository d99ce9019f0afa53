"""Portal signing seed: Rowan, a client of Alice's already invited to the portal, in no group, with a plan
awaiting her signature and a TPO consent awaiting signature. Only test_portal_sign uses her. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.plans.tests.given import draft_plan
from trellis.portal import services
from trellis.portal.tests.test_signing import tpo

ROWAN_MOBILE = "(217) 555-0166"


def seed(base: Any) -> None:
    rowan = factories.ClientFactory.create(
        site=base.site, legal_first_name="Rowan", legal_last_name="Signtest", phone=ROWAN_MOBILE
    )
    episode = factories.EpisodeFactory.create(
        client=rowan, program=base.program, admitted_on=base.today - dt.timedelta(days=10)
    )
    services.invite_client(client=rowan, email="", mobile=ROWAN_MOBILE, invited_by=base.alice)
    draft_plan(episode=episode, author=base.alice)
    tpo(rowan, base.alice)
