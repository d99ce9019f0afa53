import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import reaching_for, replaced

ORIENTATION = 10

# ASAM Clinical Practice Guideline on Alcohol Withdrawal Management (2020): <10 mild, 10-18 moderate, >=19 severe
CURRENT_EDGES = [
    (0, "mild", False),
    (9, "mild", False),
    (10, "moderate", False),
    (18, "moderate", False),
    (19, "severe", True),
    (67, "severe", True),
]

# Older protocols after Sullivan et al. 1989: <8 mild, 8-15 moderate, >15 severe
OLDER_EDGES = [
    (0, "mild", False),
    (7, "mild", False),
    (8, "moderate", False),
    (15, "moderate", False),
    (16, "severe", True),
    (67, "severe", True),
]


@pytest.mark.parametrize(("total", "band", "severe"), CURRENT_EDGES)
def test_it_bands_the_total_with_the_current_cut_offs(total: int, band: str, severe: bool) -> None:
    result = score("ciwa", reaching_for("ciwa", total))

    assert (result.total, result.band) == (total, band)
    assert result.flag_codes == (("ciwa_severe",) if severe else ())
    assert result.is_urgent is severe


@pytest.mark.parametrize(("total", "band", "severe"), OLDER_EDGES)
def test_it_bands_the_total_with_the_older_cut_offs(total: int, band: str, severe: bool) -> None:
    result = score("ciwa", reaching_for("ciwa", total), band_set="sullivan1989")

    assert (result.total, result.band) == (total, band)
    assert result.is_urgent is severe


def test_it_reaches_67_only_with_every_item_at_its_maximum() -> None:
    assert score("ciwa", [7] * 9 + [4]).total == 67


def test_it_refuses_an_unknown_band_set() -> None:
    with pytest.raises(ScoringError, match="no band set 'strict' \\(available: sullivan1989\\)"):
        score("ciwa", [0] * 10, band_set="strict")


def test_it_refuses_a_band_set_for_an_instrument_without_one() -> None:
    with pytest.raises(ScoringError, match="available: none"):
        score("phq9", [0] * 9, band_set="sullivan1989")


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (
            replaced([0] * 10, ORIENTATION, 5),
            10,
            "item 10: 5 is not a valid answer \\(allowed: 0, 1, 2, 3, 4\\)",
        ),
        (replaced([0] * 10, 1, 8), 1, "item 1: 8 is not a valid answer"),
        (replaced([0] * 10, 2, None), 2, "item 2 is missing"),
        ([0] * 9, None, "10 items; 9 answers"),
    ],
)
def test_it_rejects_invalid_answers(answers: list[int | None], item: int | None, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("ciwa", answers)

    assert raised.value.item == item
