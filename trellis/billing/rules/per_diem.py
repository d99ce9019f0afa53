"""IOP per-diem codes: when a day earns H0015 or S9480, whether a week meets the plan's days, revenue codes.

REFERENCE.md section 4: H0015 (alcohol/drug IOP) needs at least 3 hours a day and 3 days a week per an
individualized plan; S9480 (intensive outpatient psychiatric) is per diem for commercial plans and Medicaid,
not Medicare. Pure; the thresholds are payer settings passed in.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.payers import PayerKind

NOT_MEDICARE = frozenset({PayerKind.MEDICAID, PayerKind.COMMERCIAL, PayerKind.SELF_PAY})


@dataclass(frozen=True)
class PerDiemRule:
    """One payer's version of a per-diem code's requirements, for the service dates in `effective`."""

    code: str
    effective: EffectivePeriod
    minimum_minutes_per_day: int = 180  # REFERENCE.md s4: H0015 at least 3 h/day
    minimum_days_per_week: int = 3  # REFERENCE.md s4: H0015 3 days/week
    payer_kinds: frozenset[PayerKind] = NOT_MEDICARE  # REFERENCE.md s4: S9480 not Medicare


def default_h0015(effective: EffectivePeriod) -> PerDiemRule:
    # Medicare pays IOP through the institutional per diem (medicare_iop), not HCPCS H codes (verify per MAC).
    return PerDiemRule(code="H0015", effective=effective)


def default_s9480(effective: EffectivePeriod) -> PerDiemRule:
    return PerDiemRule(code="S9480", effective=effective)


class DayOutcome(StrEnum):
    BILLABLE = "billable"
    BELOW_MINIMUM_HOURS = "below_minimum_hours"
    PAYER_NOT_COVERED = "payer_not_covered"
    OUTSIDE_EFFECTIVE_DATES = "outside_effective_dates"


def evaluate_day(rule: PerDiemRule, *, day: dt.date, minutes: int, payer_kind: PayerKind) -> DayOutcome:
    """Whether one day's attended `minutes` earn the per diem under `rule`."""
    if not rule.effective.covers(day):
        return DayOutcome.OUTSIDE_EFFECTIVE_DATES
    if payer_kind not in rule.payer_kinds:
        return DayOutcome.PAYER_NOT_COVERED
    if minutes < rule.minimum_minutes_per_day:
        return DayOutcome.BELOW_MINIMUM_HOURS
    return DayOutcome.BILLABLE


@dataclass(frozen=True)
class PerDiemWeek:
    qualifying_days: tuple[dt.date, ...]
    meets_weekly_days: bool


def evaluate_week(rule: PerDiemRule, *, minutes_by_day: Mapping[dt.date, int]) -> PerDiemWeek:
    """The plan's days-per-week check over one Monday-Sunday week of attended minutes (one entry per day)."""
    days = sorted(day for day, minutes in minutes_by_day.items() if minutes >= rule.minimum_minutes_per_day)
    mondays = {day - dt.timedelta(days=day.weekday()) for day in minutes_by_day}
    if len(mondays) > 1:
        raise ValueError("A per-diem week check takes the days of one Monday-Sunday week.")
    return PerDiemWeek(qualifying_days=tuple(days), meets_weekly_days=len(days) >= rule.minimum_days_per_week)


class RevenueCode(StrEnum):
    """UB-04 revenue codes for IOP on institutional claims (REFERENCE.md s4)."""

    IOP_PSYCHIATRIC = "0905"  # verify against the NUBC UB-04 manual (REFERENCE.md marks it)
    IOP_CHEMICAL_DEPENDENCY = "0906"  # verify against the NUBC UB-04 manual (REFERENCE.md marks it)
    INDIVIDUAL_THERAPY = "0914"
    GROUP_THERAPY = "0915"
    FAMILY_THERAPY = "0916"


class ProgramFocus(StrEnum):
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"


def iop_revenue_code(focus: ProgramFocus) -> RevenueCode:
    if focus is ProgramFocus.SUBSTANCE_USE:
        return RevenueCode.IOP_CHEMICAL_DEPENDENCY
    return RevenueCode.IOP_PSYCHIATRIC


# Service-line revenue codes for the time and group codes (REFERENCE.md s4: 0914 individual, 0915 group,
# 0916 family therapy).
THERAPY_REVENUE_CODES: dict[str, RevenueCode] = {
    "90832": RevenueCode.INDIVIDUAL_THERAPY,
    "90834": RevenueCode.INDIVIDUAL_THERAPY,
    "90837": RevenueCode.INDIVIDUAL_THERAPY,
    "90853": RevenueCode.GROUP_THERAPY,
    "90846": RevenueCode.FAMILY_THERAPY,
    "90847": RevenueCode.FAMILY_THERAPY,
}
