"""Secondary claims after the primary's payment: drafted once for each paid primary claim whose client has a
secondary coverage and something left to bill, exported with the primary's decision, and passing pyx12.

X12 837P 005010X222A1 (837I 005010X223A2 alike): 2000B SBR01 "S" for the payer billed now, loop 2320 (SBR*P,
claim-level CAS, AMT*D the primary's payment, AMT*EAF the client's remaining share), 2330A/2330B (the primary's
subscriber and payer, DTP*573) and, when the 835 answered line by line, 2430 per line (SVD, CAS, DTP*573).
COB balancing: each line's charge = SVD02 paid + its 2430 CAS; the claim's charge = AMT*D + every CAS.

The primary claim: Carol, Prairie Mutual, three H0015 days in November 2026 at $250.00 = $750.00. The primary
pays $480.00; $150.00 is written off (CO-45) and $120.00 is Carol's coinsurance (PR-2).
"""

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from trellis.billing import ledger
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ClaimStatus, CoverageOrder
from trellis.billing.claims import export_claims
from trellis.billing.models import Claim
from trellis.billing.remittance import import_remittance
from trellis.billing.secondary_claims import prepare_secondary_claims
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.organizations import harbor_light
from trellis.billing.tests.synthetic_claims import CONTROL, institutional_file
from trellis.billing.tests.x12_validation import validation_errors
from trellis.billing.x12.claim_837i import render_837i
from trellis.billing.x12.claims import PayerResponsibility
from trellis.billing.x12.secondary import PriorAdjudication, PriorAdjustment, PriorLine
from trellis.privacy.models import AuditEvent

MONDAY = dt.date(2026, 11, 2)
FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
DAYS = ("20261102", "20261104", "20261106")

# The primary's decision on the claim as a whole: claim-level CAS only (an 835 may answer so).
CLAIM_LEVEL = (
    "CLP*{claim}*1*750*480*120*12*PM26112500001*11*1~CAS*CO*45*150~CAS*PR*2*120~NM1*QC*1*EXAMPLE*CAROL~"
)
# The same decision line by line: each $250.00 day paid $160.00, CO-45 $50.00, PR-2 $40.00.
LINE_LEVEL = "CLP*{claim}*1*750*480*120*12*PM26112500001*11*1~NM1*QC*1*EXAMPLE*CAROL~" + "".join(
    f"SVC*HC:H0015*250*160**1~DTM*472*{day}~CAS*CO*45*50~CAS*PR*2*40~" for day in DAYS
)
DENIED = "CLP*{claim}*4*750*0**12*PM26112500001*11*1~CAS*CO*16*750~NM1*QC*1*EXAMPLE*CAROL~"
WRITTEN_OFF = "CLP*{claim}*1*750*480**12*PM26112500001*11*1~CAS*CO*45*270~NM1*QC*1*EXAMPLE*CAROL~"
DOES_NOT_BALANCE = (
    "CLP*{claim}*1*750*480*100*12*PM26112500001*11*1~CAS*CO*45*150~CAS*PR*2*100~NM1*QC*1*EXAMPLE*CAROL~"
)


def remittance(payer: Any, paid: str, body: str) -> str:
    segments = [
        "ISA*00*          *00*          *ZZ*PRAIRIEMUTUAL  *ZZ*TRELLIS01      *261125*0900*^*00501*000000801*0*T*:",
        "GS*HP*PRAIRIEMUTUAL*TRELLIS01*20261125*0900*801*X*005010X221A1",
        "ST*835*0001",
        f"BPR*I*{paid}*C*ACH*CCP*01*999999999*DA*123456*1990000099**01*999988880*DA*98765*20261125",
        "TRN*1*EFT20261125001*1990000099",
        f"N1*PR*{payer.name.upper()}",
        "N1*PE*RIVERSIDE RECOVERY IOP*XX*1234567893",
        "LX*1",
    ]
    body_segments = [s for s in body.split("~") if s]
    count = len(segments) - 2 + len(body_segments) + 1
    tail = [f"SE*{count}*0001", "GE*1*801", "IEA*1*000000801"]
    return "~".join(segments + body_segments + tail) + "~"


@pytest.fixture
def primary_billed(world: Any, tmp_path: Path) -> Any:
    """Carol's November claim to her primary payer, exported and awaiting the primary's 835."""
    given.BillingProfileFactory.create(organization=world.organization)
    world.primary_payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=world.primary_payer)
    given.insure(world.carol, world.primary_payer, by=world.bill)
    for offset in (0, 2, 4):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    capture_charges(first=FIRST, last=LAST, organization=world.organization)
    export_claims(first=FIRST, last=LAST, out_dir=tmp_path / "primary", organization=world.organization)
    world.primary = Claim.objects.get()
    return world


