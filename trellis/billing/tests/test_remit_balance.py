"""An 835 must balance and must come from the claim's own payer, or nothing in it is applied.

Balancing: X12 005010X221A1 (835 TR3), transaction balancing: BPR02 total payment = sum of CLP04 claim payments
less the sum of PLB provider adjustments (a negative PLB amount, such as L6 interest, adds to the payment).
"""

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trellis.billing.choices import ClaimStatus
from trellis.billing.models import Claim, ClaimAdjudication, Payer, Remittance
from trellis.billing.remittance import SkippedClaim, import_remittance
from trellis.billing.rules.remit_payers import same_payer
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.remits import (
    FIRST_FILE_CLAIMS,
    PAID_DENIED_PARTIAL,
    PATIENT_SHARE_CLAIMS,
    PATIENT_SHARE_PLB,
    REVERSAL_DEDUCTIBLE_TWO_CHECKS,
    SECOND_FILE_CLAIMS,
    read,
    submitted_claims,
)
from trellis.billing.x12.remit835 import ProviderAdjustment, parse_835
from trellis.privacy.models import AuditEvent


def statuses() -> dict[str, str]:
    return dict(Claim.objects.values_list("control_number", "status"))


@pytest.mark.parametrize(
    ("bpr02", "imbalance"),
    [
        ("302.5", Decimal(0)),  # 330.00 - (30.00 - 2.50)
        ("302.49", Decimal("-0.01")),  # one cent short
        ("302.51", Decimal("0.01")),
        ("330", Decimal("27.50")),  # the provider adjustments forgotten
        ("332.5", Decimal(30)),  # the interest counted, the recoupment forgotten
    ],
)
def test_a_payment_balances_when_bpr02_is_the_claims_less_the_provider_adjustments(
    bpr02: str, imbalance: Decimal
) -> None:
    text = read(PATIENT_SHARE_PLB).replace("BPR*I*302.5*", f"BPR*I*{bpr02}*")
    (payment,) = parse_835(text).payments
    assert payment.provider_adjustments == (
        ProviderAdjustment("WO", "PM26110003", Decimal(30)),
        ProviderAdjustment("L6", "INT", Decimal("-2.5")),
    )
    assert payment.imbalance == imbalance


def test_a_debit_counts_against_the_provider() -> None:
    # a payer taking back $27.50 it owes in provider adjustments, with no claim paid, sends a debit
    text = read(PATIENT_SHARE_PLB).replace("BPR*I*302.5*C*", "BPR*I*27.5*D*")
    text = text.replace("*1*750*330*70*", "*1*750*0*70*")
    (payment,) = parse_835(text).payments
    assert payment.imbalance == 0


def test_a_balanced_file_with_provider_adjustments_is_applied(world: Any) -> None:
    submitted_claims(world, PATIENT_SHARE_CLAIMS)
    result = import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.bill)
    assert (result.paid, result.denied) == (("TRSHARE001",), ("TRSHARE002",))
    assert Remittance.objects.get().payment_amount == Decimal("302.50")


