"""Corrected and voided claims: the payer's claim number kept from the 835, a replacement (frequency 7) or void
(8) naming it in REF*F8, exported through the same gate and passing pyx12; refusals change nothing.

Sources: ASC X12 005010X222A1 (837P) and 005010X223A2 (837I) loop 2300 CLM05-3 claim frequency type code and
REF*F8 payer claim control number (required when CLM05-3 is 7 or 8); 005010X221A1 (835) CLP07 payer claim
control number; NUBC UB-04 FL4 type of bill third digit: 7 replacement of prior claim, 8 void/cancel of prior
claim.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.urls import reverse

from trellis.billing import claim_corrections, services
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus, ClaimStatus, ClaimType
from trellis.billing.models import BillingProfile, Charge, Claim
from trellis.billing.remittance import import_remittance
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.remits import FIRST_FILE_CLAIMS, PAID_DENIED_PARTIAL, read, submitted_claims
from trellis.billing.tests.test_claims_export import MONDAY, medicare_client
from trellis.billing.tests.x12_validation import validation_errors
from trellis.privacy import consents
from trellis.privacy.consent_models import Consent
from trellis.privacy.models import AuditEvent

FIRST, LAST = "2026-11-01", "2026-11-30"
PAID_NUMBER = "PM26120100001"  # CLP07 of TRPAID0001 in paid_denied_partial.835


@pytest.fixture
def paid(world: Any, tmp_path: Path) -> Claim:
    """Carol's three November days billed on an 837P to Prairie Mutual, exported, and paid by its 835."""
    given.BillingProfileFactory.create(organization=world.organization)
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual (fictional)")
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill)
    for offset in (0, 2, 4):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    given.export(world.organization, FIRST, LAST, tmp_path / "first")
    # the payer's 835 answers the claim under the control number it was sent with (fixture's TRPAID0001)
    Claim.objects.update(control_number="TRPAID0001")
    import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    return Claim.objects.get()


def exported(out: Path) -> str:
    (path,) = out.glob("*.x12")
    assert validation_errors(path) == []
    return path.read_text()


def test_it_keeps_the_payers_claim_number_when_an_835_is_applied(world: Any) -> None:
    # given three submitted claims
    submitted_claims(world, FIRST_FILE_CLAIMS)
    # when the payer's 835 is imported
    import_remittance(text=read(PAID_DENIED_PARTIAL), imported_by=world.bill)
    # then each decided claim keeps the payer's claim control number (CLP07), paid and denied alike
    numbers = dict(Claim.objects.values_list("control_number", "payer_claim_number"))
    assert numbers == {
        "TRPAID0001": "PM26120100001",
        "TRDENY0002": "PM26120100002",
        "TRPART0003": "PM26120100003",
    }


def test_a_replacement_goes_out_as_frequency_7_naming_the_payers_claim(
    world: Any, paid: Claim, tmp_path: Path
) -> None:
    assert (paid.status, paid.payer_claim_number) == (ClaimStatus.PAID, PAID_NUMBER)
    # when Bill corrects the paid claim
    replacement = claim_corrections.replace_claim(paid, "Units on Nov 4 were wrong", world.bill)
    # then a draft replacement carries the claim's lines, and the original stands as the payer decided it
    assert (replacement.status, replacement.frequency, replacement.replaces) == (ClaimStatus.DRAFT, "7", paid)
    assert replacement.total == Decimal(750)
    assert set(Charge.objects.values_list("claim", flat=True)) == {replacement.pk}
    paid.refresh_from_db()
    assert paid.status == ClaimStatus.PAID
    # when the period is exported again
    given.export(world.organization, FIRST, LAST, tmp_path / "second")
    # then the 837P carries CLM05-3 = 7 and REF*F8 with the payer's number, and passes pyx12
    text = exported(tmp_path / "second")
    assert f"CLM*{replacement.control_number}*750***57:B:7*" in text
    assert f"REF*F8*{PAID_NUMBER}~" in text
    assert text.count("SV1*HC:H0015*250*UN*1**") == 3
    replacement.refresh_from_db()
    assert replacement.status == ClaimStatus.SUBMITTED
    # and the correction is on Carol's trail
    assert AuditEvent.objects.filter(
        client=world.carol, detail="claim drafted: replacement of claim TRPAID0001"
    ).exists()


