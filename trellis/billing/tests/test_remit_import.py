"""Importing an 835: submitted claims paid or denied as the payer decided, refused files change nothing."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tests import factories
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ClaimStatus, DenialReason
from trellis.billing.models import Claim, Remittance
from trellis.billing.remittance import SkippedClaim, import_remittance
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.remits import (
    FIRST_FILE_CLAIMS,
    PAID_DENIED_PARTIAL,
    REVERSAL_DEDUCTIBLE_TWO_CHECKS,
    SECOND_FILE_CLAIMS,
    read,
    submitted_claims,
)
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)


def claim(number: str) -> Claim:
    return Claim.objects.get(control_number=number)


def states() -> dict[str, tuple[str, Decimal | None, str]]:
    return {c.control_number: (c.status, c.paid_amount, c.denial_reason) for c in Claim.objects.all()}


@time_machine.travel(NOW, tick=False)
def test_it_pays_denies_and_skips_as_the_payer_decided(world: Any) -> None:
    # given three submitted claims for Carol
    submitted_claims(world, FIRST_FILE_CLAIMS)
    # when Bill imports the payer's 835
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    # then the paid claim is paid in full, the partial one with what was paid, the denied one for 197
    assert result.paid == ("TRPAID0001", "TRPART0003")
    assert result.denied == ("TRDENY0002",)
    assert states() == {
        "TRPAID0001": ("paid", Decimal(750), ""),
        "TRDENY0002": ("denied", None, DenialReason.AUTHORIZATION),
        "TRPART0003": ("paid", Decimal(500), ""),
    }
    assert claim("TRDENY0002").get_denial_reason_display() == "197 Precertification/authorization absent"
    assert (
        claim("TRPART0003").denial_note
        == "835 payment CHK20261201001. Paid $500.00 of $750.00: CO-198 $250.00."
    )
    assert claim("TRPAID0001").decided_at == NOW
    # and the line for a control number Trellis never billed is reported, not fatal
    assert result.skipped == (SkippedClaim("TRNONE0404", "No claim you can see has this control number."),)
    # and the payment is remembered with its counts
    (remittance,) = result.remittances
    assert (remittance.trace_number, remittance.payer_identifier) == ("CHK20261201001", "1990000099")
    assert (remittance.payment_amount, remittance.payment_date) == (Decimal(1500), dt.date(2026, 12, 1))
    assert (remittance.applied_count, remittance.skipped_count) == (3, 1)
    assert (remittance.imported_by, remittance.imported_at) == (world.bill, NOW)
    assert remittance.organization == world.organization


def test_it_writes_an_audit_event_per_decided_claim_and_one_for_the_payment(world: Any) -> None:
    claims = submitted_claims(world, FIRST_FILE_CLAIMS)
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    events = AuditEvent.objects.filter(
        actor=world.bill, action=AuditEvent.Action.UPDATE, object_type="billing.Claim"
    )
    assert sorted((e.object_id, e.client_id, e.detail) for e in events) == sorted(
        (str(claims[number].pk), world.carol.pk, detail)
        for number, detail in [
            ("TRPAID0001", "claim paid"),
            ("TRDENY0002", "claim denied"),
            ("TRPART0003", "claim paid"),
        ]
    )
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="billing.Remittance")
    assert created.object_id == str(result.remittances[0].pk)
    assert created.detail == "835 remittance imported: 3 claims applied, 1 skipped"
    assert created.actor == world.bill


def test_it_reads_every_payment_in_a_file_and_leaves_reversals_to_a_person(world: Any) -> None:
    # given the five claims the second file answers, one of them already paid by hand
    claims = submitted_claims(world, SECOND_FILE_CLAIMS)
    services.record_claim_decision(
        claim=claims["TRREVS0005"], decided_by=world.bill, paid_amount=Decimal(750)
    )
    # when the file with two checks is imported
    result = import_remittance(text=read(REVERSAL_DEDUCTIBLE_TWO_CHECKS), imported_by=world.bill)
    # then the reversal is reported, not applied: the claim stays paid
    assert claim("TRREVS0005").paid_amount == Decimal(750)
    assert result.skipped == (
        SkippedClaim(
            "TRREVS0005", "Claim status 22: a reversal of an earlier payment: not applied; review it by hand."
        ),
    )
    # and an unlisted reason is denied as Other with its code in the note; all to deductible is paid $0
    assert claim("TRRSN00006").denial_reason == DenialReason.OTHER
    assert "CARC 204" in claim("TRRSN00006").denial_note
    assert (claim("TRDEDU0007").status, claim("TRDEDU0007").paid_amount) == ("paid", Decimal(0))
    assert (claim("TRSECD0008").paid_amount, claim("TRPAID0009").paid_amount) == (Decimal(900), Decimal(250))
    # and each check is its own remittance
    assert sorted(Remittance.objects.values_list("trace_number", "applied_count", "skipped_count")) == [
        ("CHK20261215001", 3, 1),
        ("CHK20261215002", 1, 0),
    ]


def test_it_skips_a_claim_that_is_not_awaiting_a_decision(world: Any) -> None:
    claims = submitted_claims(world, FIRST_FILE_CLAIMS)
    Claim.objects.filter(pk=claims["TRDENY0002"].pk).update(status=ClaimStatus.DRAFT)
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    assert SkippedClaim("TRDENY0002", "The claim is draft, not awaiting a decision.") in result.skipped
    assert claim("TRDENY0002").status == ClaimStatus.DRAFT


def test_it_applies_only_the_first_of_two_decisions_on_one_claim(world: Any) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    text = read(PAID_DENIED_PARTIAL).replace("CLP*TRNONE0404*", "CLP*TRPAID0001*")
    result = import_remittance(text=text, imported_by=world.bill)
    assert result.skipped == (SkippedClaim("TRPAID0001", "The claim is paid, not awaiting a decision."),)
    assert claim("TRPAID0001").paid_amount == Decimal(750)


def test_a_biller_of_another_site_leaves_the_payment_to_its_own_biller(world: Any) -> None:
    # given the file answers only a claim of Dave's at Lakeside, where Bill does not work
    submitted_claims(world, {"TRDENY0002": "500"}, client=world.dave)
    # when Bill imports it, it is refused: none of its claims is his
    with pytest.raises(ValidationError, match="No claim in this file is one of your claims"):
        import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    # then nothing changed and the payment's trace number was not used up
    assert claim("TRDENY0002").status == ClaimStatus.SUBMITTED
    assert Remittance.objects.count() == 0
    # and Dana, who works at both sites, imports the very same file
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.dana)
    assert result.denied == ("TRDENY0002",)
    assert claim("TRDENY0002").status == ClaimStatus.DENIED


def test_it_treats_another_sites_claim_in_a_file_of_its_own_claims_as_unknown(world: Any) -> None:
    submitted_claims(world, {"TRPAID0001": "750"})
    submitted_claims(world, {"TRDENY0002": "500"}, client=world.dave)
    result = import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    assert SkippedClaim("TRDENY0002", "No claim you can see has this control number.") in result.skipped
    assert (claim("TRPAID0001").status, claim("TRDENY0002").status) == (
        ClaimStatus.PAID,
        ClaimStatus.SUBMITTED,
    )


def test_it_refuses_the_same_payment_twice_and_changes_nothing(world: Any) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    Claim.objects.update(status=ClaimStatus.SUBMITTED, paid_amount=None, denial_reason="")
    before, events = states(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    assert refused.value.message_dict == {
        "file": [
            "Payment CHK20261201001 from PRAIRIE MUTUAL (FICTIONAL) was already imported: "
            "nothing in this file was applied."
        ]
    }
    assert states() == before
    assert (Remittance.objects.count(), AuditEvent.objects.count()) == (1, events)


def test_it_applies_the_new_payments_of_a_file_and_not_one_imported_before(world: Any) -> None:
    # given the first check of the second file was imported already
    submitted_claims(world, FIRST_FILE_CLAIMS)
    submitted_claims(world, SECOND_FILE_CLAIMS)
    first_check_only = read(REVERSAL_DEDUCTIBLE_TWO_CHECKS).replace("CHK20261215002", "CHK20261201001")
    import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    # when a file holding a new check and that one is imported
    result = import_remittance(text=first_check_only, imported_by=world.bill)
    # then the new check is applied and the one imported before is reported, not applied again
    assert result.already_imported == ("CHK20261201001",)
    assert [r.trace_number for r in result.remittances] == ["CHK20261215001"]
    assert claim("TRPAID0009").status == ClaimStatus.SUBMITTED
    assert claim("TRSECD0008").status == ClaimStatus.PAID
    assert Remittance.objects.count() == 2


def test_it_refuses_a_file_naming_one_payment_twice(world: Any) -> None:
    submitted_claims(world, SECOND_FILE_CLAIMS)
    text = read(REVERSAL_DEDUCTIBLE_TWO_CHECKS).replace("CHK20261215002", "CHK20261215001")
    with pytest.raises(ValidationError, match="the same payment trace number twice"):
        import_remittance(text=text, imported_by=world.bill)
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("SE*41*0001", "SE*39*0001", "SE (segment 43 of the file): SE01 says 39 segments, the file has 41."),
        ("CLP*TRNONE0404*1*250*250", "CLP*TRNONE0404*1*250*2S0", "CLP (segment 40 of the file): CLP04"),
        ("ISA*", "XSA*", "ISA: The file does not start with an ISA segment"),
    ],
    ids=["se-count", "last-claim-amount", "no-isa"],
)
def test_it_refuses_a_malformed_file_and_changes_nothing(world: Any, old: str, new: str, named: str) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_remittance(text=read(PAID_DENIED_PARTIAL).replace(old, new), imported_by=world.bill)
    (message,) = refused.value.message_dict["file"]
    assert message.startswith("This file is not a readable 835 remittance. ")
    assert named in message
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}
    assert (Remittance.objects.count(), AuditEvent.objects.count()) == (0, events)


@pytest.mark.parametrize("name", ["alice", "amy", "nora"])
def test_it_lets_no_one_but_billing_roles_import(world: Any, name: str) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    with pytest.raises(PermissionDenied):
        import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=getattr(world, name))
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}
    assert Remittance.objects.count() == 0


def test_it_answers_claims_trellis_exported(world: Any, tmp_path: Path) -> None:
    # given Carol's three November days exported as one 837P claim
    given.BillingProfileFactory.create(organization=world.organization)
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual (fictional)")
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill)
    for offset in (0, 2, 4):
        given.billable_day(world, world.carol, dt.date(2026, 11, 2) + dt.timedelta(days=offset))
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    given.export(world.organization, "2026-11-01", "2026-11-30", tmp_path)
    exported = Claim.objects.get()
    # when the payer's 835 answers its control number
    text = read(PAID_DENIED_PARTIAL).replace("TRPAID0001", exported.control_number)
    import_remittance(text=text, imported_by=world.bill)
    # then it is paid
    exported.refresh_from_db()
    assert (exported.status, exported.paid_amount) == (ClaimStatus.PAID, Decimal(750))


def test_the_command_prints_a_summary_and_refuses_a_repeat(world: Any, capsys: Any) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    call_command("import_remittance", str(PAID_DENIED_PARTIAL), "--user", world.bill.username)
    printed = capsys.readouterr().out
    assert "Payments imported: 1 (CHK20261201001)" in printed
    assert "Claims paid: 2\nClaims denied: 1\nClaim lines skipped: 1\n" in printed
    assert "  TRNONE0404: No claim you can see has this control number." in printed
    with pytest.raises(CommandError, match="already imported"):
        call_command("import_remittance", str(PAID_DENIED_PARTIAL), "--user", world.bill.username)


@pytest.mark.parametrize(
    ("arguments", "refusal"),
    [
        (["missing.835", "--user", "bill"], "missing.835: no such file."),
        ([str(PAID_DENIED_PARTIAL), "--user", "nobody"], "No active user is called 'nobody'."),
        ([str(PAID_DENIED_PARTIAL), "--user", "alice"], "may not import remittances"),
    ],
    ids=["no-file", "no-user", "clinician"],
)
def test_the_command_refuses_what_it_cannot_do(world: Any, arguments: list[str], refusal: str) -> None:
    names = {"bill": world.bill.username, "alice": world.alice.username}
    arguments = [names.get(argument, argument) for argument in arguments]
    with pytest.raises(CommandError, match=refusal):
        call_command("import_remittance", *arguments)
    assert Remittance.objects.count() == 0


def test_the_command_refuses_a_file_that_is_not_text(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "remit.835"
    path.write_bytes(b"\xff\xfe\x00ISA")
    with pytest.raises(CommandError, match="cannot be read as a text file"):
        call_command("import_remittance", str(path), "--user", world.bill.username)


def test_it_needs_an_organization(world: Any) -> None:
    orphan = factories.UserFactory.create(role="biller", organization=None)
    with pytest.raises(ValidationError, match="belongs to no organization"):
        import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=orphan)
