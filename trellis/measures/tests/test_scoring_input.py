import pytest

from trellis.measures.scoring import ScoringError, get_instrument, list_instruments, score


def test_it_is_a_value_error_so_callers_can_treat_it_as_bad_input() -> None:
    assert issubclass(ScoringError, ValueError)


def test_it_refuses_an_unknown_instrument() -> None:
    with pytest.raises(ScoringError, match="Unknown instrument 'phq2'") as raised:
        score("phq2", [0, 0])

    assert raised.value.item is None


@pytest.mark.parametrize("answers", ["000000000", 0, None, {1: 0}])
def test_it_refuses_answers_that_are_not_a_list(answers: object) -> None:
    with pytest.raises(ScoringError, match="answers must be a list"):
        score("phq9", answers)  # type: ignore[arg-type]


@pytest.mark.parametrize("answer", [1.0, "1", 1.5])
def test_it_refuses_an_answer_that_is_not_a_whole_number(answer: object) -> None:
    with pytest.raises(ScoringError, match="item 4: expected a whole number") as raised:
        score("phq9", [0, 0, 0, answer, 0, 0, 0, 0, 0])  # type: ignore[list-item]

    assert raised.value.item == 4


def test_it_accepts_a_tuple() -> None:
    assert score("gad7", (1, 1, 1, 1, 1, 0, 0)).total == 5


def test_it_exposes_the_definitions_for_rendering_forms() -> None:
    phq9 = get_instrument("phq9")

    assert phq9 in list_instruments()
    assert phq9.item(9).text.startswith("Thoughts that you would be better off dead")
    assert [option.label for option in phq9.item(1).options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]


def test_it_reports_the_points_of_each_item() -> None:
    assert score("dast10", [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]).item_points == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_it_gives_json_ready_data_for_the_api() -> None:
    data = score("phq9", [0] * 8 + [2]).as_dict()

    assert data["total"] == 2
    assert data["band"] == "minimal"
    assert data["is_urgent"] is True
    flags = data["flags"]
    assert isinstance(flags, list)
    assert [flag["code"] for flag in flags] == ["phq9_item9"]


def test_it_gives_bam_subscales_in_the_api_data() -> None:
    data = score("bam", [0] * 4 + [None, 0, None] + [0] * 10).as_dict()

    assert data["subscales"] == {"use": 0, "risk": 0, "protective": 0}
    assert data["total"] is None
