import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import reaching_for, replaced

# Kroenke et al. 2001: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe
BAND_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (27, "severe"),
]


@pytest.mark.parametrize(("total", "band"), BAND_EDGES)
def test_it_bands_the_total(total: int, band: str) -> None:
    result = score("phq9", reaching_for("phq9", total))

    assert (result.total, result.band) == (total, band)
    assert result.subscales == {}


@pytest.mark.parametrize(("item9", "flagged"), [(0, False), (1, True), (2, True), (3, True)])
def test_it_flags_any_answer_above_0_on_item_9(item9: int, flagged: bool) -> None:
    # given a client with minimal symptoms apart from item 9
    answers = replaced([0] * 9, 9, item9)

    # when
    result = score("phq9", answers)

    # then a single point on item 9 is enough for a same-day safety assessment
    assert result.flag_codes == (("phq9_item9",) if flagged else ())
    assert result.is_urgent is flagged
    assert result.band == "minimal"


def test_it_explains_the_item_9_flag() -> None:
    (flag,) = score("phq9", [0] * 8 + [1]).flags

    assert "same-day safety assessment" in flag.message


def test_it_does_not_flag_a_severe_total_without_item_9() -> None:
    result = score("phq9", [3] * 8 + [0])

    assert (result.total, result.band, result.flags) == (24, "severe", ())


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ([0] * 8, None, "9 items; 8 answers"),
        ([0] * 10, None, "9 items; 10 answers"),
        (replaced([0] * 9, 3, 4), 3, "item 3: 4 is not a valid answer"),
        (replaced([0] * 9, 1, -1), 1, "item 1: -1 is not a valid answer"),
        (replaced([0] * 9, 9, None), 9, "item 9 is missing"),
        (replaced([0] * 9, 2, True), 2, "expected a number"),
    ],
)
def test_it_rejects_invalid_answers(answers: list[int | None], item: int | None, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("phq9", answers)

    assert raised.value.item == item
