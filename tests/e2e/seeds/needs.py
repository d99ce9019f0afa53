"""Needs screening seed: Cassidy, a case manager at Northside, and Quinn, admitted a week ago and never screened.

Quinn has an episode but no track, so the other browser tests' rosters are unchanged.
"""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role


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
