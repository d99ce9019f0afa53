"""Two organizations bill side by side: capture, claims and export each touch one organization only, and each
file goes out under the billing identity of the organization whose claims it carries."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from trellis.billing import tasks
from trellis.billing.capture import capture_charges, recheck_held_charges
from trellis.billing.choices import ChargeStatus, ClaimStatus
from trellis.billing.claims import prepare_claims
from trellis.billing.models import Charge, Claim, ClaimExport
from trellis.billing.scope import NoOrganization
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.organizations import Harbor, harbor_day, harbor_light
from trellis.billing.tests.x12_validation import validation_errors

MONDAY = dt.date(2026, 11, 2)
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture
def two_organizations(world: Any) -> Harbor:
    """Carol (Riverside) and Olive (Harbor Light) each attend three signed, covered November days."""
    given.BillingProfileFactory.create(organization=world.organization)
    riverside_payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=riverside_payer)
    given.insure(world.carol, riverside_payer, by=world.bill)
    harbor = harbor_light()
    for offset in (0, 2, 4):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
        harbor_day(harbor, MONDAY + dt.timedelta(days=offset))
    return harbor


def charged_clients() -> set[str]:
    return set(Charge.objects.values_list("client__legal_first_name", flat=True))


def test_capture_for_one_organization_touches_only_its_clients(world: Any, two_organizations: Harbor) -> None:
    # when Riverside's charges are captured
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)
    # then Carol's days are charged and Olive's are not
    assert charged_clients() == {"Carol"}
    # and when Harbor Light's biller captures, only Olive's days are added; Carol's stay as they were
    before = list(Charge.objects.values_list("pk", "status", "updated_at"))
    result = capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], actor=two_organizations.beth)
    assert (result.created, charged_clients()) == (3, {"Carol", "Olive"})
    assert list(Charge.objects.filter(client=world.carol).values_list("pk", "status", "updated_at")) == before


def test_capture_of_another_organizations_clients_charges_nothing(
    world: Any, two_organizations: Harbor
) -> None:
    capture_charges(
        first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization,
        client_ids=[two_organizations.olive.pk],
    )  # fmt: skip
    assert Charge.objects.count() == 0


def test_a_job_refuses_to_run_without_an_organization_or_for_a_user_of_another(
    world: Any, two_organizations: Harbor
) -> None:
    with pytest.raises(NoOrganization, match="needs an organization"):
        capture_charges(first=NOVEMBER[0], last=NOVEMBER[1])
    with pytest.raises(NoOrganization, match="does not belong to Riverside Recovery"):
        prepare_claims(
            first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization, actor=two_organizations.beth
        )
    assert (Charge.objects.count(), Claim.objects.count()) == (0, 0)


def test_recheck_for_one_organization_leaves_the_others_holds(world: Any, two_organizations: Harbor) -> None:
    # given both organizations' charges held for want of a diagnosis
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=two_organizations.organization)
    Charge.objects.update(status=ChargeStatus.HELD, hold_reasons=["missing_diagnosis"])
    olives = Charge.objects.filter(client=two_organizations.olive)
    before = list(olives.values_list("pk", "status", "hold_reasons", "updated_at"))
    # when Riverside rechecks its held charges
    result = recheck_held_charges(organization=world.organization)
    # then Carol's are released and Olive's are still held, untouched
    assert result.released == 3
    assert set(Charge.objects.filter(client=world.carol).values_list("status", flat=True)) == {"released"}
    assert list(olives.values_list("pk", "status", "hold_reasons", "updated_at")) == before


def test_preparing_claims_for_one_organization_drafts_only_its_claims(
    world: Any, two_organizations: Harbor
) -> None:
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=two_organizations.organization)
    drafted = prepare_claims(first=NOVEMBER[0], last=NOVEMBER[1], organization=two_organizations.organization)
    assert [(c.client_id, c.organization_id) for c in drafted] == [
        (two_organizations.olive.pk, two_organizations.organization.pk)
    ]
    assert set(Charge.objects.filter(client=world.carol).values_list("status", flat=True)) == {"released"}


def test_export_carries_one_organizations_claims_under_its_own_billing_identity(
    world: Any, two_organizations: Harbor, tmp_path: Path
) -> None:
    # given both organizations' November charges captured
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=two_organizations.organization)
    # when Riverside's November is exported
    given.export(world.organization, "2026-11-01", "2026-11-30", tmp_path / "riverside")
    (riverside_file,) = (tmp_path / "riverside").glob("*.x12")
    text = riverside_file.read_text()
    # then the file is Riverside's: its billing provider, its submitter, its client, and nothing of Harbor Light
    assert "NM1*85*2*Riverside Recovery IOP*" in text
    assert "*ZZ*TRELLIS01 " in text
    assert "*Northcott*Carol" in text
    assert "HARBOR" not in text.upper()
    assert validation_errors(riverside_file) == []
    # and Olive's charges were not put on any claim
    assert Claim.objects.filter(client=two_organizations.olive).count() == 0
    # when Harbor Light's November is exported, it carries its own identity and starts its own control numbers
    given.export(two_organizations.organization, "2026-11-01", "2026-11-30", tmp_path / "harbor")
    (harbor_file,) = (tmp_path / "harbor").glob("*.x12")
    harbor_text = harbor_file.read_text()
    assert "NM1*85*2*Harbor Light IOP*" in harbor_text
    assert "*ZZ*HARBOR77 " in harbor_text
    assert "NORTHCOTT" not in harbor_text.upper()
    assert "Riverside" not in harbor_text
    assert sorted(ClaimExport.objects.values_list("organization__name", "control_number")) == [
        ("Harbor Light Recovery", 1),
        ("Riverside Recovery", 1),
    ]
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}


def test_export_names_its_organization_and_refuses_one_without_a_billing_profile(
    world: Any, two_organizations: Harbor, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No organization has the name or id 'Nowhere'"):
        call_command(
            "export_claims", "--organization", "Nowhere", "--from", "2026-11-01", "--to", "2026-11-30",
            "--out", str(tmp_path),
        )  # fmt: skip
    with pytest.raises(CommandError, match="the following arguments are required: --organization"):
        call_command("export_claims", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(tmp_path))
    two_organizations.organization.billing_profile.delete()
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=two_organizations.organization)
    with pytest.raises(CommandError, match="This organization has no billing profile"):
        call_command(
            "export_claims", "--organization", str(two_organizations.organization.pk), "--from", "2026-11-01",
            "--to", "2026-11-30", "--out", str(tmp_path),
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    assert Claim.objects.count() == 0


def test_the_nightly_job_captures_each_organization_on_its_own(world: Any, two_organizations: Harbor) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 9, 8, tzinfo=dt.UTC), tick=False):
        tasks.nightly_capture_and_recheck.call_local()
    by_organization = set(
        Charge.objects.values_list("client__organization__name", "client__legal_first_name")
    )
    assert by_organization == {("Riverside Recovery", "Carol"), ("Harbor Light Recovery", "Olive")}


@pytest.mark.parametrize("model", ["claim", "export"])
def test_control_numbers_are_unique_within_an_organization_only(
    world: Any, two_organizations: Harbor, model: str
) -> None:
    def create(organization: Any, client: Any, payer: Any) -> None:
        if model == "claim":
            coverage = client.coverages.get()
            Claim.objects.create(
                organization=organization, client=client, payer=payer, coverage=coverage, claim_type="837p",
                control_number="TRSAME000001", statement_from=MONDAY, statement_through=MONDAY, total=250,
            )  # fmt: skip
        else:
            ClaimExport.objects.create(
                organization=organization, payer=payer, claim_type="837p", control_number=7, file_name="f.x12",
                period_from=MONDAY, period_to=MONDAY, claim_count=1, total=250,
            )  # fmt: skip

    riverside_payer = world.carol.coverages.get().payer
    create(world.organization, world.carol, riverside_payer)
    create(two_organizations.organization, two_organizations.olive, two_organizations.payer)
    with pytest.raises(IntegrityError), transaction.atomic():
        create(world.organization, world.carol, riverside_payer)
