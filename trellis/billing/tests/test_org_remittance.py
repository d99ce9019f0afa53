"""An 835 is applied only to claims of the importer's organization billed to the payer that sent it; a payment
for someone else's claims is not recorded, so its trace number stays free for its own biller."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from trellis.billing import services
from trellis.billing.choices import ClaimStatus
from trellis.billing.models import Claim, Remittance
from trellis.billing.remittance import SkippedClaim, import_remittance
from trellis.billing.rules.remit_payers import same_payer
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.organizations import Harbor, harbor_light
from trellis.billing.tests.remits import (
    FIRST_FILE_CLAIMS,
    PAID_DENIED_PARTIAL,
    REVERSAL_DEDUCTIBLE_TWO_CHECKS,
    SECOND_FILE_CLAIMS,
    read,
    submitted_claims,
)
from trellis.billing.x12.remit835 import parse_835
from trellis.privacy.models import AuditEvent


def statuses(organization: Any) -> dict[str, str]:
    return dict(Claim.objects.filter(organization=organization).values_list("control_number", "status"))


@pytest.fixture
def harbor(world: Any) -> Harbor:
    return harbor_light()


def test_another_organizations_biller_cannot_use_up_its_payment(world: Any, harbor: Harbor) -> None:
    # given Riverside's three submitted claims, answered by the payer's 835
    submitted_claims(world, FIRST_FILE_CLAIMS)
    events = AuditEvent.objects.count()
    # when Harbor Light's biller uploads that file
    with pytest.raises(ValidationError) as refused:
        import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=harbor.beth)
    # then it is refused with the reason, and nothing of Riverside's changed
    (message,) = refused.value.message_dict["file"]
    assert message.startswith("No claim in this file is one of your claims billed to the payer that sent it")
    assert set(statuses(world.organization).values()) == {ClaimStatus.SUBMITTED}
    assert (Remittance.objects.count(), AuditEvent.objects.count()) == (0, events)
    # and Riverside's own biller imports the same file afterwards: it is applied
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    assert (result.paid, result.denied) == (("TRPAID0001", "TRPART0003"), ("TRDENY0002",))
    assert Remittance.objects.get().organization == world.organization


def test_trace_and_control_numbers_repeat_across_organizations(world: Any, harbor: Harbor) -> None:
    # given both organizations billed claims under the same control numbers, to payers of the same name
    submitted_claims(world, FIRST_FILE_CLAIMS)
    submitted_claims(world, FIRST_FILE_CLAIMS, client=harbor.olive)
    # when each imports its own copy of a payment with the same trace number
    import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    riverside_after = statuses(world.organization)
    import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=harbor.beth)
    # then each organization's claims are decided once, by its own import
    assert (
        statuses(harbor.organization)
        == riverside_after
        == {
            "TRPAID0001": "paid",
            "TRDENY0002": "denied",
            "TRPART0003": "paid",
        }
    )
    assert sorted(Remittance.objects.values_list("organization__name", "trace_number")) == [
        ("Harbor Light Recovery", "CHK20261201001"),
        ("Riverside Recovery", "CHK20261201001"),
    ]
    # and a second import within one organization is still refused
    with pytest.raises(ValidationError, match="already imported"):
        import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=harbor.beth)


def test_a_claim_billed_to_another_payer_is_not_marked_paid(world: Any) -> None:
    # given Carol's denied-in-the-file claim was in fact billed to another payer
    submitted_claims(world, {"TRPAID0001": "750", "TRPART0003": "750"})
    lakeshore = given.PayerFactory.create(
        organization=world.organization, name="Lakeshore Health (fictional)"
    )
    other = Claim.objects.get(control_number="TRPAID0001")
    Claim.objects.create(
        organization=world.organization, client=world.carol, payer=lakeshore, coverage=other.coverage,
        claim_type=other.claim_type, control_number="TRDENY0002", statement_from=other.statement_from,
        statement_through=other.statement_through, total=Decimal(500), status=ClaimStatus.SUBMITTED,
    )  # fmt: skip
    # when Prairie Mutual's 835 is imported
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    # then Lakeshore's claim is skipped with the reason and stays awaiting its own payer
    assert (
        SkippedClaim(
            "TRDENY0002",
            "The claim was billed to Lakeshore Health (fictional), not to PRAIRIE MUTUAL (FICTIONAL): not applied.",
        )
        in result.skipped
    )
    assert Claim.objects.get(control_number="TRDENY0002").status == ClaimStatus.SUBMITTED
    assert result.paid == ("TRPAID0001", "TRPART0003")


def test_a_payer_that_sends_its_id_is_matched_on_it(world: Any) -> None:
    # given the payer names itself differently in the 835 but sends the payer id the claims were billed under
    claims = submitted_claims(world, FIRST_FILE_CLAIMS)
    payer_id = claims["TRPAID0001"].payer.payer_id
    renamed = read(PAID_DENIED_PARTIAL).replace(
        "N1*PR*PRAIRIE MUTUAL (FICTIONAL)~", f"N1*PR*PM HEALTH PLANS*XV*{payer_id}~"
    )
    result = import_remittance(text=renamed, imported_by=world.bill)
    assert (len(result.paid), len(result.denied)) == (2, 1)
    # and a file naming the right payer but another payer id answers none of the claims
    Claim.objects.update(status=ClaimStatus.SUBMITTED, paid_amount=None, denial_reason="")
    other = read(PAID_DENIED_PARTIAL).replace("CHK20261201001", "CHK20261201002")
    other = other.replace("REF*TJ*990000001~", "REF*TJ*990000001~\nREF*2U*77777~").replace("SE*41", "SE*42")
    with pytest.raises(ValidationError, match="No claim in this file is one of your claims"):
        import_remittance(text=other, imported_by=world.bill)


def test_the_835_reader_keeps_the_payers_own_ids() -> None:
    text = read(PAID_DENIED_PARTIAL).replace("N1*PR*PRAIRIE MUTUAL (FICTIONAL)~", "N1*PR*PM*XV*99001~")
    text = text.replace("REF*TJ*990000001~", "REF*TJ*990000001~\nREF*2U*PM-77~").replace("SE*41", "SE*42")
    (payment,) = parse_835(text).payments
    assert payment.payer_ids == ("99001", "PM-77")
    assert parse_835(read(PAID_DENIED_PARTIAL)).payments[0].payer_ids == ()


@pytest.mark.parametrize(
    ("payer_id", "payer_name", "remit_ids", "remit_name", "same"),
    [
        ("99001", "Prairie Mutual (fictional)", (), "PRAIRIE MUTUAL (FICTIONAL)", True),
        ("99001", "Prairie Mutual (fictional)", (), "PRAIRIE  MUTUAL FICTIONAL", True),
        ("99001", "Prairie Mutual (fictional)", (), "PRAIRIE MUTUAL OF OHIO", False),
        ("99001", "Prairie Mutual", ("99001",), "PM HEALTH", True),
        ("99001", "Prairie Mutual", ("77777",), "PRAIRIE MUTUAL", False),
        ("", "Prairie Mutual", ("77777",), "PRAIRIE MUTUAL", True),
        ("", "", (), "", False),
    ],
)
def test_same_payer(
    payer_id: str, payer_name: str, remit_ids: tuple[str, ...], remit_name: str, same: bool
) -> None:
    assert (
        same_payer(payer_id=payer_id, payer_name=payer_name, remit_ids=remit_ids, remit_name=remit_name)
        is same
    )


def test_the_command_applies_the_file_to_the_users_organization(
    world: Any, harbor: Harbor, capsys: Any
) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    with pytest.raises(CommandError, match="No claim in this file is one of your claims"):
        call_command("import_remittance", str(PAID_DENIED_PARTIAL), "--user", harbor.beth.username)
    call_command("import_remittance", str(PAID_DENIED_PARTIAL), "--user", world.bill.username)
    assert "Claims paid: 2" in capsys.readouterr().out


def test_a_payment_for_someone_elses_claims_in_a_file_with_ones_own_is_not_recorded(world: Any) -> None:
    # given a file of two payments: the first answers Carol's claims, the second only Dave's (Lakeside)
    numbers = dict(SECOND_FILE_CLAIMS)
    second_check = {"TRPAID0009": numbers.pop("TRPAID0009")}
    submitted_claims(world, numbers)
    submitted_claims(world, second_check, client=world.dave)
    # when Bill imports it
    result = import_remittance(text=read(REVERSAL_DEDUCTIBLE_TWO_CHECKS), imported_by=world.bill)
    # then only the first payment is recorded; the second stays free for Lakeside's biller
    assert [r.trace_number for r in result.remittances] == ["CHK20261215001"]
    assert result.not_recorded == ("CHK20261215002",)
    assert Claim.objects.get(control_number="TRPAID0009").status == ClaimStatus.SUBMITTED
    dana = import_remittance(text=read(REVERSAL_DEDUCTIBLE_TWO_CHECKS), imported_by=world.dana)
    assert [r.trace_number for r in dana.remittances] == ["CHK20261215002"]
    assert dana.paid == ("TRPAID0009",)


def test_services_refuse_another_organizations_records(world: Any, harbor: Harbor) -> None:
    claims = submitted_claims(world, FIRST_FILE_CLAIMS)
    with pytest.raises(ValidationError) as refused:
        services.record_claim_decision(
            claim=claims["TRPAID0001"], decided_by=harbor.beth, paid_amount=Decimal(1)
        )
    assert refused.value.message_dict == {"claim": ["That claim belongs to another organization."]}
    with pytest.raises(ValidationError) as refused:
        services.add_coverage(
            client=harbor.olive, payer=claims["TRPAID0001"].payer, member_id="X1", starts_on=dt.date(2026, 11, 1),
            added_by=harbor.beth,
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["payer"]
    assert Claim.objects.get(control_number="TRPAID0001").status == ClaimStatus.SUBMITTED
    assert harbor.olive.coverages.count() == 1
