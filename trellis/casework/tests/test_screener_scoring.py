"""The social needs screen scores as the AHC HRSN guide says (CMS, June 2021), domain by domain."""

from typing import Any

import pytest

from trellis.casework.screener import ScreenerAnswerError, get_screener, score

NOTHING = {
    "living_situation": "steady",
    "housing_problems": ["none"],
    "food_worried": "never",
    "food_ran_out": "never",
    "transport": "no",
    "utilities": "no",
    "safety_hurt": "1",
    "safety_insult": "1",
    "safety_threaten": "1",
    "safety_scream": "1",
    "employment": "no",
    "legal": "no",
    "childcare": "no",
    "benefits": "no",
}


def positives(**changes: Any) -> tuple[str, ...]:
    return score(get_screener(), {**NOTHING, **changes}).positive


def test_it_finds_no_need_when_every_answer_is_negative() -> None:
    assert positives() == ()


@pytest.mark.parametrize(
    ("changes", "domains"),
    [
        ({"living_situation": "worried"}, ("housing",)),
        ({"living_situation": "no_steady"}, ("housing",)),
        ({"housing_problems": ["mold"]}, ("housing",)),
        ({"housing_problems": ["pests", "leaks", "heat"]}, ("housing",)),
        ({"food_worried": "often"}, ("food",)),
        ({"food_worried": "sometimes"}, ("food",)),
        ({"food_ran_out": "sometimes"}, ("food",)),
        ({"transport": "yes"}, ("transport",)),
        ({"utilities": "yes"}, ("utilities",)),
        ({"utilities": "shut_off"}, ("utilities",)),
        ({"employment": "finding"}, ("employment",)),
        ({"employment": "keeping"}, ("employment",)),
        ({"legal": "yes"}, ("legal",)),
        ({"childcare": "yes"}, ("childcare",)),
        ({"benefits": "yes"}, ("benefits",)),
    ],
)
def test_it_marks_the_published_positive_answers(changes: dict[str, Any], domains: tuple[str, ...]) -> None:
    assert positives(**changes) == domains


@pytest.mark.parametrize(
    ("items", "total", "positive"),
    [
        (("1", "1", "1", "1"), 4, False),
        (("5", "5", "5", "5"), 20, True),
        (("3", "3", "2", "2"), 10, False),  # the band edge: 10 is negative
        (("3", "3", "3", "2"), 11, True),  # 11 is positive
        (("5", "1", "1", "3"), 10, False),
        (("5", "1", "1", "4"), 11, True),
    ],
)
def test_it_scores_safety_from_the_total_of_its_four_items(
    items: tuple[str, ...], total: int, positive: bool
) -> None:
    codes = ("safety_hurt", "safety_insult", "safety_threaten", "safety_scream")
    result = score(get_screener(), {**NOTHING, **dict(zip(codes, items, strict=True))})
    assert result.safety_total == total
    assert ("safety" in result.positive) is positive


def test_it_lists_several_positive_domains_in_the_screeners_order() -> None:
    assert positives(benefits="yes", food_ran_out="often", living_situation="no_steady") == (
        "housing",
        "food",
        "benefits",
    )


@pytest.mark.parametrize(
    ("changes", "question"),
    [
        ({"transport": ""}, "transport"),
        ({"utilities": "maybe"}, "utilities"),
        ({"housing_problems": []}, "housing_problems"),
        ({"housing_problems": ["none", "mold"]}, "housing_problems"),
        ({"food_worried": ["often", "never"]}, "food_worried"),
    ],
)
def test_it_refuses_a_missing_or_unknown_answer_naming_the_question(
    changes: dict[str, Any], question: str
) -> None:
    with pytest.raises(ScreenerAnswerError) as refused:
        positives(**changes)
    assert refused.value.question == question


def test_every_domain_of_the_issue_is_screened() -> None:
    codes = {domain.code for domain in get_screener().domains}
    assert codes == {
        "housing", "food", "transport", "utilities", "safety", "employment", "legal", "childcare", "benefits"
    }  # fmt: skip
