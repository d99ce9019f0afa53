"""Effective-dated payer settings: the version in effect on a service date, and overlapping versions."""

import datetime as dt
from dataclasses import dataclass

import pytest

from trellis.billing.rules.effective import EffectivePeriod, NoSettingInEffect, first_overlap, in_effect


@dataclass(frozen=True)
class Rate:
    effective: EffectivePeriod
    cents: int


OLD = Rate(EffectivePeriod(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 20000)
NEW = Rate(EffectivePeriod(dt.date(2026, 1, 1)), 22500)


@pytest.mark.parametrize(
    ("day", "cents"),
    [(dt.date(2025, 1, 1), 20000), (dt.date(2025, 12, 31), 20000), (dt.date(2026, 1, 1), 22500)],
)
def test_it_picks_the_version_in_effect_on_the_service_date(day: dt.date, cents: int) -> None:
    assert in_effect([OLD, NEW], on=day).cents == cents


def test_it_says_when_no_version_covers_a_date() -> None:
    with pytest.raises(NoSettingInEffect):
        in_effect([OLD, NEW], on=dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("periods", "overlapping"),
    [
        ([OLD.effective, NEW.effective], False),  # back to back
        ([OLD.effective, EffectivePeriod(dt.date(2025, 12, 31))], True),  # shares one day
        ([EffectivePeriod(dt.date(2025, 1, 1)), EffectivePeriod(dt.date(2030, 1, 1))], True),  # open-ended
        (
            [
                EffectivePeriod(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                EffectivePeriod(dt.date(2025, 3, 1), dt.date(2025, 3, 2)),
            ],
            True,
        ),
    ],
)
def test_it_finds_overlapping_versions(periods: list[EffectivePeriod], overlapping: bool) -> None:
    assert (first_overlap(periods) is not None) is overlapping


def test_it_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="cannot end before it starts"):
        EffectivePeriod(dt.date(2026, 2, 1), dt.date(2026, 1, 31))