def test_a_replacement_sends_the_corrected_set_of_lines(world: Any, paid: Claim, tmp_path: Path) -> None:
    # given one of the paid claim's charges was voided since (the day should not have been billed)
    dropped = Charge.objects.order_by("service_date").last()
    assert dropped is not None
    Charge.objects.filter(pk=dropped.pk).update(status=ChargeStatus.VOID)
    # when Bill corrects the claim
    replacement = claim_corrections.replace_claim(paid, "Nov 6 was not attended", world.bill)
    given.export(world.organization, FIRST, LAST, tmp_path / "second")
    # then the replacement sends the two standing lines only, and the voided charge stays with the original
    text = exported(tmp_path / "second")
    assert f"CLM*{replacement.control_number}*500***57:B:7*" in text
    assert text.count("SV1*HC:H0015*250*UN*1**") == 2
    dropped.refresh_from_db()
    assert dropped.claim_id == paid.pk


def test_a_void_goes_out_as_frequency_8_and_voids_the_original_once_exported(
    world: Any, paid: Claim, tmp_path: Path
) -> None:
    # when Bill voids the paid claim
    void = claim_corrections.void_claim(paid, "Billed to the wrong payer", world.bill)
    # then the original is not voided until the void goes out
    paid.refresh_from_db()
    assert (void.frequency, paid.status) == ("8", ClaimStatus.PAID)
    given.export(world.organization, FIRST, LAST, tmp_path / "second")
    # and the 837P repeats the lines with CLM05-3 = 8 and REF*F8, passing pyx12
    text = exported(tmp_path / "second")
    assert f"CLM*{void.control_number}*750***57:B:8*" in text
    assert f"REF*F8*{PAID_NUMBER}~" in text
    assert text.count("SV1*HC:H0015*250*UN*1**") == 3
    paid.refresh_from_db()
    assert paid.status == ClaimStatus.VOIDED
    assert AuditEvent.objects.filter(object_id=str(paid.pk), detail__startswith="claim voided").exists()


def test_an_institutional_replacement_has_type_of_bill_xx7(world: Any, tmp_path: Path) -> None:
    # given a Medicare client's 837I claim, exported and paid, with the payer's claim number
    given.BillingProfileFactory.create(organization=world.organization)
    client = medicare_client(world)
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    given.export(world.organization, FIRST, LAST, tmp_path / "first")
    original = Claim.objects.get(client=client)
    assert original.claim_type == ClaimType.INSTITUTIONAL
    services.record_claim_decision(claim=original, decided_by=world.bill, paid_amount=Decimal("285.30"))
    claim_corrections.keep_payer_claim_number(original, "21126300123456")
    # when Bill corrects it and the period is exported again
    replacement = claim_corrections.replace_claim(original, "Wrong revenue code", world.bill)
    given.export(world.organization, FIRST, LAST, tmp_path / "second")
    # then the bill type is the facility code with frequency 7 (e.g. 0767), REF*F8 names the claim, and the
    # patient status is the original's
    text = exported(tmp_path / "second")
    facility = BillingProfile.objects.get().facility_type
    assert f"CLM*{replacement.control_number}*285.3***{facility}:A:7*" in text
    assert "REF*F8*21126300123456~" in text
    (cl1,) = [segment for segment in text.split("~") if segment.strip().startswith("CL1*")]
    assert original.patient_status
    assert cl1.endswith(f"*{original.patient_status}")


def _state() -> list[Any]:
    claims = list(Claim.objects.order_by("pk").values_list("pk", "status", "frequency", "updated_at"))
    charges = list(Charge.objects.order_by("pk").values_list("pk", "claim", "status"))
    return [claims, charges, AuditEvent.objects.count()]


