import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import reaching_for, replaced

# Spitzer et al. 2006: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe
BAND_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), BAND_EDGES)
def test_it_bands_the_total(total: int, band: str) -> None:
    result = score("gad7", reaching_for("gad7", total))

    assert (result.total, result.band, result.flags) == (total, band, ())


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ([1] * 6, None, "7 items; 6 answers"),
        (replaced([1] * 7, 7, 4), 7, "item 7: 4 is not a valid answer"),
        (replaced([1] * 7, 5, None), 5, "item 5 is missing"),
    ],
)
def test_it_rejects_invalid_answers(answers: list[int | None], item: int | None, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("gad7", answers)

    assert raised.value.item == item
