import dataclasses

import pytest

from trellis.measures.instrument_data import (
    Band,
    InstrumentDefinitionError,
    UnknownInstrumentError,
    consistency_problems,
    get_instrument,
    list_instruments,
    parse_instrument,
)
from trellis.measures.tests.answer_vectors import PUBLISHED_VALUES

# code, items, published maximum total (None: no total)
PUBLISHED_SHAPE = [
    ("phq9", 9, 27),
    ("gad7", 7, 21),
    ("audit", 10, 40),
    ("auditc", 3, 12),
    ("dast10", 10, 10),
    ("bam", 17, None),
    ("cssrs", 7, None),
    ("ciwa", 10, 67),
    ("cows", 11, 48),
]


def test_it_lists_all_nine_instruments() -> None:
    assert {instrument.code for instrument in list_instruments()} == {row[0] for row in PUBLISHED_SHAPE}


@pytest.mark.parametrize(("code", "item_count", "max_total"), PUBLISHED_SHAPE)
def test_it_loads_a_consistent_definition(code: str, item_count: int, max_total: int | None) -> None:
    instrument = get_instrument(code)

    assert consistency_problems(instrument) == []
    assert len(instrument.items) == item_count
    assert instrument.has_total == (max_total is not None)
    if max_total is not None:
        assert instrument.max_total == max_total


@pytest.mark.parametrize("code", [row[0] for row in PUBLISHED_SHAPE])
def test_it_offers_exactly_the_published_answer_values(code: str) -> None:
    instrument = get_instrument(code)

    assert [tuple(sorted(item.values)) for item in instrument.items] == PUBLISHED_VALUES[code]


@pytest.mark.parametrize("code", [row[0] for row in PUBLISHED_SHAPE])
def test_it_keeps_texts_labels_and_a_source_in_the_data(code: str) -> None:
    instrument = get_instrument(code)

    assert instrument.source.strip()
    assert instrument.name.strip()
    assert instrument.wording in {"published", "paraphrase"}
    assert all(item.text.strip() for item in instrument.items)
    assert all(option.label.strip() for item in instrument.items for option in item.options)


def test_it_uses_the_audit_wording_for_audit_c() -> None:
    audit, audit_c = get_instrument("audit"), get_instrument("auditc")

    assert audit_c.items == audit.items[:3]


def test_it_refuses_an_unknown_code() -> None:
    with pytest.raises(UnknownInstrumentError, match="phq10"):
        get_instrument("phq10")


def test_it_reports_bands_with_a_gap() -> None:
    phq9 = get_instrument("phq9")
    gappy = dataclasses.replace(phq9, bands=(Band("low", 0, 9), Band("high", 11, 27)))

    assert consistency_problems(gappy) == ["bands 'default' do not cover 0-27 without gaps or overlaps"]


def test_it_reports_a_maximum_that_differs_from_the_published_one() -> None:
    phq9 = get_instrument("phq9")

    problems = consistency_problems(dataclasses.replace(phq9, published_max_total=30))

    assert problems == ["items sum to 27, published maximum 30"]


def test_it_reports_a_flag_on_an_item_that_does_not_exist() -> None:
    phq9 = get_instrument("phq9")
    rule = dataclasses.replace(phq9.flag_rules[0], item=10)

    assert consistency_problems(dataclasses.replace(phq9, flag_rules=(rule,))) == [
        "item 10 is referenced but does not exist"
    ]


def test_it_rejects_a_malformed_file() -> None:
    with pytest.raises(InstrumentDefinitionError, match="broken"):
        parse_instrument({"code": "broken", "items": []})