def test_a_claim_the_payer_has_not_adjudicated_is_refused(world: Any, paid: Claim) -> None:
    # given a submitted claim the payer has not answered, and a paid one without the payer's number
    (waiting,) = submitted_claims(world, {"TRWAIT0010": "250"}).values()
    Claim.objects.filter(pk=paid.pk).update(payer_claim_number="")
    before = _state()
    # then neither is corrected nor voided, and the biller is told what to do instead
    for claim in (waiting, paid):
        for correction in (claim_corrections.replace_claim, claim_corrections.void_claim):
            with pytest.raises(ValidationError, match="withdraw the draft instead"):
                correction(claim, "Wrong units", world.bill)
    assert _state() == before


def test_a_claim_already_replaced_or_voided_is_refused(world: Any, paid: Claim, tmp_path: Path) -> None:
    replacement = claim_corrections.replace_claim(paid, "Wrong units", world.bill)
    before = _state()
    with pytest.raises(
        ValidationError, match=f"already has a replacement \\({replacement.control_number}\\)"
    ):
        claim_corrections.void_claim(paid, "Wrong payer", world.bill)
    assert _state() == before
    # and once a void of another claim has gone out, that claim is voided for good
    Claim.objects.filter(pk=paid.pk).update(status=ClaimStatus.VOIDED)
    with pytest.raises(ValidationError, match="already voided"):
        claim_corrections.replace_claim(paid, "Wrong units", world.bill)


def test_a_correction_needs_a_reason(world: Any, paid: Claim) -> None:
    before = _state()
    with pytest.raises(ValidationError, match="Say why the claim needs a void"):
        claim_corrections.void_claim(paid, "   ", world.bill)
    assert _state() == before


def test_another_organizations_claim_is_refused_and_not_found(world: Any, paid: Claim, client: Any) -> None:
    before = _state()
    with pytest.raises(ValidationError, match="belongs to another organization"):
        claim_corrections.replace_claim(paid, "Wrong units", world.olga)
    client.force_login(world.olga)
    for name in ("billing:correct_claim", "billing:void_claim"):
        response = client.post(reverse(name, kwargs={"pk": paid.pk}), {"reason": "Wrong units"})
        assert response.status_code == 404
    assert _state() == before


def test_the_claims_page_offers_correct_and_void_on_adjudicated_claims_only(
    world: Any, paid: Claim, client: Any
) -> None:
    # given a paid claim and one still awaiting the payer
    submitted_claims(world, {"TRWAIT0010": "250"})
    client.force_login(world.bill)
    page = client.get(reverse("billing:claims")).content.decode()
    # then only the paid claim has the buttons
    assert reverse("billing:correct_claim", kwargs={"pk": paid.pk}) in page
    assert reverse("billing:void_claim", kwargs={"pk": paid.pk}) in page
    assert page.count("/correct/") == 1
    # when Bill voids it with a reason
    response = client.post(
        reverse("billing:void_claim", kwargs={"pk": paid.pk}), {"reason": "Wrong payer"}, follow=True
    )
    # then he is told a void is drafted for the next export, and the buttons are gone
    void = Claim.objects.get(replaces=paid)
    text = response.content.decode()
    assert f"Claim {void.control_number} drafted, the void of claim TRPAID0001" in text
    assert "Voids claim TRPAID0001: Wrong payer" in text
    assert "/correct/" not in text


def test_a_correction_the_gate_withdraws_gives_its_lines_back_to_the_original(
    world: Any, paid: Claim, tmp_path: Path
) -> None:
    # given a drafted replacement, then Carol revokes her consent before the export
    claim_corrections.replace_claim(paid, "Wrong units", world.bill)
    consent = Consent.objects.get(client=world.carol)
    consents.revoke(consent=consent, method="in writing", note="", actor=world.amy)
    # when the period is exported, the gate refuses her claims and nothing is written
    with pytest.raises(CommandError):
        given.export(world.organization, FIRST, LAST, tmp_path / "second")
    # then the replacement is withdrawn and its charges are back on the paid claim, not queued to bill again
    assert list(Claim.objects.all()) == [paid]
    assert set(Charge.objects.values_list("claim", "status")) == {(paid.pk, ChargeStatus.BILLED)}
    # and the claim may be corrected again once the consent is back
    assert claim_corrections.is_correctable(Claim.objects.get())
