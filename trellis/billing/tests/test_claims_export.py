"""Claims from released charges, exported as 837P/837I files that pyx12 validates; empty periods refused."""

import datetime as dt
import os
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError

from tests import factories
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus, ClaimStatus, ClaimType, PayerKind, PerDiemCode, UnitType
from trellis.billing.models import Charge, Claim, ClaimExport, MedicareCertification
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.x12_validation import validation_errors
from trellis.privacy.models import AuditEvent

MONDAY = dt.date(2026, 11, 2)


def medicare_client(world: Any) -> Any:
    """Dave's sister site aside, a Northside Medicare client with a certification and 3 services on Monday."""
    medicare = given.PayerFactory.create(
        organization=world.organization, name="Fictional Medicare Contractor", kind=PayerKind.MEDICARE,
        per_diem_code=PerDiemCode.MEDICARE_IOP, claim_type=ClaimType.INSTITUTIONAL, requires_authorization=False,
    )  # fmt: skip
    given.FeeFactory.create(
        payer=medicare, code="G0410", rate=Decimal("95.10"), unit_type=UnitType.PER_SESSION
    )
    client = factories.ClientFactory.create(
        site=world.site_a,
        legal_first_name="Gus",
        legal_last_name="Example",
        address_line1="12 Elm Street",
        city="Springfield",
        state="IL",
        postal_code="62702",
    )
    factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(client=client, program=world.program), track=world.track_a,
        phase=world.phase3,
    )  # fmt: skip
    given.insure(client, medicare, by=world.bill)
    prescriber = factories.UserFactory.create(role="prescriber", npi="1234567893", sites=[world.site_a])
    MedicareCertification.objects.create(
        client=client, kind="initial", certified_hours_per_week=9, signed_on=dt.date(2026, 10, 30),
        signed_at=dt.datetime(2026, 10, 30, 15, tzinfo=dt.UTC), signed_by=prescriber, signer_npi=prescriber.npi,
        attestation="I certify...",
    )  # fmt: skip
    for hour in (9, 11, 13):
        group = factories.RecurringGroupFactory.create(
            track=world.track_a, facilitator=world.alice, starts_at=dt.time(hour), duration_minutes=60
        )
        given.billable_day(world, client, MONDAY, minutes=60, group=group)
    return client


@pytest.fixture
def billed_period(world: Any) -> Any:
    given.BillingProfileFactory.create(organization=world.organization)
    commercial = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=commercial)
    given.insure(world.carol, commercial, by=world.bill)
    for offset in (0, 2, 4):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    medicare_client(world)
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    return world


def test_it_writes_one_valid_file_per_payer_and_claim_type(billed_period: Any, tmp_path: Path) -> None:
    # given a commercial per-diem client and a certified Medicare client, all charges released
    assert set(Charge.objects.values_list("status", flat=True)) == {ChargeStatus.RELEASED}
    # when November is exported
    given.export(billed_period.organization, "2026-11-01", "2026-11-30", tmp_path)
    files = sorted(tmp_path.glob("*.x12"))
    # then an 837P and an 837I file, each passing pyx12 with zero errors
    assert sorted(f.name.split("_")[1] for f in files) == ["837i", "837p"]
    for path in files:
        assert validation_errors(path) == [], path.name
    institutional = next(f for f in files if "_837i_" in f.name).read_text()
    assert "HI*BG:92~" in institutional  # REFERENCE.md s3: condition code 92 on Medicare IOP claims
    assert "SV2*0915*HC:G0410*95.1*UN*1~" in institutional
    professional = next(f for f in files if "_837p_" in f.name).read_text()
    assert professional.count("SV1*HC:H0015*250*UN*1**") == 3
    # and the claims are submitted, their charges billed, each file with its own control number
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}
    assert set(Charge.objects.values_list("status", flat=True)) == {ChargeStatus.BILLED}
    assert sorted(ClaimExport.objects.values_list("control_number", flat=True)) == [1, 2]
    # and each claim is on its client's audit trail
    drafted = AuditEvent.objects.filter(detail="claim drafted")
    assert sorted(drafted.values_list("object_id", flat=True)) == sorted(
        str(c.pk) for c in Claim.objects.all()
    )
    assert {e.client_id for e in drafted} == set(Claim.objects.values_list("client_id", flat=True))


def test_it_refuses_to_export_an_empty_period_and_writes_nothing(billed_period: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(
        CommandError, match="No released charges or draft claims for service dates 2026-10-01"
    ):
        given.export(billed_period.organization, "2026-10-01", "2026-10-31", out)
    assert not out.exists()
    assert Claim.objects.count() == 0


def test_it_does_not_export_the_same_charges_twice(billed_period: Any, tmp_path: Path) -> None:
    given.export(billed_period.organization, "2026-11-01", "2026-11-30", tmp_path / "a")
    with pytest.raises(CommandError):
        given.export(billed_period.organization, "2026-11-01", "2026-11-30", tmp_path / "b")


def test_it_records_payment_and_denial_with_a_reason(billed_period: Any, tmp_path: Path) -> None:
    given.export(billed_period.organization, "2026-11-01", "2026-11-30", tmp_path)
    paid, denied = Claim.objects.order_by("claim_type")
    services.record_claim_decision(claim=paid, decided_by=billed_period.bill, paid_amount=Decimal("250"))
    with pytest.raises(ValidationError) as refused:
        services.record_claim_decision(claim=denied, decided_by=billed_period.bill, denial_reason="nonsense")
    assert "denial_reason" in refused.value.message_dict
    services.record_claim_decision(
        claim=denied, decided_by=billed_period.bill, denial_reason="197", note="no auth"
    )
    assert [c.status for c in Claim.objects.order_by("claim_type")] == ["paid", "denied"]
    with pytest.raises(ValidationError, match="Only a submitted claim"):
        services.record_claim_decision(claim=paid, decided_by=billed_period.bill, paid_amount=Decimal(1))


def test_it_puts_submitted_claims_on_the_timeline_for_billing_roles_only(
    billed_period: Any, tmp_path: Path
) -> None:
    from trellis.core import timeline

    given.export(billed_period.organization, "2026-11-01", "2026-11-30", tmp_path)
    events = [
        e for e in timeline.collect(client=billed_period.carol, user=billed_period.bill) if e.kind == "Claim"
    ]
    assert len(events) == 1
    assert "submitted" in events[0].title
    assert [
        e for e in timeline.collect(client=billed_period.carol, user=billed_period.alice) if e.kind == "Claim"
    ] == []


def test_it_writes_claim_files_only_its_own_account_can_read(billed_period: Any, tmp_path: Path) -> None:
    # given a server whose umask would leave new files readable by everyone
    out = tmp_path / "claims" / "november"
    previous = os.umask(0o000)
    try:
        # when November is exported into a folder that does not exist yet
        given.export(billed_period.organization, "2026-11-01", "2026-11-30", out)
    finally:
        os.umask(previous)
    # then the folder is 0700 and every claim file 0600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    modes = {stat.S_IMODE(path.stat().st_mode) for path in out.iterdir()}
    assert modes == {0o600}


def test_it_refuses_a_folder_other_accounts_can_read_and_submits_nothing(
    billed_period: Any, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    with pytest.raises(CommandError, match="chmod 700"):
        given.export(billed_period.organization, "2026-11-01", "2026-11-30", shared)
    assert list(shared.iterdir()) == []
    assert not Claim.objects.filter(status=ClaimStatus.SUBMITTED).exists()
