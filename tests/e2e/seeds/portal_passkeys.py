"""Portal passkeys seed: Petra, a client already invited to the portal by text, in no group, so no other
browser test sees her and her passkey changes nobody else's sign-in. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.core import clock
from trellis.portal.models import PortalAccount

MOBILE = "+12175550139"


def seed(base: Any) -> None:
    petra = factories.ClientFactory.create(
        site=base.site, legal_first_name="Petra", legal_last_name="Passkeytest", phone="(217) 555-0139"
    )
    factories.EpisodeFactory.create(
        client=petra, program=base.program, admitted_on=base.today - dt.timedelta(days=10)
    )
    PortalAccount.objects.create(client=petra, mobile=MOBILE, invited_by=base.alice, invited_at=clock.now())
