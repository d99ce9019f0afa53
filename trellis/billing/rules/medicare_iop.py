"""Medicare IOP (since 2024-01-01): per-diem tier by qualifying services a day, certification, claim codes. Pure.

REFERENCE.md section 3: a physician certifies the need for at least 9 hours a week and recertifies at least
every other month (60 days); IOP is 9-19 h/week, PHP 20 or more. Paid per diem: one rate for days with 3
services, another for 4 or more. Claims carry condition code 92 and bill type 13X (hospital), 76X (CMHC) or
85X (CAH); a claim overlapping PHP (condition code 41) is returned.

CMS CY2024 OPPS final rule (88 FR 81540, section VIII.B): the IOP per diem is paid in two tiers, days with 3
services and days with 4 or more, counting the services on the rule's PHP/IOP list (psychotherapy, G0410/
G0411 group psychotherapy, G0129 occupational therapy, G0176 activity therapy, G0177 patient education, ...).
HCPCS G0410 is "group psychotherapy other than of a multiple-family group, in a partial hospitalization or
intensive outpatient setting, approximately 45 to 50 minutes": one unit per 45-50 minutes of therapy time.
The counted list, tiers and unit length are dated payer settings (rules/payers.py).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.payers import CY2024_IOP_SERVICES, PayerRules
from trellis.billing.rules.units import Rounding, time_units

DEFAULT_QUALIFYING_CODES = CY2024_IOP_SERVICES
# HCPCS G0410: group psychotherapy in a partial hospitalization or intensive outpatient setting, about 45-50
# minutes a unit. Medicare counts each unit as a service, so a 3-hour group block is several services.
GROUP_PSYCHOTHERAPY = "G0410"


@dataclass(frozen=True)
class MedicareIopSettings:
    effective: EffectivePeriod
    lower_tier_services: int = 3  # REFERENCE.md s3: per diem for days with 3 services
    upper_tier_services: int = 4  # REFERENCE.md s3: higher per diem for 4 or more
    minimum_certified_hours_per_week: int = 9  # REFERENCE.md s3: certified need >= 9 h/week
    php_hours_per_week: int = 20  # REFERENCE.md s3: 20 h/week or more is PHP, not IOP
    recertification_days: int = 60  # REFERENCE.md s3: recertify at least every other month
    recertification_reminder_days: int = 7  # how early the reminder appears (program choice)
    condition_code: str = "92"  # REFERENCE.md s3: IOP claims carry condition code 92
    php_condition_code: str = "41"  # REFERENCE.md s3: PHP claims; overlap returns the IOP claim
    qualifying_codes: frozenset[str] = DEFAULT_QUALIFYING_CODES
    group_unit_minutes: int = 45  # G0410 descriptor: about 45-50 minutes a unit (verify with the MAC)
    group_unit_rounding: Rounding = Rounding.WHOLE_UNITS_ONLY  # a part unit is not a service


def settings_from(rules: PayerRules) -> MedicareIopSettings:
    """The Medicare IOP settings one version of a payer's rules sets (certification rules stay CMS's)."""
    return MedicareIopSettings(
        effective=rules.effective,
        lower_tier_services=rules.iop_lower_tier_services,
        upper_tier_services=rules.iop_upper_tier_services,
        qualifying_codes=rules.iop_counted_services,
        group_unit_minutes=rules.group_unit_minutes,
        group_unit_rounding=rules.group_unit_rounding,
    )


class IopTier(StrEnum):
    NOT_PAYABLE = "not_payable"  # fewer than the lower tier's services (verify packaging rules per MAC)
    THREE_SERVICES = "three_services"
    FOUR_OR_MORE = "four_or_more"


@dataclass(frozen=True)
class DeliveredService:
    service_date: dt.date
    code: str
    units: int = 1


def qualifying_services_by_day(
    services: Iterable[DeliveredService], settings: MedicareIopSettings
) -> dict[dt.date, int]:
    """Each unit of a qualifying code is one service: two units of G0410 count as two."""
    counts: Counter[dt.date] = Counter()
    for service in services:
        if service.code in settings.qualifying_codes:
            counts[service.service_date] += service.units
    return dict(sorted(counts.items()))


def group_units(therapy_minutes: int, settings: MedicareIopSettings) -> int:
    """G0410 units in a client's minutes of group therapy (breaks already taken out) under the payer's unit
    length and rounding; by default only whole units count, a part unit is not a service."""
    return time_units(
        therapy_minutes, minutes_per_unit=settings.group_unit_minutes, rounding=settings.group_unit_rounding
    )


def day_tier(qualifying_services: int, settings: MedicareIopSettings) -> IopTier:
    if qualifying_services >= settings.upper_tier_services:
        return IopTier.FOUR_OR_MORE
    if qualifying_services >= settings.lower_tier_services:
        return IopTier.THREE_SERVICES
    return IopTier.NOT_PAYABLE


class FacilityKind(StrEnum):
    HOSPITAL_OUTPATIENT = "13"  # REFERENCE.md s3: bill type 13X
    COMMUNITY_MENTAL_HEALTH_CENTER = "76"  # REFERENCE.md s3: bill type 76X
    CRITICAL_ACCESS_HOSPITAL = "85"  # REFERENCE.md s3: bill type 85X


@dataclass(frozen=True)
class BillType:
    """UB-04 type of bill without its leading zero: facility type (2 digits) + claim frequency (1 digit)."""

    facility_type: str
    frequency: str = "1"  # 1 admit through discharge; 7 replacement; 8 void (NUBC)

    def __str__(self) -> str:
        return self.facility_type + self.frequency


def iop_bill_type(facility: FacilityKind, *, frequency: str = "1") -> BillType:
    return BillType(facility_type=facility.value, frequency=frequency)


class CertificationStatus(StrEnum):
    MISSING = "missing"
    CURRENT = "current"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Certification:
    signed_on: dt.date
    certified_hours_per_week: int


def recertification_due(signed_on: dt.date, settings: MedicareIopSettings) -> dt.date:
    """The last day the next recertification may be signed."""
    return signed_on + dt.timedelta(days=settings.recertification_days)


def certification_status(
    certifications: Iterable[Certification], *, today: dt.date, settings: MedicareIopSettings
) -> CertificationStatus:
    signed = [c.signed_on for c in certifications if c.signed_on <= today]
    if not signed:
        return CertificationStatus.MISSING
    due = recertification_due(max(signed), settings)
    if today > due:
        return CertificationStatus.OVERDUE
    if (due - today).days <= settings.recertification_reminder_days:
        return CertificationStatus.DUE_SOON
    return CertificationStatus.CURRENT


def certification_problems(certification: Certification, settings: MedicareIopSettings) -> tuple[str, ...]:
    hours = certification.certified_hours_per_week
    problems = []
    if hours < settings.minimum_certified_hours_per_week:
        problems.append(
            f"IOP certification needs at least {settings.minimum_certified_hours_per_week} h/week."
        )
    if hours >= settings.php_hours_per_week:
        problems.append(f"{settings.php_hours_per_week} h/week or more is partial hospitalization, not IOP.")
    return tuple(problems)


def certified_on(
    certifications: Iterable[Certification], day: dt.date, settings: MedicareIopSettings
) -> bool:
    """Whether a service on `day` falls under a certification signed on or before it and not yet lapsed."""
    return any(c.signed_on <= day <= recertification_due(c.signed_on, settings) for c in certifications)


@dataclass(frozen=True)
class InstitutionalClaimSpan:
    claim_id: str
    statement_from: dt.date
    statement_through: dt.date
    condition_codes: frozenset[str]


def php_overlaps(
    *,
    statement_from: dt.date,
    statement_through: dt.date,
    other_claims: Iterable[InstitutionalClaimSpan],
    settings: MedicareIopSettings,
) -> tuple[str, ...]:
    """Claims for the same beneficiary that are PHP (condition code 41) and overlap the IOP claim's dates:
    any one of them makes Medicare return the IOP claim."""
    return tuple(
        other.claim_id
        for other in other_claims
        if settings.php_condition_code in other.condition_codes
        and other.statement_from <= statement_through
        and statement_from <= other.statement_through
    )
