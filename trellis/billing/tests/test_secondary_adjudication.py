"""A secondary claim carries the primary's decision: loop 2320 (SBR, CAS by group, AMT*D paid, AMT*EAF remaining
patient liability, OI), 2330A/2330B (NM1*IL, NM1*PR, DTP*573) and 2430 per line (SVD, CAS, DTP*573).

Layout: ASC X12 837P 005010X222A1, loops 2320, 2330A, 2330B and 2430 (837I 005010X223A2 alike).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from trellis.billing import ledger
from trellis.billing.models import ClaimAdjudication
from trellis.billing.remittance import import_remittance
from trellis.billing.tests.remits import PATIENT_SHARE_CLAIMS, PATIENT_SHARE_PLB, read, submitted_claims
from trellis.billing.x12.claims import (
    Address,
    ClaimFilingIndicator,
    Gender,
    OtherCoverage,
    Payer,
    PayerResponsibility,
    Person,
    PersonName,
    Subscriber,
)
from trellis.billing.x12.secondary import (
    PriorAdjudication,
    PriorAdjustment,
    PriorLine,
    write_adjudicated_other_coverage,
    write_adjustments,
    write_line_adjudication,
)
from trellis.billing.x12.segments import SegmentWriter

PAID_ON = dt.date(2026, 12, 18)
PRIMARY = OtherCoverage(
    payer=Payer("Prairie Mutual", "99001"),
    subscriber=Subscriber(
        person=Person(
            PersonName("Example", "Carol"), dt.date(1990, 1, 2), Gender.FEMALE,
            Address("1 Main St", "Peoria", "IL", "61601"),
        ),
        member_id="PMH00000001", filing_indicator=ClaimFilingIndicator.COMMERCIAL,
        responsibility=PayerResponsibility.PRIMARY,
    ),
)  # fmt: skip


def written(write: Any, *args: Any, **kwargs: Any) -> list[str]:
    w = SegmentWriter()
    write(w, *args, **kwargs)
    return w.segments


def test_the_2320_loop_carries_the_primarys_adjustments_payment_and_the_patients_share() -> None:
    adjudication = PriorAdjudication(
        payer_id="99001", paid=Decimal(330), paid_on=PAID_ON,
        adjustments=(PriorAdjustment("PR", "1", Decimal(50)), PriorAdjustment("CO", "45", Decimal(100))),
        lines=(PriorLine("H0015", Decimal(180), Decimal(1), adjustments=(PriorAdjustment("PR", "2", Decimal(20)),)),),
    )  # fmt: skip
    assert written(write_adjudicated_other_coverage, PRIMARY, adjudication) == [
        "SBR*P*18*******CI",
        "CAS*CO*45*100",
        "CAS*PR*1*50",
        "AMT*D*330",
        "AMT*EAF*70",  # 50 deductible at the claim level + 20 coinsurance on the line
        "OI***Y***Y",
        "NM1*IL*1*Example*Carol****MI*PMH00000001",
        "N3*1 Main St",
        "N4*Peoria*IL*61601",
        "NM1*PR*2*Prairie Mutual*****PI*99001",
        "DTP*573*D8*20261218",
    ]


def test_a_group_of_seven_reasons_takes_two_cas_segments() -> None:
    adjustments = [PriorAdjustment("CO", str(n), Decimal(n)) for n in range(1, 8)]
    assert written(write_adjustments, adjustments) == [
        "CAS*CO*1*1**2*2**3*3**4*4**5*5**6*6",
        "CAS*CO*7*7",
    ]


def test_the_2430_loop_repeats_the_line_decision() -> None:
    line = PriorLine(
        "H0015", Decimal(150), Decimal(1), modifiers=("HF",),
        adjustments=(PriorAdjustment("CO", "45", Decimal(50)), PriorAdjustment("PR", "1", Decimal(50))),
    )  # fmt: skip
    assert written(write_line_adjudication, line, payer_id="99001", paid_on=PAID_ON) == [
        "SVD*99001*150*HC:H0015:HF**1",
        "CAS*CO*45*50",
        "CAS*PR*1*50",
        "DTP*573*D8*20261218",
    ]


def test_an_imported_835_becomes_the_secondary_claims_prior_adjudication(world: Any) -> None:
    claims = submitted_claims(world, PATIENT_SHARE_CLAIMS)
    import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.bill)
    adjudication = ClaimAdjudication.objects.get(claim__control_number="TRSHARE001")
    prior = ledger.prior_adjudication(adjudication=adjudication)
    assert (prior.payer_id, prior.paid, prior.paid_on) == (
        claims["TRSHARE001"].payer.payer_id,
        Decimal(330),
        PAID_ON,
    )
    assert prior.remaining_patient_liability == Decimal(70)
    assert [
        (line.paid, [(a.group, a.reason, a.amount) for a in line.adjustments]) for line in prior.lines
    ] == [
        (Decimal(150), [("CO", "45", Decimal(50)), ("PR", "1", Decimal(50))]),
        (Decimal(180), [("CO", "45", Decimal(50)), ("PR", "2", Decimal(20))]),
        (Decimal(0), [("CO", "197", Decimal(250))]),
    ]
