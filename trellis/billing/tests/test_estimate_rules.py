"""The admission cost estimate: deductible first, then coinsurance and copays, capped by the out-of-pocket max."""

from decimal import Decimal

import pytest

from trellis.billing.estimate import CostSharing, estimate_course

D = Decimal


@pytest.mark.parametrize(
    ("sharing", "client_share", "capped"),
    [
        (CostSharing(D(0), 0, D(0), None), D("0.00"), False),
        (CostSharing(D(500), 0, D(0), None), D("500.00"), False),
        (CostSharing(D(500), 20, D(0), None), D("500.00") + D("1400.00"), False),  # 20% of 7,500 - 500
        (CostSharing(D(500), 20, D(10), None), D("2200.00"), False),  # + 30 days x $10
        (CostSharing(D(500), 20, D(10), D(1500)), D("1500.00"), True),
        (CostSharing(D(9000), 0, D(0), None), D("7500.00"), False),  # never more than the course costs
        (CostSharing(D(0), 0, D(0), None, self_pay=True), D("7500.00"), False),
    ],
)
def test_it_estimates_the_clients_share_of_30_days_at_250(
    sharing: CostSharing, client_share: Decimal, capped: bool
) -> None:
    estimate = estimate_course(rate=D(250), days=30, sharing=sharing)
    assert (estimate.total, estimate.client_share, estimate.capped) == (D("7500.00"), client_share, capped)
    assert estimate.client_share + estimate.payer_share == estimate.total
