"""Charges for family sessions and psychiatric visits: their codes, and the payer rules' holds with reasons."""

import datetime as dt
from typing import Any

import pytest

from trellis.billing.capture import capture_charges
from trellis.billing.choices import HOLD_DETAILS, ChargeStatus, PerDiemCode, UnitType
from trellis.billing.models import Charge
from trellis.billing.tests import billing_factories as given
from trellis.medications.tests.factories import prescriber_at
from trellis.notes.models import IndividualNote

MONDAY = dt.date(2026, 11, 2)
SIGNED = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
CODES = ("90846", "90847", "90791", "90792", "99212", "99213", "99214", "99215")


def _capture(world: Any) -> list[Charge]:
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    return list(Charge.objects.order_by("service_date", "code"))


def _payer(
    world: Any, *, per_diem: str = PerDiemCode.NONE, codes: tuple[str, ...] = CODES, **rules: Any
) -> Any:
    payer = given.PayerFactory.create(
        organization=world.organization, per_diem_code=per_diem, requires_authorization=False,
        **{f"rules__{k}": v for k, v in rules.items()},
    )  # fmt: skip
    for code in codes:
        given.FeeFactory.create(payer=payer, code=code, rate=120, unit_type=UnitType.PER_SESSION)
    given.insure(world.carol, payer, by=world.bill)
    return payer


def _note(
    world: Any, author: Any, service: str, *, minutes: int = 50, signed: bool = True, **more: Any
) -> Any:
    return IndividualNote.objects.create(
        client=world.carol, episode=world.carol_enrollment.episode, author=author, service_date=MONDAY,
        duration_minutes=minutes, format="dap", sections={}, signed_at=SIGNED if signed else None,
        service=service, **more,
    )  # fmt: skip


def _prescriber(world: Any, *, npi: str = "1234567893") -> Any:
    priya = prescriber_at(world)
    priya.npi = npi
    priya.save(update_fields=["npi"])
    return priya


@pytest.mark.parametrize(
    ("service", "minutes", "em_code", "code"),
    [
        ("family_with_client", 50, "", "90847"),
        ("family_without_client", 50, "", "90846"),
        ("psych_evaluation", 60, "", "90791"),
        ("psych_evaluation_medical", 60, "", "90792"),
        ("medication_management", 19, "", "99212"),
        ("medication_management", 20, "", "99213"),
        ("medication_management", 30, "", "99214"),
        ("medication_management", 40, "", "99215"),
        ("medication_management", 15, "99214", "99214"),  # the prescriber's level stands over time
    ],
)
def test_it_codes_each_service_and_releases_it_when_nothing_is_missing(
    world: Any, service: str, minutes: int, em_code: str, code: str
) -> None:
    _payer(world)
    author = world.alice if service.startswith("family") else _prescriber(world)
    _note(world, author, service, minutes=minutes, em_code=em_code)
    [charge] = _capture(world)
    assert (charge.code, charge.status, charge.hold_reasons) == (code, ChargeStatus.RELEASED, [])


def test_a_visit_too_short_for_any_e_m_level_earns_no_charge(world: Any) -> None:
    _payer(world)
    _note(world, _prescriber(world), "medication_management", minutes=9)
    assert _capture(world) == []


def test_it_holds_an_unsigned_note_and_a_code_with_no_fee(world: Any) -> None:
    _payer(world, codes=("90847",))
    _note(world, world.alice, "family_with_client", signed=False)
    _note(world, _prescriber(world), "psych_evaluation")
    assert [(c.code, c.status, c.hold_reasons) for c in _capture(world)] == [
        ("90791", ChargeStatus.HELD, ["no_fee"]),
        ("90847", ChargeStatus.HELD, ["unsigned_note"]),
    ]


def test_it_holds_a_psychiatric_visit_whose_prescriber_has_no_npi(world: Any) -> None:
    _payer(world)
    _note(world, _prescriber(world, npi=""), "medication_management", minutes=25)
    [charge] = _capture(world)
    assert (charge.code, charge.hold_reasons) == ("99213", ["no_rendering_npi"])
    assert "no NPI is on record" in HOLD_DETAILS["no_rendering_npi"]


def test_family_therapy_on_a_per_diem_day_is_held_where_the_payer_bundles_it(world: Any) -> None:
    _payer(world, per_diem=PerDiemCode.H0015, codes=(*CODES, "H0015"), individual_therapy_bundled=True)
    given.billable_day(world, world.carol, MONDAY)
    _note(world, world.alice, "family_without_client")
    assert [(c.code, c.hold_reasons) for c in _capture(world)] == [
        ("90846", ["bundled_in_per_diem"]),
        ("H0015", []),
    ]


def test_it_holds_a_family_session_when_no_consent_lets_the_records_go_to_the_payer(world: Any) -> None:
    payer = given.PayerFactory.create(
        organization=world.organization, per_diem_code=PerDiemCode.NONE, requires_authorization=False
    )
    given.FeeFactory.create(payer=payer, code="90847", rate=120, unit_type=UnitType.PER_SESSION)
    given.insure(world.carol, payer, by=world.bill, consent=False)
    _note(world, world.alice, "family_with_client")
    [charge] = _capture(world)
    assert (charge.code, charge.hold_reasons) == ("90847", ["no_consent"])