def test_an_out_of_balance_file_is_refused_whole_with_the_difference(world: Any) -> None:
    # given Carol's claims, and the payer's file whose check is $10.00 short of what its claims add up to
    submitted_claims(world, PATIENT_SHARE_CLAIMS)
    events = AuditEvent.objects.count()
    short = read(PATIENT_SHARE_PLB).replace("BPR*I*302.5*", "BPR*I*292.5*")
    # when Bill imports it
    with pytest.raises(ValidationError) as refused:
        import_remittance(text=short, imported_by=world.bill)
    # then it is refused with the figures a biller can check against the paper remittance
    assert refused.value.message_dict == {
        "file": [
            "The file does not balance, so nothing in it was applied: payment EFT20261218001 from PRAIRIE MUTUAL "
            "(FICTIONAL) totals $292.50 (BPR02), but its claim payments $330.00 less provider adjustments "
            "$27.50 come to $302.50, a difference of -$10.00. Ask the payer for a corrected file."
        ]
    }
    # and nothing changed
    assert set(statuses().values()) == {ClaimStatus.SUBMITTED}
    assert (Remittance.objects.count(), ClaimAdjudication.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_one_unbalanced_payment_stops_the_balanced_ones_in_the_same_file(world: Any) -> None:
    submitted_claims(world, SECOND_FILE_CLAIMS)
    text = read(REVERSAL_DEDUCTIBLE_TWO_CHECKS).replace("BPR*I*250*", "BPR*I*260*")
    with pytest.raises(ValidationError, match=r"payment CHK20261215002 .* a difference of \$10\.00"):
        import_remittance(text=text, imported_by=world.bill)
    assert set(statuses().values()) == {ClaimStatus.SUBMITTED}
    assert Remittance.objects.count() == 0


def test_an_835_naming_another_payers_id_does_not_pay_a_claim_of_a_payer_without_one(world: Any) -> None:
    # given Carol's claims billed to Prairie Mutual, whose payer id is not on file, and Lakeshore, payer 77001
    claims = submitted_claims(world, FIRST_FILE_CLAIMS)
    Payer.objects.filter(pk=claims["TRPAID0001"].payer_id).update(payer_id="")
    given.PayerFactory.create(organization=world.organization, name="Lakeshore Health", payer_id="77001")
    # when a file names itself Prairie Mutual but carries Lakeshore's payer id
    text = read(PAID_DENIED_PARTIAL).replace(
        "N1*PR*PRAIRIE MUTUAL (FICTIONAL)~", "N1*PR*PRAIRIE MUTUAL (FICTIONAL)*XV*77001~"
    )
    # then it answers none of Prairie Mutual's claims: refused, nothing paid
    with pytest.raises(ValidationError, match="No claim in this file is one of your claims"):
        import_remittance(text=text, imported_by=world.bill)
    assert set(statuses().values()) == {ClaimStatus.SUBMITTED}


def test_a_claim_of_another_payer_in_a_file_is_skipped_and_the_rest_applied(world: Any) -> None:
    # given one of the claims in the file was billed to Lakeshore (payer 77001), the others to Prairie Mutual
    claims = submitted_claims(world, {"TRPAID0001": "750", "TRPART0003": "750"})
    lakeshore = given.PayerFactory.create(
        organization=world.organization, name="Lakeshore Health", payer_id="77001"
    )
    prairie = claims["TRPAID0001"].payer
    Claim.objects.create(
        organization=world.organization, client=world.carol, payer=lakeshore,
        coverage=claims["TRPAID0001"].coverage, claim_type="837p", control_number="TRDENY0002",
        statement_from=claims["TRPAID0001"].statement_from, statement_through=claims["TRPAID0001"].statement_through,
        total=Decimal(500), status=ClaimStatus.SUBMITTED,
    )  # fmt: skip
    # when Prairie Mutual's 835, sending Prairie Mutual's id, is imported
    text = read(PAID_DENIED_PARTIAL).replace(
        "N1*PR*PRAIRIE MUTUAL (FICTIONAL)~", f"N1*PR*PRAIRIE MUTUAL (FICTIONAL)*XV*{prairie.payer_id}~"
    )
    result = import_remittance(text=text, imported_by=world.bill)
    # then Lakeshore's claim is not denied by Prairie Mutual's file
    assert (
        SkippedClaim(
            "TRDENY0002",
            "The claim was billed to Lakeshore Health, not to PRAIRIE MUTUAL (FICTIONAL): not applied.",
        )
        in result.skipped
    )
    assert statuses()["TRDENY0002"] == ClaimStatus.SUBMITTED
    assert result.paid == ("TRPAID0001", "TRPART0003")


@pytest.mark.parametrize(
    ("payer_id", "remit_ids", "organization_ids", "same"),
    [
        ("", ("77001",), ("77001", "99001"), False),  # the id is another payer's of ours
        ("", ("12345",), ("77001", "99001"), True),  # an id none of our payers has: the name decides
        ("", (), ("77001",), True),
        ("99001", (), ("77001", "99001"), True),  # no id sent: the name decides
        ("99001", ("77001",), ("77001", "99001"), False),
    ],
)
def test_same_payer_is_strict_about_the_organizations_payer_ids(
    payer_id: str, remit_ids: tuple[str, ...], organization_ids: tuple[str, ...], same: bool
) -> None:
    matched = same_payer(
        payer_id=payer_id, payer_name="Prairie Mutual", remit_ids=remit_ids, remit_name="PRAIRIE MUTUAL",
        organization_ids=organization_ids,
    )  # fmt: skip
    assert matched is same


def upload(client: Any, text: str) -> Any:
    file = SimpleUploadedFile("remit.835", text.encode(), content_type="text/plain")
    return client.post(reverse("billing:remittances"), {"file": file})


def test_the_remittance_page_shows_the_refusal_and_then_what_the_file_did(world: Any, client: Any) -> None:
    # given Carol's claims and Bill on the remittance page
    submitted_claims(world, PATIENT_SHARE_CLAIMS)
    client.force_login(world.bill)
    # when he uploads a copy whose check does not match its claims, it is refused with the difference
    refused = upload(client, read(PATIENT_SHARE_PLB).replace("BPR*I*302.5*", "BPR*I*292.5*"))
    assert refused.status_code == 400
    assert "a difference of -$10.00" in refused.content.decode()
    assert set(statuses().values()) == {ClaimStatus.SUBMITTED}
    # and the payer's corrected file is applied, the page listing each claim with the client's share
    page = upload(client, read(PATIENT_SHARE_PLB)).content.decode()
    assert "1 claims paid, 1 denied, 0 skipped." in page
    assert re.search(r"TRSHARE001</code></td><td>Carol Northcott</td>.*\$330\.00.*\$70\.00", page)
    assert "EFT20261218001" in page
