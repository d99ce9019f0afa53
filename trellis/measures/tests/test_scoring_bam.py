import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import PUBLISHED_VALUES, replaced

# VA BAM manual: no total; Use = 4+5+6, Risk = 1+2+3+8+11+15, Protective = 9+10+12+13+14+16
SUBSCALE_ITEMS = {
    "use": (4, 5, 6),
    "risk": (1, 2, 3, 8, 11, 15),
    "protective": (9, 10, 12, 13, 14, 16),
}
ENOUGH_INCOME = 14
ALL_ZERO = [0] * 17
SKIPPED_AFTER_NO_USE = replaced(replaced(ALL_ZERO, 5, None), 7, None)


def _distinct_answers() -> list[int]:
    """A different valid value on most items, so a subscale that sums the wrong items shows it."""
    return [values[number % len(values)] for number, values in enumerate(PUBLISHED_VALUES["bam"], start=1)]


def test_it_sums_the_three_subscales_from_the_manual() -> None:
    answers = _distinct_answers()

    result = score("bam", answers)

    assert result.subscales == {
        name: sum(answers[number - 1] for number in numbers) for name, numbers in SUBSCALE_ITEMS.items()
    }


def test_it_has_no_total_and_no_band() -> None:
    result = score("bam", _distinct_answers())

    assert (result.total, result.band, result.flags) == (None, None, ())


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (SKIPPED_AFTER_NO_USE, {"use": 0, "risk": 0, "protective": 0}),
        ([4] * 13 + [4] + [4] * 3, {"use": 12, "risk": 24, "protective": 24}),
        (replaced([4] * 17, ENOUGH_INCOME, 0), {"use": 12, "risk": 24, "protective": 20}),
    ],
)
def test_it_reaches_each_subscale_range(answers: list[int | None], expected: dict[str, int]) -> None:
    assert score("bam", answers).subscales == expected


def test_it_leaves_items_7_and_17_out_of_every_subscale() -> None:
    base = replaced(ALL_ZERO, 6, 2)

    with_item_7_and_17 = replaced(replaced(base, 7, 4), 17, 4)

    assert score("bam", with_item_7_and_17).subscales == score("bam", base).subscales


@pytest.mark.parametrize(
    ("skipped_item", "controlling_item"),
    [(5, 4), (7, 6)],
)
def test_it_counts_a_skipped_follow_up_as_0(skipped_item: int, controlling_item: int) -> None:
    # given no days of drinking (item 4) or drug use (item 6), the follow-up is not asked
    answers = replaced(replaced(ALL_ZERO, skipped_item, None), 2, 3)

    result = score("bam", answers)

    assert result.item_points[skipped_item - 1] is None
    assert result.item_points[controlling_item - 1] == 0
    assert result.subscales["use"] == 0


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (replaced(replaced(ALL_ZERO, 4, 2), 5, None), 5, "item 5 is missing"),
        (replaced(replaced(ALL_ZERO, 6, 1), 7, None), 7, "item 7 is missing"),
        (replaced(ALL_ZERO, 5, 2), 5, "item 5 is asked only when item 4 is '1-3 days' or more"),
        (replaced(ALL_ZERO, ENOUGH_INCOME, 1), 14, "item 14: 1 is not a valid answer \\(allowed: 0, 4\\)"),
        (replaced(ALL_ZERO, 1, 5), 1, "item 1: 5 is not a valid answer"),
        (replaced(ALL_ZERO, 17, None), 17, "item 17 is missing"),
        (ALL_ZERO[:16], None, "17 items; 16 answers"),
    ],
)
def test_it_rejects_invalid_answers(answers: list[int | None], item: int | None, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("bam", answers)

    assert raised.value.item == item
