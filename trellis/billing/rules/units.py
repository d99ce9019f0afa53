"""Units of service: per diem, per session, or per 15 minutes under the payer's rounding rule. Pure.

CMS's "8-minute rule" (Medicare Claims Processing Manual ch. 5, section 20.2) bills a 15-minute unit once at
least 8 minutes are delivered: 8-22 minutes is 1 unit, 23-37 is 2, and so on. Some Medicaid plans count only
whole units, others any part of one; which applies is a payer setting.
"""

from dataclasses import dataclass
from enum import StrEnum


class UnitBasis(StrEnum):
    PER_DIEM = "per_diem"  # one unit per day attended (H0015, S9480, Medicare IOP days)
    PER_SESSION = "per_session"  # one unit per service, whatever its length
    PER_TIME_UNIT = "per_time_unit"  # units of `minutes_per_unit` (H0004: per 15 minutes)


class Rounding(StrEnum):
    CMS_EIGHT_MINUTE = "cms_8_minute"  # a unit once half of it (8 of 15 minutes) is reached
    WHOLE_UNITS_ONLY = "whole_units_only"  # only completed units count
    ANY_PART = "any_part"  # any started unit counts


@dataclass(frozen=True)
class UnitRule:
    basis: UnitBasis
    minutes_per_unit: int = 15  # HCPCS H0004 descriptor: "per 15 minutes"
    rounding: Rounding = Rounding.CMS_EIGHT_MINUTE
    max_units_per_day: int | None = None  # a payer's medically-unlikely-edit style cap, if it has one

    def __post_init__(self) -> None:
        if self.minutes_per_unit <= 0:
            raise ValueError("A time unit lasts at least one minute.")


def time_units(minutes: int, *, minutes_per_unit: int, rounding: Rounding) -> int:
    """Units earned by `minutes` of service under a rounding rule."""
    if minutes <= 0:
        return 0
    whole, remainder = divmod(minutes, minutes_per_unit)
    if rounding is Rounding.WHOLE_UNITS_ONLY:
        return whole
    if rounding is Rounding.ANY_PART:
        return whole + (1 if remainder else 0)
    half = (minutes_per_unit + 1) // 2  # 8 of 15 minutes
    return whole + (1 if remainder >= half else 0)


def units_for(minutes: int, rule: UnitRule) -> int:
    """Units to bill for one day's `minutes` of one service under `rule` (0 means nothing billable)."""
    if minutes <= 0:
        return 0
    if rule.basis is UnitBasis.PER_TIME_UNIT:
        units = time_units(minutes, minutes_per_unit=rule.minutes_per_unit, rounding=rule.rounding)
    else:
        units = 1
    if rule.max_units_per_day is not None:
        units = min(units, rule.max_units_per_day)
    return units


# Defaults, one per code; payers override them. H0001/H0005/H0006 carry no time in their HCPCS descriptors, so
# they default to per session (verify against each state Medicaid manual: several bill them per 15 min or hour).
DEFAULT_UNIT_RULES: dict[str, UnitRule] = {
    "H0015": UnitRule(basis=UnitBasis.PER_DIEM),  # REFERENCE.md s4: IOP, usually per diem
    "S9480": UnitRule(basis=UnitBasis.PER_DIEM),  # REFERENCE.md s4: per diem
    "H0001": UnitRule(basis=UnitBasis.PER_SESSION),  # REFERENCE.md s4: assessment
    "H0004": UnitRule(basis=UnitBasis.PER_TIME_UNIT),  # REFERENCE.md s4: counseling per 15 min
    "H0005": UnitRule(basis=UnitBasis.PER_SESSION),  # REFERENCE.md s4: group counseling
    "H0006": UnitRule(basis=UnitBasis.PER_SESSION),  # REFERENCE.md s4: case management
    # HCPCS H0038 "Self-help/peer services, per 15 minutes" (CMS HCPCS Level II code set).
    "H0038": UnitRule(basis=UnitBasis.PER_TIME_UNIT),
    "90832": UnitRule(basis=UnitBasis.PER_SESSION),  # time picks the code, not the units
    "90834": UnitRule(basis=UnitBasis.PER_SESSION),
    "90837": UnitRule(basis=UnitBasis.PER_SESSION),
    "90853": UnitRule(basis=UnitBasis.PER_SESSION),
    "90846": UnitRule(basis=UnitBasis.PER_SESSION),
    "90847": UnitRule(basis=UnitBasis.PER_SESSION),
}
