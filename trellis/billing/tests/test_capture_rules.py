"""Charge capture against the payer rules: per-diem hours, holds, authorization burn-down and expiry."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests import factories
from trellis.billing.capture import capture_charges, recheck_held_charges
from trellis.billing.choices import ChargeStatus, ClaimType, PayerKind, PerDiemCode, UnitType
from trellis.billing.models import Charge, MedicareCertification
from trellis.billing.tests import billing_factories as given

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
MONDAY = dt.date(2026, 11, 2)


def capture(world: Any) -> list[Charge]:
    capture_charges(first=NOV[0], last=NOV[1], organization=world.organization)
    return list(Charge.objects.order_by("service_date", "code"))


@pytest.fixture
def payer(world: Any) -> Any:
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)
    return payer


@pytest.mark.parametrize(
    ("minutes", "status", "reasons"),
    [
        (120, ChargeStatus.HELD, ["below_per_diem_minimum"]),
        (179, ChargeStatus.HELD, ["below_per_diem_minimum"]),  # REFERENCE.md s4: H0015 needs 3 h that day
        (180, ChargeStatus.RELEASED, []),
        (240, ChargeStatus.RELEASED, []),
    ],
)
def test_it_holds_a_per_diem_day_below_three_hours(
    world: Any, payer: Any, minutes: int, status: str, reasons: list[str]
) -> None:
    # given Carol insured and authorized, attending one documented group of `minutes`
    given.insure(world.carol, payer, by=world.bill)
    given.billable_day(world, world.carol, MONDAY, minutes=minutes)
    # when charges are captured
    [charge] = capture(world)
    # then an H0015 per diem of $250, released only from 180 minutes
    assert (charge.code, charge.units, charge.amount, charge.minutes) == ("H0015", 1, Decimal(250), minutes)
    assert (charge.status, charge.hold_reasons) == (status, reasons)


def test_it_adds_two_sessions_of_one_day_into_one_per_diem(world: Any, payer: Any) -> None:
    # given two 90-minute groups the same day
    given.insure(world.carol, payer, by=world.bill)
    given.billable_day(world, world.carol, MONDAY, minutes=90)
    given.billable_day(world, world.carol, MONDAY, minutes=90, group=given_second_group(world))
    # then one per diem for 180 minutes, released
    [charge] = capture(world)
    assert (charge.minutes, charge.status) == (180, ChargeStatus.RELEASED)


def given_second_group(world: Any) -> Any:
    from tests import factories

    return factories.RecurringGroupFactory.create(
        track=world.track_a, facilitator=world.alice, starts_at=dt.time(13)
    )


def test_it_shows_where_each_charge_came_from(world: Any, payer: Any) -> None:
    given.insure(world.carol, payer, by=world.bill)
    record = given.billable_day(world, world.carol, MONDAY)
    [charge] = capture(world)
    assert charge.attendance == record
    assert charge.participant_entry is not None
    assert charge.participant_entry.attendance == record


def test_it_burns_the_authorization_down_and_holds_the_day_beyond_it(world: Any, payer: Any) -> None:
    # given an authorization for 3 days and 4 days attended
    given.insure(world.carol, payer, by=world.bill, units=3)
    for offset in (0, 2, 4, 7):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    # when captured
    charges = capture(world)
    # then the first three spend the authorization and the fourth is held as used up
    assert [c.status for c in charges] == ["released"] * 3 + ["held"]
    assert charges[3].hold_reasons == ["authorization_used_up"]
    assert [c.authorization_id is not None for c in charges] == [True, True, True, False]


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (dt.date(2026, 10, 30), "before_authorization"),
        (dt.date(2026, 11, 1), None),
        (dt.date(2026, 11, 30), None),
        (dt.date(2026, 12, 1), "authorization_expired"),
    ],
)
def test_it_holds_days_outside_the_authorization_window(
    world: Any, payer: Any, day: dt.date, reason: str | None
) -> None:
    given.insure(world.carol, payer, by=world.bill)
    given.billable_day(world, world.carol, day)
    capture_charges(first=dt.date(2026, 10, 1), last=dt.date(2026, 12, 31), organization=world.organization)
    charge = Charge.objects.get()
    assert charge.hold_reasons == ([reason] if reason else [])


def test_it_holds_a_day_with_no_authorization_diagnosis_or_signed_note(world: Any, payer: Any) -> None:
    # given coverage only: no diagnosis, no authorization, and the note still a draft (the consent signed)
    given.consent_to_billing(world.carol, by=world.bill)
    given.CoverageFactory.create(client=world.carol, payer=payer)
    given.document(given.attend(world, world.carol, MONDAY), world.alice, signed=False)
    [charge] = capture(world)
    assert charge.hold_reasons == ["unsigned_note", "missing_diagnosis", "no_authorization"]
    assert charge.hold_labels == ["Unsigned note", "Missing diagnosis", "No authorization"]


def test_it_holds_a_day_with_no_note_at_all_and_one_with_no_coverage(world: Any, payer: Any) -> None:
    given.attend(world, world.carol, MONDAY)
    [charge] = capture(world)
    assert charge.hold_reasons[:2] == ["no_coverage", "unsigned_note"]
    assert charge.payer is None


def test_it_releases_a_charge_held_for_an_unsigned_note_once_the_note_is_signed(
    world: Any, payer: Any
) -> None:
    import time_machine

    from trellis.notes import services as notes

    # given Carol's day documented in a draft note, so the charge is held
    given.insure(world.carol, payer, by=world.bill)
    record = given.attend(world, world.carol, MONDAY)
    entry = given.document(record, world.alice, signed=False)
    note = entry.note
    note.content = "Psychoeducation on cravings, then role-play."
    note.save()
    [charge] = capture(world)
    assert (charge.status, charge.hold_reasons) == ("held", ["unsigned_note"])
    # when Alice signs the note and the queue rechecks its held charges
    with time_machine.travel(record.session.ends_at + dt.timedelta(hours=2), tick=False):
        notes.sign_group_note(note=note, signed_by=world.alice)
    result = recheck_held_charges(actor=world.bill)
    # then the same charge is released
    charge.refresh_from_db()
    assert (charge.status, charge.hold_reasons, result.released) == ("released", [], 1)
    assert charge.released_at is not None


def test_it_captures_each_source_once_and_voids_a_day_no_longer_attended(world: Any, payer: Any) -> None:
    given.insure(world.carol, payer, by=world.bill)
    record = given.billable_day(world, world.carol, MONDAY)
    capture(world)
    capture(world)
    assert Charge.objects.count() == 1
    record.status, record.minutes_attended = "unexcused", 0
    record.save()
    [charge] = capture(world)
    assert charge.status == ChargeStatus.VOID


@pytest.mark.parametrize(
    ("minutes", "code"),
    [(15, None), (16, "90832"), (37, "90832"), (38, "90834"), (52, "90834"), (53, "90837"), (90, "90837")],
)
def test_it_codes_individual_sessions_by_time(world: Any, payer: Any, minutes: int, code: str | None) -> None:
    from trellis.notes.models import IndividualNote

    # given a signed individual note of `minutes`
    given.insure(world.carol, payer, by=world.bill)
    for psychotherapy in ("90832", "90834", "90837"):
        given.FeeFactory.create(payer=payer, code=psychotherapy, rate=100, unit_type=UnitType.PER_SESSION)
    IndividualNote.objects.create(
        client=world.carol, episode=world.carol_enrollment.episode, author=world.alice, service_date=MONDAY,
        duration_minutes=minutes, format="dap", sections={}, signed_at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC),
    )  # fmt: skip
    # then CPT time rules pick the code; under 16 minutes earns nothing (REFERENCE.md s4)
    assert [c.code for c in capture(world)] == ([code] if code else [])


@pytest.mark.parametrize(("minutes", "units"), [(7, 1), (8, 1), (22, 1), (23, 2), (52, 3), (53, 4)])
def test_it_counts_per_15_minute_units_under_the_8_minute_rule(world: Any, minutes: int, units: int) -> None:
    payer = given.PayerFactory.create(organization=world.organization, per_diem_code=PerDiemCode.NONE)
    given.FeeFactory.create(payer=payer, code="90853", rate=20, unit_type=UnitType.PER_15_MIN)
    given.insure(world.carol, payer, by=world.bill)
    given.billable_day(world, world.carol, MONDAY, minutes=minutes)
    [charge] = capture(world)
    assert (charge.code, charge.units, charge.amount) == ("90853", units, Decimal(20 * units))


def medicare(world: Any) -> Any:
    payer = given.PayerFactory.create(
        organization=world.organization, kind=PayerKind.MEDICARE, per_diem_code=PerDiemCode.MEDICARE_IOP,
        claim_type=ClaimType.INSTITUTIONAL, requires_authorization=False,
    )  # fmt: skip
    given.FeeFactory.create(
        payer=payer, code="G0410", rate=40, unit_type=UnitType.PER_SESSION, revenue_code="0915"
    )
    given.insure(world.carol, payer, by=world.bill)
    return payer


def certify(world: Any, client: Any, signed_on: dt.date) -> None:
    prescriber = factories.UserFactory.create(role="prescriber", npi="1234567893", sites=[world.site_a])
    MedicareCertification.objects.create(
        client=client, kind="initial", certified_hours_per_week=9, signed_on=signed_on,
        signed_at=dt.datetime.combine(signed_on, dt.time(15), tzinfo=dt.UTC), signed_by=prescriber,
        signer_npi=prescriber.npi, attestation="I certify...",
    )  # fmt: skip


def test_it_holds_medicare_days_without_certification_or_three_services(world: Any) -> None:
    # given an uncertified Medicare client who stayed 2 hours of a group: two 45-minute units
    medicare(world)
    given.billable_day(world, world.carol, MONDAY, minutes=120)
    [charge] = capture(world)
    assert (charge.code, charge.revenue_code, charge.units) == ("G0410", "0915", 2)
    assert (charge.qualifying_services, charge.amount) == (2, Decimal(80))
    assert charge.hold_reasons == ["below_iop_services", "no_certification"]


@pytest.mark.parametrize(
    ("minutes", "units", "reasons"),
    [
        (44, None, None),  # short of one unit: no charge at all
        (134, 2, ["below_iop_services"]),
        (135, 3, []),  # REFERENCE.md s3: a day with 3 services is payable
        (180, 4, []),  # a whole 3-hour block: the 4-or-more tier
    ],
)
def test_it_bills_a_certified_medicare_day_by_its_group_units(
    world: Any, minutes: int, units: int | None, reasons: list[str] | None
) -> None:
    # given a certified Medicare client at one group on Monday
    medicare(world)
    certify(world, world.carol, MONDAY - dt.timedelta(days=3))
    given.billable_day(world, world.carol, MONDAY, minutes=minutes)
    # when charges are captured
    charges = capture(world)
    # then the units and holds follow the whole 45-minute units attended
    if units is None:
        assert charges == []
        return
    [charge] = charges
    assert (charge.code, charge.units, charge.qualifying_services) == ("G0410", units, units)
    assert charge.hold_reasons == reasons
