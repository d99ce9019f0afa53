"""Units of service: the CMS 8-minute rule and the payer alternatives, at every edge."""

import pytest

from trellis.billing.rules.units import (
    DEFAULT_UNIT_RULES,
    Rounding,
    UnitBasis,
    UnitRule,
    time_units,
    units_for,
)


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0),
        (7, 0),  # under half a unit: nothing billable
        (8, 1),  # CMS 8-minute rule: the first unit at 8 minutes
        (15, 1),
        (22, 1),  # 8-22 minutes is one unit
        (23, 2),  # 23-37 minutes is two
        (37, 2),
        (38, 3),
        (60, 4),
    ],
)
def test_it_counts_15_minute_units_by_the_cms_8_minute_rule(minutes: int, units: int) -> None:
    assert time_units(minutes, minutes_per_unit=15, rounding=Rounding.CMS_EIGHT_MINUTE) == units


@pytest.mark.parametrize(
    ("minutes", "whole_only", "any_part"),
    [(7, 0, 1), (8, 0, 1), (14, 0, 1), (15, 1, 1), (16, 1, 2), (22, 1, 2), (23, 1, 2), (30, 2, 2)],
)
def test_it_follows_the_payers_rounding_rule_instead_when_asked(
    minutes: int, whole_only: int, any_part: int
) -> None:
    assert time_units(minutes, minutes_per_unit=15, rounding=Rounding.WHOLE_UNITS_ONLY) == whole_only
    assert time_units(minutes, minutes_per_unit=15, rounding=Rounding.ANY_PART) == any_part


def test_it_bills_h0004_per_15_minutes_and_h0015_once_a_day() -> None:
    # given the default rules
    # when a 50-minute counseling session and a 4-hour IOP day are billed
    # then H0004 earns 3 units (50 = 3 x 15 + 5) and H0015 one per diem
    assert units_for(50, DEFAULT_UNIT_RULES["H0004"]) == 3
    assert units_for(240, DEFAULT_UNIT_RULES["H0015"]) == 1
    assert units_for(0, DEFAULT_UNIT_RULES["H0015"]) == 0


def test_it_caps_units_at_the_payers_daily_maximum() -> None:
    rule = UnitRule(basis=UnitBasis.PER_TIME_UNIT, max_units_per_day=4)
    assert units_for(120, rule) == 4


def test_it_rejects_a_unit_of_no_minutes() -> None:
    with pytest.raises(ValueError, match="at least one minute"):
        UnitRule(basis=UnitBasis.PER_TIME_UNIT, minutes_per_unit=0)
