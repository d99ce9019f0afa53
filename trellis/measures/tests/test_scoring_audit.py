import pytest

from trellis.measures.scoring import ScoringError, score
from trellis.measures.tests.answer_vectors import reaching_for, replaced

# WHO AUDIT manual (2001) risk zones: 0-7, 8-15, 16-19, 20-40
AUDIT_BAND_EDGES = [
    (0, "low risk"),
    (7, "low risk"),
    (8, "hazardous"),
    (15, "hazardous"),
    (16, "harmful"),
    (19, "harmful"),
    (20, "possible dependence"),
    (40, "possible dependence"),
]

# Bradley et al. 2007: positive at 4 or more for men, 3 or more for women
AUDIT_C_EDGES = [
    ("male", 0, "negative"),
    ("male", 3, "negative"),
    ("male", 4, "positive"),
    ("male", 12, "positive"),
    ("female", 0, "negative"),
    ("female", 2, "negative"),
    ("female", 3, "positive"),
    ("female", 12, "positive"),
]


@pytest.mark.parametrize(("total", "band"), AUDIT_BAND_EDGES)
def test_it_bands_the_audit_total(total: int, band: str) -> None:
    result = score("audit", reaching_for("audit", total))

    assert (result.total, result.band) == (total, band)


def test_it_scores_items_9_and_10_as_0_2_or_4() -> None:
    # given someone injured, but not in the last year, whose doctor raised concern this year
    answers = [1, 0, 0, 0, 0, 0, 0, 0, 2, 4]

    assert score("audit", answers).total == 7


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (replaced([0] * 10, 9, 3), 9, "item 9: 3 is not a valid answer \\(allowed: 0, 2, 4\\)"),
        (replaced([0] * 10, 9, 1), 9, "item 9: 1 is not a valid answer"),
        (replaced([0] * 10, 10, 3), 10, "item 10: 3 is not a valid answer"),
        (replaced([0] * 10, 1, 5), 1, "item 1: 5 is not a valid answer"),
        (replaced([0] * 10, 4, None), 4, "item 4 is missing"),
        ([0] * 9, None, "10 items; 9 answers"),
    ],
)
def test_it_rejects_invalid_audit_answers(answers: list[int | None], item: int | None, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("audit", answers)

    assert raised.value.item == item


@pytest.mark.parametrize(("sex", "total", "band"), AUDIT_C_EDGES)
def test_it_bands_audit_c_by_sex(sex: str, total: int, band: str) -> None:
    result = score("auditc", reaching_for("auditc", total), sex=sex)

    assert (result.total, result.band) == (total, band)


def test_it_reads_sex_without_regard_to_case() -> None:
    assert score("auditc", [1, 1, 1], sex=" Female ").band == "positive"


@pytest.mark.parametrize("sex", [None, "", "unknown"])
def test_it_needs_sex_for_audit_c(sex: str | None) -> None:
    with pytest.raises(ScoringError, match="depend on sex; give sex as 'female' or 'male'"):
        score("auditc", [1, 1, 1], sex=sex)


def test_it_ignores_sex_where_the_bands_do_not_use_it() -> None:
    assert score("audit", [0] * 10, sex="female").band == score("audit", [0] * 10).band


def test_it_gives_audit_c_the_same_points_as_the_first_three_audit_items() -> None:
    first_three = [4, 2, 3]

    audit_c = score("auditc", first_three, sex="male")
    audit = score("audit", [*first_three, 0, 0, 0, 0, 0, 0, 0])

    assert audit_c.total == audit.total == sum(first_three)
