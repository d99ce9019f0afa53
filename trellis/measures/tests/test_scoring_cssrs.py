import pytest

from trellis.measures.scoring import ScoringError, score

Y, N, SKIP = 1, 0, None

# Columbia screener triage: Q1-2 yes low; Q3 or lifetime behavior moderate; Q4, Q5 or behavior in the
# past 3 months high. Answers are Q1, Q2, Q3, Q4, Q5, Q6, Q6b (within the past 3 months).
TRIAGE = [
    ("nothing endorsed", [N, N, SKIP, SKIP, SKIP, N, SKIP], "no risk identified", ()),
    ("wish to be dead", [Y, N, SKIP, SKIP, SKIP, N, SKIP], "low risk", ()),
    ("thoughts, no method", [Y, Y, N, N, N, N, SKIP], "low risk", ()),
    ("thoughts with a method", [Y, Y, Y, N, N, N, SKIP], "moderate risk", ("cssrs_moderate_risk",)),
    ("intent", [Y, Y, N, Y, N, N, SKIP], "high risk", ("cssrs_high_risk",)),
    ("plan with intent", [Y, Y, Y, N, Y, N, SKIP], "high risk", ("cssrs_high_risk",)),
    ("lifetime behavior only", [N, N, SKIP, SKIP, SKIP, Y, N], "moderate risk", ("cssrs_moderate_risk",)),
    ("behavior in past 3 months", [N, N, SKIP, SKIP, SKIP, Y, Y], "high risk", ("cssrs_high_risk",)),
    ("method and recent behavior", [Y, Y, Y, N, N, Y, Y], "high risk", ("cssrs_high_risk",)),
]


@pytest.mark.parametrize(("case", "answers", "band", "flags"), TRIAGE, ids=[row[0] for row in TRIAGE])
def test_it_triages_as_the_screener_does(
    case: str, answers: list[int | None], band: str, flags: tuple[str, ...]
) -> None:
    result = score("cssrs", answers)

    assert (result.total, result.band, result.flag_codes) == (None, band, flags)
    assert result.is_urgent is (band == "high risk")


def test_it_asks_for_immediate_evaluation_at_high_risk() -> None:
    (flag,) = score("cssrs", [Y, Y, N, Y, N, N, SKIP]).flags

    assert flag.urgent
    assert "immediate evaluation" in flag.message


@pytest.mark.parametrize("skipped", [N, False, SKIP])
def test_it_accepts_a_no_or_a_blank_for_skipped_questions(skipped: int | bool | None) -> None:
    answers = [True, False, skipped, skipped, skipped, False, skipped]

    assert score("cssrs", answers).band == "low risk"


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ([Y, Y, SKIP, N, N, N, SKIP], 3, "item 3 is missing"),
        ([Y, Y, N, SKIP, N, N, SKIP], 4, "item 4 is missing"),
        ([Y, Y, N, N, SKIP, N, SKIP], 5, "item 5 is missing"),
        ([N, Y, N, N, N, Y, SKIP], 7, "item 6b is missing"),
        ([N, N, SKIP, Y, SKIP, N, SKIP], 4, "item 4 is asked only when item 2 is 'Yes'"),
        ([N, N, SKIP, SKIP, SKIP, N, Y], 7, "item 6b is asked only when item 6 is 'Yes'"),
        ([SKIP, N, SKIP, SKIP, SKIP, N, SKIP], 1, "item 1 is missing"),
        ([N, 2, SKIP, SKIP, SKIP, N, SKIP], 2, "item 2: 2 is not a valid answer"),
        ([N, N, SKIP, SKIP, SKIP, N], None, "7 items; 6 answers"),
    ],
)
def test_it_rejects_incomplete_or_contradictory_answers(
    answers: list[int | None], item: int | None, message: str
) -> None:
    with pytest.raises(ScoringError, match=message) as raised:
        score("cssrs", answers)

    assert raised.value.item == item
