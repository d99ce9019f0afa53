"""Needs screening seed: Cassidy, a case manager at Northside, and Quinn, admitted a week ago and never screened,
who has signed a consent to tell Maple Street Recovery House (the referral seed's sober living home) that they
are in treatment, at their request: the whole loop from screen to completed referral runs on Quinn.

Quinn has an episode but no track, so the other browser tests' rosters are unchanged.
"""

import datetime as dt
from typing import Any

from tests import factories
from tests import part2 as consents_for
from tests.e2e.seed import PASSWORD
from tests.e2e.seeds.referrals import HOUSE
from trellis.accounts.roles import Role
from trellis.privacy.part2 import Purpose, RecipientKind


def seed(base: Any) -> None:
    cassidy = factories.UserFactory.create(
        username="cassidy.needs", first_name="Cassidy", last_name="Casemanager", role=Role.CASE_MANAGER,
        organization=base.organization, sites=[base.site], programs=[base.program], password=PASSWORD,
    )  # fmt: skip
    quinn = factories.ClientFactory.create(
        site=base.site, legal_first_name="Quinn", legal_last_name="Needham"
    )
    factories.EpisodeFactory.create(
        client=quinn,
        program=base.program,
        admitted_on=base.today - dt.timedelta(days=7),
        primary_clinician=cassidy,
    )
    consents_for.named_consent(
        quinn,
        cassidy,
        recipient_kind=RecipientKind.OTHER,
        recipient_name=HOUSE,
        purposes=(Purpose.CLIENT_REQUEST,),
    )
