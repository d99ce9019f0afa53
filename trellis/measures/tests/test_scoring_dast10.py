import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import reaching_for, replaced

YES, NO = 1, 0
ALWAYS_ABLE_TO_STOP = 3  # the reverse-scored item: "yes" earns no point

# Skinner 1982, DAST-10 guidelines: 0 none, 1-2 low, 3-5 moderate, 6-8 substantial, 9-10 severe
BAND_EDGES = [
    (0, "none"),
    (1, "low"),
    (2, "low"),
    (3, "moderate"),
    (5, "moderate"),
    (6, "substantial"),
    (8, "substantial"),
    (9, "severe"),
    (10, "severe"),
]


def _as_answered(points: list[int]) -> list[int]:
    """Turn the points wanted per item into yes/no answers: item 3 earns its point for a "no"."""
    answers = list(points)
    answers[ALWAYS_ABLE_TO_STOP - 1] = 1 - answers[ALWAYS_ABLE_TO_STOP - 1]
    return answers


@pytest.mark.parametrize(("total", "band"), BAND_EDGES)
def test_it_bands_the_total(total: int, band: str) -> None:
    result = score("dast10", _as_answered(reaching_for("dast10", total)))

    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([NO] * 10, 1, "low"),  # "no, I am not always able to stop" earns the one point
        (replaced([NO] * 10, ALWAYS_ABLE_TO_STOP, YES), 0, "none"),
        ([YES] * 10, 9, "severe"),
        (replaced([YES] * 10, ALWAYS_ABLE_TO_STOP, NO), 10, "severe"),
    ],
)
def test_it_reverse_scores_item_3(answers: list[int], total: int, band: str) -> None:
    result = score("dast10", answers)

    assert (result.total, result.band) == (total, band)


def test_it_accepts_booleans_for_yes_and_no() -> None:
    answers = [True, True, False, False, False, False, False, False, False, False]

    assert score("dast10", answers).total == 3


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (replaced([NO] * 10, 5, 2), 5, "item 5: 2 is not a valid answer \\(allowed: 0, 1\\)"),
        (replaced([NO] * 10, 10, None), 10, "item 10 is missing"),
        ([NO] * 11, None, "10 items; 11 answers"),
    ],
)
def test_it_rejects_invalid_answers(answers: list[int | None], item: int | None, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("dast10", answers)

    assert raised.value.item == item