def decided(world: Any, body: str, paid: str = "480") -> None:
    text = remittance(world.primary_payer, paid, body.format(claim=world.primary.control_number))
    import_remittance(text=text, imported_by=world.bill)


def secondary_coverage(world: Any) -> Any:
    world.secondary_payer = given.PayerFactory.create(
        organization=world.organization, name="Lakeshore Health Plan"
    )
    return given.CoverageFactory.create(
        client=world.carol, payer=world.secondary_payer, order=CoverageOrder.SECONDARY, member_id="LHP0001234"
    )


def prepare(world: Any) -> list[Claim]:
    return prepare_secondary_claims(first=FIRST, last=LAST, actor=world.bill).made


def exported_secondary(world: Any, out: Path) -> tuple[Path, str]:
    export_claims(first=FIRST, last=LAST, out_dir=out, organization=world.organization)
    path = next(out.glob(f"{world.secondary_payer.payer_id}_*.x12"))
    return path, path.read_text().replace("\n", "")  # one segment a line: the segments alone


def test_a_paid_primary_with_coinsurance_gets_one_secondary_claim_carrying_its_decision(
    primary_billed: Any, tmp_path: Path
) -> None:
    world = primary_billed
    # given the primary paid $480.00 and left Carol $120.00 coinsurance, and Carol has a secondary plan
    decided(world, CLAIM_LEVEL)
    secondary_coverage(world)
    # when the biller prepares secondary claims
    made = prepare(world)
    # then one claim to the secondary payer, for the primary's lines and total, pointing at the primary
    assert len(made) == 1
    claim = Claim.objects.get(primary_claim=world.primary)
    assert (claim.payer, claim.total, claim.status) == (
        world.secondary_payer,
        Decimal(750),
        ClaimStatus.DRAFT,
    )
    assert (claim.statement_from, claim.statement_through) == (
        world.primary.statement_from,
        LAST.replace(day=6),
    )
    assert AuditEvent.objects.filter(detail="secondary claim drafted", object_id=str(claim.pk)).exists()
    # and exported, the file names the payer billed now as secondary and the primary's decision in 2320
    path, text = exported_secondary(world, tmp_path / "secondary")
    assert validation_errors(path) == []
    assert f"CLM*{claim.control_number}*750*" in text
    assert "SBR*S*18*" in text  # 2000B: the secondary payer's own subscriber loop
    assert "SBR*P*18*" in text  # 2320: the primary
    assert "CAS*CO*45*150~CAS*PR*2*120~AMT*D*480~AMT*EAF*120~" in text
    assert f"NM1*PR*2*{world.primary_payer.name.upper()}" in text.upper()
    assert "DTP*573*D8*20261125~" in text
    assert text.count("SV1*HC:H0015*250*UN*1") == 3
    # and it went through the disclosure gate like any claim
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    # and Carol's ledger counts her services billed once, not once per payer
    assert ledger.get_client_ledger(client=world.carol).billed == Decimal(750)


def test_a_line_by_line_decision_goes_in_2430_after_each_line_and_balances(
    primary_billed: Any, tmp_path: Path
) -> None:
    world = primary_billed
    decided(world, LINE_LEVEL)
    secondary_coverage(world)
    assert len(prepare(world)) == 1
    path, text = exported_secondary(world, tmp_path / "secondary")
    assert validation_errors(path) == []
    assert "AMT*D*480~AMT*EAF*120~" in text
    payer_id = world.primary_payer.payer_id
    line = f"SVD*{payer_id}*160*HC:H0015**1~CAS*CO*45*50~CAS*PR*2*40~DTP*573*D8*20261125~"
    assert text.count(line) == 3
    # each line: charge 250 = paid 160 + CAS 50 + 40
    assert Decimal(160) + Decimal(50) + Decimal(40) == Decimal(250)


@pytest.mark.parametrize(
    ("body", "paid", "status"),
    [(DENIED, "0", ClaimStatus.DENIED), (WRITTEN_OFF, "480", ClaimStatus.PAID)],
    ids=["denied in full", "nothing left to bill"],
)
def test_no_secondary_claim_after_a_full_denial_or_when_nothing_is_left(
    primary_billed: Any, body: str, paid: str, status: str
) -> None:
    decided(primary_billed, body, paid)
    secondary_coverage(primary_billed)
    primary_billed.primary.refresh_from_db()
    assert primary_billed.primary.status == status  # the 835 was applied
    assert prepare(primary_billed) == []
    assert not Claim.objects.filter(primary_claim__isnull=False).exists()


