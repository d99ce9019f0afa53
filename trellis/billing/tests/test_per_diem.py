"""IOP per diem: H0015's 3 hours a day and 3 days a week, S9480 not for Medicare, revenue codes."""

import datetime as dt

import pytest

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.payers import PayerKind
from trellis.billing.rules.per_diem import (
    DayOutcome,
    ProgramFocus,
    RevenueCode,
    default_h0015,
    default_s9480,
    evaluate_day,
    evaluate_week,
    iop_revenue_code,
)

MONDAY = dt.date(2026, 11, 16)
SINCE_2026 = EffectivePeriod(starts_on=dt.date(2026, 1, 1))
H0015 = default_h0015(SINCE_2026)


@pytest.mark.parametrize(
    ("minutes", "outcome"),
    [
        (0, DayOutcome.BELOW_MINIMUM_HOURS),
        (179, DayOutcome.BELOW_MINIMUM_HOURS),  # one minute under 3 hours
        (180, DayOutcome.BILLABLE),  # REFERENCE.md s4: at least 3 h/day
        (240, DayOutcome.BILLABLE),
    ],
)
def test_it_bills_h0015_only_on_days_of_three_hours_or_more(minutes: int, outcome: DayOutcome) -> None:
    assert evaluate_day(H0015, day=MONDAY, minutes=minutes, payer_kind=PayerKind.MEDICAID) is outcome


@pytest.mark.parametrize(
    ("payer_kind", "outcome"),
    [
        (PayerKind.MEDICARE, DayOutcome.PAYER_NOT_COVERED),  # REFERENCE.md s4: S9480 not Medicare
        (PayerKind.MEDICAID, DayOutcome.BILLABLE),
        (PayerKind.COMMERCIAL, DayOutcome.BILLABLE),
    ],
)
def test_it_bills_s9480_to_commercial_plans_and_medicaid_not_medicare(
    payer_kind: PayerKind, outcome: DayOutcome
) -> None:
    assert evaluate_day(default_s9480(SINCE_2026), day=MONDAY, minutes=200, payer_kind=payer_kind) is outcome


def test_it_applies_a_rule_only_inside_its_effective_dates() -> None:
    # given a payer's H0015 setting that ended on the last day of 2025
    old = default_h0015(EffectivePeriod(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31)))
    # then it bills 2025-12-31 but not 2026-01-01
    assert (
        evaluate_day(old, day=dt.date(2025, 12, 31), minutes=200, payer_kind=PayerKind.COMMERCIAL)
        is DayOutcome.BILLABLE
    )
    assert (
        evaluate_day(old, day=dt.date(2026, 1, 1), minutes=200, payer_kind=PayerKind.COMMERCIAL)
        is DayOutcome.OUTSIDE_EFFECTIVE_DATES
    )


@pytest.mark.parametrize(
    ("minutes_per_day", "qualifying", "meets"),
    [
        ((180, 180, 179, 0, 0), 2, False),  # two 3-hour days and one short day: below 3 days/week
        ((180, 180, 180, 0, 0), 3, True),  # REFERENCE.md s4: 3 days/week
        ((240, 200, 190, 185, 0), 4, True),
        ((0, 0, 0, 0, 0), 0, False),
    ],
)
def test_it_checks_the_plans_days_per_week(
    minutes_per_day: tuple[int, ...], qualifying: int, meets: bool
) -> None:
    week = {MONDAY + dt.timedelta(days=offset): minutes for offset, minutes in enumerate(minutes_per_day)}
    result = evaluate_week(H0015, minutes_by_day=week)
    assert len(result.qualifying_days) == qualifying
    assert result.meets_weekly_days is meets


def test_it_refuses_days_from_two_weeks_in_one_check() -> None:
    with pytest.raises(ValueError, match="one Monday-Sunday week"):
        evaluate_week(H0015, minutes_by_day={MONDAY: 180, MONDAY + dt.timedelta(days=7): 180})


def test_it_picks_the_iop_revenue_code_by_program_focus() -> None:
    assert iop_revenue_code(ProgramFocus.SUBSTANCE_USE) is RevenueCode.IOP_CHEMICAL_DEPENDENCY
    assert iop_revenue_code(ProgramFocus.MENTAL_HEALTH) is RevenueCode.IOP_PSYCHIATRIC
    # a co-occurring program without a payer rule: chemical dependency, the payer rules' default
    assert iop_revenue_code(ProgramFocus.CO_OCCURRING) is RevenueCode.IOP_CHEMICAL_DEPENDENCY
    assert [code.value for code in RevenueCode] == ["0905", "0906", "0914", "0915", "0916"]
