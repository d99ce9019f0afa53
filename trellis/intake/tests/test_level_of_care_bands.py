"""Band edges: each dimension rating from 0 to 4 on its own, and the level it moves the client to."""

from typing import Any

import pytest

from trellis.intake.level_of_care import Facts, Severity, recommend
from trellis.intake.levels import Level, intensity

WM, PHP, IOP, OP = Level.WITHDRAWAL, Level.PHP, Level.IOP, Level.OUTPATIENT
L4, R37, R35, R31 = (
    Level.INPATIENT,
    Level.MEDICAL_RESIDENTIAL,
    Level.HIGH_INTENSITY_RESIDENTIAL,
    Level.LOW_INTENSITY_RESIDENTIAL,
)

BANDS = [
    # (dimension, rating, level, emergency)
    ("withdrawal", 0, OP, False),
    ("withdrawal", 1, OP, False),
    ("withdrawal", 2, IOP, False),
    ("withdrawal", 3, WM, False),
    ("withdrawal", 4, WM, True),
    ("biomedical", 0, OP, False),
    ("biomedical", 1, OP, False),
    ("biomedical", 2, OP, False),
    ("biomedical", 3, PHP, False),
    ("biomedical", 4, L4, True),
    ("psychiatric", 0, OP, False),
    ("psychiatric", 1, OP, False),
    ("psychiatric", 2, IOP, False),
    ("psychiatric", 3, PHP, False),
    ("psychiatric", 4, L4, True),
    ("use_risk", 0, OP, False),
    ("use_risk", 1, OP, False),
    ("use_risk", 2, IOP, False),
    ("use_risk", 3, PHP, False),
    ("use_risk", 4, R35, False),
    ("environment", 0, OP, False),
    ("environment", 1, OP, False),
    ("environment", 2, IOP, False),
    ("environment", 3, PHP, False),
    ("environment", 4, R31, False),
    ("readiness_rating", 4, OP, False),
    ("person_centered", 4, OP, False),
]


@pytest.mark.parametrize(("dimension", "rating", "level", "emergency"), BANDS)
def test_it_moves_at_each_band_edge(dimension: str, rating: int, level: Level, emergency: bool) -> None:
    # given one dimension rated, the rest 0 and no other findings
    rated: dict[str, Any] = {dimension: rating}
    facts = Facts(severity=Severity.MILD, **rated)
    # when the rules run
    result = recommend(facts)
    # then the level is the one the band calls for
    assert (result.level, result.emergency) == (level, emergency)


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (Severity.AT_RISK, Level.EARLY_INTERVENTION),
        (Severity.NONE, OP),
        (Severity.MILD, OP),
        (Severity.MODERATE, OP),
        (Severity.SEVERE, IOP),
    ],
)
def test_it_needs_a_severe_disorder_to_rule_outpatient_out(severity: Severity, level: Level) -> None:
    assert recommend(Facts(severity=severity)).level == level


@pytest.mark.parametrize(("failed", "level"), [(None, OP), (OP, IOP), (IOP, PHP), (PHP, R35)])
def test_it_steps_up_one_level_above_the_one_that_failed(failed: Level | None, level: Level) -> None:
    assert recommend(Facts(failed_level=failed)).level == level


def test_it_puts_emergencies_first_in_the_reasons() -> None:
    # given imminent psychiatric danger and an unsafe home
    result = recommend(Facts(psychiatric=4, unsafe_home=True, use_risk=2))
    # then the emergency rule comes first and the level is 4, inpatient
    assert result.fired[0].code == "imminent_danger"
    assert result.fired[0].reason.startswith("Psychiatric rated 4 (imminent danger)")
    assert result.level == L4


def test_it_orders_levels_by_intensity_for_step_down_and_up() -> None:
    assert intensity("0.5") < intensity("1") < intensity("2.1") < intensity("2.5") < intensity("3.1")
    assert intensity("3.1") < intensity("3") < intensity("3.5") < intensity("3.7") < intensity("wm")
    assert intensity("4") > intensity("wm")


def test_its_levels_are_episode_levels() -> None:
    from trellis.episodes.choices import LevelOfCare

    assert {level.value for level in Level} <= set(LevelOfCare.values)
