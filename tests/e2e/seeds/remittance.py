"""Remittance seed: one client of Bill's with a claim submitted to the billing seed's payer three weeks ago,
awaiting the payer's 835 (tests/e2e/test_biller_remittance.py). No attendance or charges: nothing else changes.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from tests import factories
from trellis.billing.choices import ClaimStatus, ClaimType
from trellis.billing.models import Claim, Coverage, Payer
from trellis.core import clock

CLIENT = ("Sage", "Remitted")
CONTROL_NUMBER = "TRE2E00001"


def seed(base: Any) -> None:
    payer = Payer.objects.get(organization=base.organization, payer_id="99001")
    client = factories.ClientFactory.create(
        site=base.site, legal_first_name=CLIENT[0], legal_last_name=CLIENT[1]
    )
    coverage = Coverage.objects.create(
        client=client, payer=payer, member_id="PMH55509876", starts_on=base.today - dt.timedelta(days=40)
    )
    Claim.objects.create(
        organization=base.organization, client=client, payer=payer, coverage=coverage,
        claim_type=ClaimType.PROFESSIONAL, control_number=CONTROL_NUMBER,
        statement_from=base.today - dt.timedelta(days=28), statement_through=base.today - dt.timedelta(days=24),
        total=Decimal("735.00"), status=ClaimStatus.SUBMITTED, submitted_at=clock.now() - dt.timedelta(days=21),
    )  # fmt: skip
