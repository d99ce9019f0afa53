"""Bad input gets a clear message naming the field and changes nothing."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.billing import services
from trellis.billing.models import Authorization, Coverage, FeeScheduleEntry, MedicareCertification
from trellis.billing.tests import billing_factories as given
from trellis.privacy.models import AuditEvent

NOV1, NOV30 = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert AuditEvent.objects.count() == events
    return error.value.message_dict


def test_it_refuses_an_authorization_ending_before_it_starts(world: Any) -> None:
    coverage = given.CoverageFactory.create(client=world.carol)
    errors = refused(
        services.add_authorization, coverage=coverage, number="A-1", starts_on=NOV30, ends_on=NOV1,
        units_authorized=12, added_by=world.bill,
    )  # fmt: skip
    assert errors == {
        "ends_on": [
            "The authorization ends on Nov 01, 2026, before it starts on Nov 30, 2026: check both dates."
        ]
    }
    assert Authorization.objects.count() == 0


def test_it_refuses_a_fee_overlapping_another_for_the_same_payer_and_code(world: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual")
    services.add_fee(payer=payer, code="H0015", rate=Decimal(250), unit_type="per_diem", starts_on=dt.date(2026, 1, 1),
                     ends_on=dt.date(2026, 12, 31), added_by=world.bill)  # fmt: skip
    errors = refused(
        services.add_fee, payer=payer, code="h0015", rate=Decimal(260), unit_type="per_diem",
        starts_on=dt.date(2026, 12, 1), added_by=world.bill,
    )  # fmt: skip
    assert errors["starts_on"] == [
        "These dates overlap the H0015 fee of $250.00 in effect from Jan 01, 2026 (Dec 31, 2026) for Prairie Mutual: "
        "end that fee first or change the dates."
    ]
    # the next year's rate, and another code on the same dates, are fine
    services.add_fee(payer=payer, code="H0015", rate=Decimal(260), unit_type="per_diem", starts_on=dt.date(2027, 1, 1),
                     added_by=world.bill)  # fmt: skip
    services.add_fee(payer=payer, code="S9480", rate=Decimal(300), unit_type="per_diem", starts_on=dt.date(2026, 12, 1),
                     added_by=world.bill)  # fmt: skip
    assert FeeScheduleEntry.objects.count() == 3


def test_it_refuses_a_coverage_without_a_member_id(world: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    errors = refused(
        services.add_coverage,
        client=world.carol,
        payer=payer,
        member_id="  ",
        starts_on=NOV1,
        added_by=world.bill,
    )
    assert errors == {
        "member_id": ["Enter the member id from the insurance card: a claim cannot be sent without it."]
    }
    assert Coverage.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": dt.date(2026, 10, 1)}, "ends_on"),
        ({"relationship": "19"}, "subscriber_last_name"),
        ({"deductible": Decimal(100), "deductible_met": Decimal(200)}, "deductible_met"),
    ],
)
def test_it_refuses_other_bad_coverages(world: Any, changes: dict[str, Any], field: str) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    arguments = {
        "client": world.carol,
        "payer": payer,
        "member_id": "M1",
        "starts_on": NOV1,
        "added_by": world.bill,
    }
    assert field in refused(services.add_coverage, **{**arguments, **changes})


def test_it_refuses_a_second_primary_coverage_on_the_same_dates(world: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    services.add_coverage(
        client=world.carol, payer=payer, member_id="M1", starts_on=NOV1, added_by=world.bill
    )
    errors = refused(services.add_coverage, client=world.carol, payer=payer, member_id="M2", starts_on=NOV30,
                     added_by=world.bill)  # fmt: skip
    assert errors == {"order": ["The client already has a primary coverage on those dates."]}


@pytest.mark.parametrize("code", ["F1020", "10.20", "F10.20000", ""])
def test_it_refuses_a_diagnosis_that_is_not_icd10(world: Any, code: str) -> None:
    assert "code" in refused(services.add_diagnosis, client=world.carol, code=code, recorded_by=world.bill)


@pytest.mark.parametrize(("hours", "ok"), [(8, False), (9, True), (19, True), (20, False)])
def test_it_certifies_medicare_iop_only_between_9_and_19_hours(world: Any, hours: int, ok: bool) -> None:
    from tests import factories

    doctor = factories.UserFactory.create(role="prescriber", npi="1234567893")
    arguments = {"client": world.carol, "certified_hours_per_week": hours, "signed_by": doctor, "attested": True,
                 "kind": "initial"}  # fmt: skip
    if ok:
        certification = services.sign_certification(**arguments)
        assert certification.signer_npi == "1234567893"
        assert "at least" in certification.attestation
    else:
        assert "certified_hours_per_week" in refused(services.sign_certification, **arguments)


def test_it_lets_only_a_prescriber_with_an_npi_certify(world: Any) -> None:
    from tests import factories

    arguments = {"client": world.carol, "certified_hours_per_week": 9, "attested": True, "kind": "initial"}
    with pytest.raises(PermissionDenied):
        services.sign_certification(signed_by=world.bill, **arguments)
    no_npi = factories.UserFactory.create(role="prescriber", npi="")
    assert "signed_by" in refused(services.sign_certification, signed_by=no_npi, **arguments)
    doctor = factories.UserFactory.create(role="prescriber", npi="1234567893")
    assert "attested" in refused(
        services.sign_certification, signed_by=doctor, **{**arguments, "attested": False}
    )
    assert MedicareCertification.objects.count() == 0


def test_it_keeps_billing_writes_to_billers_and_directors(world: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    with pytest.raises(PermissionDenied):
        services.add_coverage(
            client=world.carol, payer=payer, member_id="M1", starts_on=NOV1, added_by=world.alice
        )
    services.add_coverage(
        client=world.carol, payer=payer, member_id="M1", starts_on=NOV1, added_by=world.dana
    )


def test_it_audits_each_billing_change_against_the_client(world: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    coverage = services.add_coverage(
        client=world.carol, payer=payer, member_id="M1", starts_on=NOV1, added_by=world.bill
    )
    services.add_diagnosis(client=world.carol, code="F10.20", recorded_by=world.bill)
    services.add_authorization(
        coverage=coverage,
        number="A-1",
        starts_on=NOV1,
        ends_on=NOV30,
        units_authorized=12,
        added_by=world.bill,
    )
    details = set(
        AuditEvent.objects.filter(actor=world.bill, client_id=world.carol.pk).values_list("detail", flat=True)
    )
    assert details == {"coverage", "diagnosis", "authorization"}
