"""Synthetic 835 remittance files from a fictional payer, and the submitted claims they answer."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from trellis.billing.choices import ClaimStatus, ClaimType
from trellis.billing.models import Claim
from trellis.billing.tests import billing_factories as given

REMITS = Path(__file__).parent
PAID_DENIED_PARTIAL = REMITS / "paid_denied_partial.835"
REVERSAL_DEDUCTIBLE_TWO_CHECKS = REMITS / "reversal_deductible_two_checks.835"
# A partial payment with the client's deductible and coinsurance, a denied line (RARC N130), a denied claim
# (RARC MA130), and provider-level adjustments: a $30.00 recoupment and $2.50 interest. It balances:
# BPR02 302.50 = CLP04 (330.00 + 0.00) - PLB (30.00 - 2.50).
PATIENT_SHARE_PLB = REMITS / "patient_share_plb.835"

# The claims each file answers, with their totals; TRNONE0404 in the first file answers no claim of ours.
FIRST_FILE_CLAIMS = {"TRPAID0001": "750", "TRDENY0002": "500", "TRPART0003": "750"}
SECOND_FILE_CLAIMS = {
    "TRREVS0005": "750",
    "TRRSN00006": "500",
    "TRDEDU0007": "250",
    "TRSECD0008": "900",
    "TRPAID0009": "250",
}


PATIENT_SHARE_CLAIMS = {"TRSHARE001": "750", "TRSHARE002": "500"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def submitted_claims(world: Any, totals: dict[str, str], *, client: Any = None) -> dict[str, Claim]:
    """Submitted November claims for Carol (or `client`) to one fictional payer, under the given control numbers."""
    client = client or world.carol
    given.consent_to_billing(client, by=world.bill)  # claims went out under the client's TPO consent
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual (fictional)")
    coverage = given.CoverageFactory.create(client=client, payer=payer)
    submitted_at = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)
    return {
        number: Claim.objects.create(
            organization=client.organization,
            client=client,
            payer=payer,
            coverage=coverage,
            claim_type=ClaimType.PROFESSIONAL,
            control_number=number,
            statement_from=dt.date(2026, 11, 2),
            statement_through=dt.date(2026, 11, 20),
            total=Decimal(total),
            status=ClaimStatus.SUBMITTED,
            submitted_at=submitted_at,
        )
        for number, total in totals.items()
    }
