"""Portal seed: Quinn, a client of Alice's with a mobile number on file and no portal account yet, in no
group, so no other browser test sees her. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories


def seed(base: Any) -> None:
    quinn = factories.ClientFactory.create(
        site=base.site, legal_first_name="Quinn", legal_last_name="Portaltest", phone="(217) 555-0177"
    )
    factories.EpisodeFactory.create(
        client=quinn, program=base.program, admitted_on=base.today - dt.timedelta(days=10)
    )
