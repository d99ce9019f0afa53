"""IOP per-diem codes: which code a day earns from the client's diagnoses and the program's focus, when a day
and a week qualify, revenue codes. Pure; the thresholds and codes are payer settings passed in.

Sources: HCPCS H0015 "Alcohol and/or drug services; intensive outpatient (treatment program that operates at
least 3 hours/day and at least 3 days/week and is based on an individualized treatment plan)"; HCPCS S9480
"Intensive outpatient psychiatric services, per diem" (commercial plans and Medicaid, not Medicare); NUBC UB-04
revenue codes 0905 (intensive outpatient services, psychiatric) and 0906 (intensive outpatient services,
chemical dependency); ICD-10-CM chapter 5: F10-F19 "Mental and behavioral disorders due to psychoactive
substance use", the other F codes mental health (REFERENCE.md s4 and s4b).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.holds import HoldReason
from trellis.billing.rules.payers import Focus, PayerKind, PayerRules

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
    CO_OCCURRING = "co_occurring"


def iop_revenue_code(focus: ProgramFocus) -> RevenueCode:
    if focus is not ProgramFocus.MENTAL_HEALTH:
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


def is_substance_use_diagnosis(code: str) -> bool:
    """ICD-10-CM F10-F19: disorders due to psychoactive substance use (F10.20, f1120 and F11 all count)."""
    normalized = code.strip().upper().replace(".", "")
    return len(normalized) >= 3 and normalized[:2] == "F1" and normalized[2].isdigit()


def is_mental_health_diagnosis(code: str) -> bool:
    """Any other ICD-10-CM chapter 5 code (F01-F99 outside F10-F19): depression, anxiety, PTSD, ..."""
    normalized = code.strip().upper()
    return normalized.startswith("F") and not is_substance_use_diagnosis(normalized)


@dataclass(frozen=True)
class DiagnosisFacts:
    substance_use: bool
    mental_health: bool
    any_recorded: bool


def diagnosis_facts(codes: tuple[str, ...]) -> DiagnosisFacts:
    return DiagnosisFacts(
        substance_use=any(is_substance_use_diagnosis(code) for code in codes),
        mental_health=any(is_mental_health_diagnosis(code) for code in codes),
        any_recorded=any(code.strip() for code in codes),
    )


@dataclass(frozen=True)
class PerDiemChoice:
    code: str
    revenue_code: str
    focus: Focus
    problem: HoldReason | None  # why the diagnoses do not back the code, if they do not


def _day_focus(program: ProgramFocus, diagnoses: DiagnosisFacts, rules: PayerRules) -> Focus:
    """A single-focus program bills its own kind of day; a co-occurring program bills what the client's
    diagnoses show, and the payer's contract decides for a client with both (or neither yet)."""
    if program is ProgramFocus.SUBSTANCE_USE:
        return Focus.SUBSTANCE_USE
    if program is ProgramFocus.MENTAL_HEALTH:
        return Focus.MENTAL_HEALTH
    if diagnoses.substance_use and not diagnoses.mental_health:
        return Focus.SUBSTANCE_USE
    if diagnoses.mental_health and not diagnoses.substance_use:
        return Focus.MENTAL_HEALTH
    return rules.co_occurring_focus


def choose_per_diem(*, program: ProgramFocus, diagnoses: DiagnosisFacts, rules: PayerRules) -> PerDiemChoice:
    """The per-diem code and revenue code for a day, and the hold when the client's diagnoses do not back it
    (no diagnosis at all is the general missing-diagnosis hold, not this one)."""
    focus = _day_focus(program, diagnoses, rules)
    problem = None
    if diagnoses.any_recorded and focus is Focus.SUBSTANCE_USE and not diagnoses.substance_use:
        problem = HoldReason.NEEDS_SUBSTANCE_USE_DIAGNOSIS
    elif diagnoses.any_recorded and focus is Focus.MENTAL_HEALTH and not diagnoses.mental_health:
        problem = HoldReason.NEEDS_MENTAL_HEALTH_DIAGNOSIS
    return PerDiemChoice(
        code=rules.code_for(focus), revenue_code=rules.revenue_code_for(focus), focus=focus, problem=problem
    )


def week_of(day: dt.date) -> dt.date:
    """The Monday of the Monday-Sunday week a day falls in."""
    return day - dt.timedelta(days=day.weekday())


def meets_days_per_week(*, qualifying_days: int, minimum_days: int) -> bool:
    """A week counts the days that met the daily minimum; 0 means the payer sets no weekly minimum."""
    return qualifying_days >= minimum_days
