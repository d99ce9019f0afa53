import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import reaching_for, replaced

PULSE, RESTLESSNESS, GOOSEFLESH = 1, 3, 11

# Wesson & Ling 2003: 5-12 mild, 13-24 moderate, 25-36 moderately severe, >36 severe
BAND_EDGES = [
    (0, "none", ()),
    (4, "none", ()),
    (5, "mild", ()),
    (12, "mild", ()),
    (13, "moderate", ()),
    (24, "moderate", ()),
    (25, "moderately severe", ("cows_moderately_severe",)),
    (36, "moderately severe", ("cows_moderately_severe",)),
    (37, "severe", ("cows_severe",)),
    (48, "severe", ("cows_severe",)),
]


@pytest.mark.parametrize(("total", "band", "flags"), BAND_EDGES)
def test_it_bands_and_flags_the_total(total: int, band: str, flags: tuple[str, ...]) -> None:
    result = score("cows", reaching_for("cows", total))

    assert (result.total, result.band, result.flag_codes) == (total, band, flags)


@pytest.mark.parametrize(("total", "urgent"), [(36, False), (37, True)])
def test_it_makes_only_severe_withdrawal_urgent(total: int, urgent: bool) -> None:
    assert score("cows", reaching_for("cows", total)).is_urgent is urgent


def test_it_reaches_48_with_every_item_at_its_maximum() -> None:
    assert score("cows", [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]).total == 48


@pytest.mark.parametrize(
    ("item", "value"),
    [(PULSE, 3), (RESTLESSNESS, 2), (RESTLESSNESS, 4), (GOOSEFLESH, 1), (GOOSEFLESH, 4), (GOOSEFLESH, 6)],
)
def test_it_accepts_only_the_published_anchor_values(item: int, value: int) -> None:
    with pytest.raises(ScoringError, match=f"item {item}: {value} is not a valid answer") as raised:
        score("cows", replaced([0] * 11, item, value))

    assert raised.value.item == item


def test_it_rejects_a_missing_answer() -> None:
    with pytest.raises(ScoringError, match="item 11 is missing"):
        score("cows", replaced([0] * 11, GOOSEFLESH, None))
