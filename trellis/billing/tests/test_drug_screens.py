"""Drug screen codes: one presumptive per date of service; definitive by payer and number of drug classes."""

import datetime as dt

import pytest

from trellis.billing.rules.drug_screens import (
    PresumptiveMethod,
    PresumptiveScreen,
    definitive_codes,
    medicare_definitive_code,
    presumptive_charges,
)
from trellis.billing.rules.payers import PayerKind

MONDAY = dt.date(2026, 11, 16)


@pytest.mark.parametrize(
    ("method", "code"),
    [
        (PresumptiveMethod.DIRECT_OPTICAL, "80305"),
        (PresumptiveMethod.INSTRUMENT_ASSISTED_OPTICAL, "80306"),
        (PresumptiveMethod.CHEMISTRY_ANALYZER, "80307"),
    ],
)
def test_it_codes_a_presumptive_screen_by_method(method: PresumptiveMethod, code: str) -> None:
    (charge,) = presumptive_charges([PresumptiveScreen("s1", MONDAY, method)])
    assert charge.code == code


def test_it_bills_one_presumptive_screen_per_date_of_service() -> None:
    # given a cup read by eye and an analyzer run on Monday, and one cup on Tuesday
    screens = [
        PresumptiveScreen("cup-mon", MONDAY, PresumptiveMethod.DIRECT_OPTICAL),
        PresumptiveScreen("lab-mon", MONDAY, PresumptiveMethod.CHEMISTRY_ANALYZER),
        PresumptiveScreen("cup-tue", MONDAY + dt.timedelta(days=1), PresumptiveMethod.DIRECT_OPTICAL),
    ]
    # when charges are made
    charges = presumptive_charges(screens)
    # then Monday bills the analyzer once, the cup bundled into it, and Tuesday bills its cup
    assert [(c.service_date, c.code, c.billed_screen_id, c.bundled_screen_ids) for c in charges] == [
        (MONDAY, "80307", "lab-mon", ("cup-mon",)),
        (MONDAY + dt.timedelta(days=1), "80305", "cup-tue", ()),
    ]


@pytest.mark.parametrize(
    ("classes", "code"),
    [
        (0, None),
        (1, "G0480"),
        (7, "G0480"),
        (8, "G0481"),
        (14, "G0481"),
        (15, "G0482"),
        (21, "G0482"),
        (22, "G0483"),
        (30, "G0483"),
    ],
)
def test_it_codes_medicare_definitive_tests_by_drug_class_count(classes: int, code: str | None) -> None:
    assert medicare_definitive_code(classes) == code


def test_it_counts_distinct_classes_for_medicare_and_lists_them_for_commercial_plans() -> None:
    tested = ["80320", "80324", "80324", "80346", "80365"]  # one class reported twice
    assert definitive_codes(payer_kind=PayerKind.MEDICARE, class_codes=tested) == ("G0480",)
    assert definitive_codes(payer_kind=PayerKind.COMMERCIAL, class_codes=tested) == (
        "80320",
        "80324",
        "80346",
        "80365",
    )
    eight = [str(code) for code in range(80320, 80328)]
    assert definitive_codes(payer_kind=PayerKind.MEDICARE, class_codes=eight) == ("G0481",)


@pytest.mark.parametrize("code", ["80319", "80378", "G0480", ""])
def test_it_refuses_a_code_outside_the_definitive_class_range(code: str) -> None:
    with pytest.raises(ValueError, match="Not a definitive drug class code"):
        definitive_codes(payer_kind=PayerKind.COMMERCIAL, class_codes=[code])