def test_no_secondary_claim_without_a_secondary_coverage(primary_billed: Any) -> None:
    decided(primary_billed, CLAIM_LEVEL)
    assert prepare(primary_billed) == []


def test_a_decision_that_does_not_balance_is_left_for_the_biller(primary_billed: Any) -> None:
    # the 835 adjusts $250.00 of a $750.00 claim it paid $480.00 on: $20.00 unexplained
    decided(primary_billed, DOES_NOT_BALANCE)
    secondary_coverage(primary_billed)
    result = prepare_secondary_claims(first=FIRST, last=LAST, actor=primary_billed.bill)
    assert (result.made, result.unbalanced) == ([], 1)


def test_running_twice_makes_one(primary_billed: Any) -> None:
    decided(primary_billed, CLAIM_LEVEL)
    secondary_coverage(primary_billed)
    assert len(prepare(primary_billed)) == 1
    assert prepare(primary_billed) == []
    assert Claim.objects.filter(primary_claim=primary_billed.primary).count() == 1


def test_another_organizations_biller_touches_none_of_its_claims(primary_billed: Any) -> None:
    decided(primary_billed, CLAIM_LEVEL)
    secondary_coverage(primary_billed)
    harbor = harbor_light()
    assert prepare_secondary_claims(first=FIRST, last=LAST, actor=harbor.beth).made == []
    assert not Claim.objects.filter(primary_claim__isnull=False).exists()


def test_the_biller_prepares_them_from_the_claims_page(primary_billed: Any, client: Any) -> None:
    decided(primary_billed, CLAIM_LEVEL)
    secondary_coverage(primary_billed)
    client.force_login(primary_billed.bill)
    url = reverse("billing:prepare_secondary_claims")
    response = client.post(url, {"first": FIRST.isoformat(), "last": LAST.isoformat()})
    assert response.status_code == 302
    words = [str(m) for m in get_messages(response.wsgi_request)]
    assert words == [
        "1 secondary claim drafted for claims the primary payer has paid, Nov 01, 2026 to Nov 30, 2026."
    ]
    assert Claim.objects.filter(primary_claim=primary_billed.primary).count() == 1
    page = client.get(response.url).content.decode()
    assert "Lakeshore Health Plan" in page
    # a bad period changes nothing
    response = client.post(url, {"first": "not a date", "last": LAST.isoformat()})
    assert Claim.objects.count() == 2


def test_an_institutional_secondary_claim_carries_2430_with_revenue_codes_and_passes_pyx12(
    tmp_path: Path,
) -> None:
    # given Gus's 837I claim (four lines, two of them 90853) decided by the primary line by line, 80% paid

    def answered(code: str, charge: str, paid: str) -> PriorLine:
        share = Decimal(charge) - Decimal(paid)
        return PriorLine(code, Decimal(paid), Decimal(1), adjustments=(PriorAdjustment("PR", "2", share),))

    prior = PriorAdjudication(
        payer_id="99001", paid=Decimal(448), paid_on=dt.date(2026, 11, 25),
        lines=(
            answered("90853", "120", "96"), answered("90834", "150", "120"), answered("90853", "120", "96"),
            answered("90847", "170", "136"),
        ),
    )  # fmt: skip
    claim_file = institutional_file()
    gus = claim_file.claims[0]
    primary = dataclasses.replace(
        gus.other_coverages[0],
        subscriber=dataclasses.replace(gus.subscriber, responsibility=PayerResponsibility.PRIMARY),
        adjudication=prior,
    )
    secondary = dataclasses.replace(
        gus,
        subscriber=dataclasses.replace(gus.subscriber, responsibility=PayerResponsibility.SECONDARY),
        other_coverages=(primary,),
    )
    path = tmp_path / "secondary_837i.x12"
    path.write_text(render_837i(dataclasses.replace(claim_file, claims=(secondary,)), control=CONTROL))
    # then pyx12 accepts it, and each line's 2430 names its revenue code and balances: 120 = 96 + 24
    assert validation_errors(path) == []
    text = path.read_text().replace("\n", "")
    assert "AMT*D*448~AMT*EAF*112~" in text
    assert text.count("SVD*99001*96*HC:90853*0915*1~CAS*PR*2*24~DTP*573*D8*20261125~") == 2
    assert "SVD*99001*120*HC:90834*0914*1~CAS*PR*2*30~" in text
