"""Medicare IOP (REFERENCE.md s3): per-diem tier by qualifying services, certification, bill types, PHP overlap."""

import datetime as dt

import pytest

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.medicare_iop import (
    Certification,
    CertificationStatus,
    DeliveredService,
    FacilityKind,
    InstitutionalClaimSpan,
    IopTier,
    MedicareIopSettings,
    certification_problems,
    certification_status,
    certified_on,
    day_tier,
    group_units,
    iop_bill_type,
    php_overlaps,
    qualifying_services_by_day,
    recertification_due,
)

SETTINGS = MedicareIopSettings(effective=EffectivePeriod(starts_on=dt.date(2024, 1, 1)))
SIGNED = dt.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("services", "tier"),
    [
        (0, IopTier.NOT_PAYABLE),
        (2, IopTier.NOT_PAYABLE),
        (3, IopTier.THREE_SERVICES),  # REFERENCE.md s3: one rate for days with 3 services
        (4, IopTier.FOUR_OR_MORE),  # another for 4 or more
        (6, IopTier.FOUR_OR_MORE),
    ],
)
def test_it_tiers_a_day_by_its_qualifying_services(services: int, tier: IopTier) -> None:
    assert day_tier(services, SETTINGS) is tier


def test_it_counts_only_qualifying_services_per_day() -> None:
    monday, tuesday = dt.date(2026, 11, 16), dt.date(2026, 11, 17)
    services = [
        DeliveredService(monday, "90853"),
        DeliveredService(monday, "90853"),
        DeliveredService(monday, "90834"),
        DeliveredService(monday, "80305"),  # a drug screen is not an IOP service
        DeliveredService(tuesday, "90847"),
    ]
    counts = qualifying_services_by_day(services, SETTINGS)
    assert counts == {monday: 3, tuesday: 1}
    assert day_tier(counts[monday], SETTINGS) is IopTier.THREE_SERVICES


def test_it_counts_each_unit_of_group_therapy_as_a_service() -> None:
    monday = dt.date(2026, 11, 16)
    services = [DeliveredService(monday, "G0410", units=3), DeliveredService(monday, "90834")]
    assert qualifying_services_by_day(services, SETTINGS) == {monday: 4}


@pytest.mark.parametrize(
    ("minutes", "units"),
    [(0, 0), (44, 0), (45, 1), (89, 1), (90, 2), (134, 2), (135, 3), (179, 3), (180, 4)],
)
def test_it_gives_one_group_unit_per_whole_45_minutes(minutes: int, units: int) -> None:
    # G0410 is about 45-50 minutes a unit: 3 hours of therapy are four services, 2 h 15 min three
    assert group_units(minutes, SETTINGS) == units


def test_it_counts_activity_therapy_and_patient_education_as_iop_services() -> None:
    # CMS CY2024 OPPS final rule: G0176 activity therapy and G0177 patient education are on the IOP list
    monday = dt.date(2026, 11, 16)
    services = [DeliveredService(monday, code) for code in ("G0410", "G0176", "G0177", "G0129")]
    assert qualifying_services_by_day(services, SETTINGS) == {monday: 4}


@pytest.mark.parametrize(
    ("facility", "bill_type"),
    [
        (FacilityKind.HOSPITAL_OUTPATIENT, "131"),
        (FacilityKind.COMMUNITY_MENTAL_HEALTH_CENTER, "761"),
        (FacilityKind.CRITICAL_ACCESS_HOSPITAL, "851"),
    ],
)
def test_it_gives_the_bill_type_of_each_facility(facility: FacilityKind, bill_type: str) -> None:
    assert str(iop_bill_type(facility)) == bill_type
    assert SETTINGS.condition_code == "92"


def test_it_dues_the_recertification_60_days_after_the_last_signature() -> None:
    assert recertification_due(SIGNED, SETTINGS) == dt.date(2026, 10, 31)


@pytest.mark.parametrize(
    ("days_after", "status"),
    [
        (-1, CertificationStatus.MISSING),  # signed later than today: not yet in effect
        (0, CertificationStatus.CURRENT),
        (52, CertificationStatus.CURRENT),  # 8 days before due
        (53, CertificationStatus.DUE_SOON),  # 7 days before due: the reminder shows
        (60, CertificationStatus.DUE_SOON),  # day 60 is the last day to recertify
        (61, CertificationStatus.OVERDUE),
    ],
)
def test_it_reminds_before_recertification_and_flags_it_overdue(
    days_after: int, status: CertificationStatus
) -> None:
    today = SIGNED + dt.timedelta(days=days_after)
    certifications = [Certification(signed_on=SIGNED, certified_hours_per_week=9)]
    assert certification_status(certifications, today=today, settings=SETTINGS) is status


def test_it_counts_from_the_latest_recertification() -> None:
    certifications = [
        Certification(signed_on=SIGNED, certified_hours_per_week=9),
        Certification(signed_on=SIGNED + dt.timedelta(days=55), certified_hours_per_week=12),
    ]
    today = SIGNED + dt.timedelta(days=70)
    assert certification_status(certifications, today=today, settings=SETTINGS) is CertificationStatus.CURRENT
    assert certified_on(certifications, today, SETTINGS)
    assert not certified_on(certifications[:1], today, SETTINGS)


@pytest.mark.parametrize(
    ("hours", "problems"),
    [(8, 1), (9, 0), (19, 0), (20, 1)],  # REFERENCE.md s3: IOP is 9-19 h/week, PHP 20 or more
)
def test_it_checks_the_certified_hours(hours: int, problems: int) -> None:
    assert len(certification_problems(Certification(SIGNED, hours), SETTINGS)) == problems


def span(claim_id: str, start: int, end: int, codes: set[str]) -> InstitutionalClaimSpan:
    return InstitutionalClaimSpan(
        claim_id, dt.date(2026, 11, start), dt.date(2026, 11, end), frozenset(codes)
    )


def test_it_finds_php_claims_overlapping_an_iop_claim() -> None:
    # given an IOP claim for November 9-13 and other claims for the same beneficiary
    others = [
        span("php-before", 2, 8, {"41"}),  # ends the day before: no overlap
        span("php-touching", 13, 20, {"41"}),  # shares the last day: overlap
        span("iop-other", 9, 13, {"92"}),  # not PHP
    ]
    # when checked for overlap
    overlaps = php_overlaps(
        statement_from=dt.date(2026, 11, 9),
        statement_through=dt.date(2026, 11, 13),
        other_claims=others,
        settings=SETTINGS,
    )
    # then only the PHP claim sharing a day returns the IOP claim
    assert overlaps == ("php-touching",)
