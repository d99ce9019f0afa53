"""X12 envelopes and segments: counts, control numbers, fixed-width ISA, separators, number formats."""

import dataclasses
import itertools
from decimal import Decimal

import pytest

from trellis.billing.tests.synthetic_claims import CONTROL, professional_file
from trellis.billing.x12.claim_837p import render_837p
from trellis.billing.x12.envelope import (
    MAX_CONTROL_NUMBER,
    ControlNumbers,
    control_number_sequence,
    next_control_numbers,
)
from trellis.billing.x12.segments import DEFAULT_SEPARATORS, SegmentWriter, Separators, decimal_value


def segments(text: str, separators: Separators = DEFAULT_SEPARATORS) -> list[list[str]]:
    raw = text.split(separators.segment)
    return [segment.strip("\n").split(separators.element) for segment in raw if segment.strip("\n")]


def test_it_counts_every_segment_from_st_to_se() -> None:
    # given an 837P split into transaction sets of one claim each
    claim_file = professional_file()
    rendered = render_837p(claim_file, control=CONTROL, max_claims_per_transaction=1)
    rows = segments(rendered)
    # then each SE01 counts its ST to SE inclusive and echoes ST02, GE01 counts the sets, IEA01 the groups
    starts = [i for i, row in enumerate(rows) if row[0] == "ST"]
    ends = [i for i, row in enumerate(rows) if row[0] == "SE"]
    assert len(starts) == len(ends) == len(claim_file.claims)
    for offset, (start, end) in enumerate(zip(starts, ends, strict=True)):
        assert rows[end][1] == str(end - start + 1)
        assert rows[start][2] == rows[end][2] == f"{CONTROL.first_transaction + offset:04d}"
    assert rows[-2] == ["GE", "2", "4217"]
    assert rows[-1] == ["IEA", "1", "000004217"]


def test_it_lays_the_isa_out_at_its_fixed_width() -> None:
    isa = render_837p(professional_file(), control=CONTROL).split("~")[0]
    assert len(isa) == 105  # 106 with the segment terminator
    assert isa.split("*")[13] == "000004217"
    assert isa[-1] == ":"  # ISA16 is the sub-element separator


def test_it_writes_the_separators_it_is_given() -> None:
    separators = Separators(element="|", sub_element=">", repetition="!", segment="\n", line_break=False)
    rendered = render_837p(professional_file(), control=CONTROL, separators=separators)
    rows = segments(rendered, separators)
    assert (rows[0][11], rows[0][16]) == ("!", ">")
    assert ["SV1", "HC>H0015>HF", "250", "UN", "1", "", "", "1"] in rows


def test_it_cleans_separators_out_of_free_text_and_refuses_them_in_codes() -> None:
    writer = SegmentWriter()
    assert writer.text("O*Brien~ Jr:  ") == "O Brien Jr"
    with pytest.raises(ValueError, match="separator"):
        writer.add("REF", "G1", "AUTH*1")


def test_it_drops_trailing_empty_elements_and_components() -> None:
    writer = SegmentWriter(Separators(line_break=False))
    writer.add("SV2", "0905", ("HC", "H0015", "", ""), "200", "", "")
    assert writer.render() == "SV2*0905*HC:H0015*200~"


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (Decimal("250.00"), "250"),
        (Decimal("140.50"), "140.5"),
        (Decimal("0.25"), "0.25"),
        (Decimal("1E+2"), "100"),
        (Decimal(0), "0"),
        (3, "3"),
    ],
)
def test_it_formats_decimals_as_x12_wants(value: Decimal | int, rendered: str) -> None:
    assert decimal_value(value) == rendered


def test_it_numbers_control_numbers_in_sequence_and_wraps_after_nine_digits() -> None:
    assert list(itertools.islice(control_number_sequence(MAX_CONTROL_NUMBER - 1), 3)) == [
        MAX_CONTROL_NUMBER - 1,
        MAX_CONTROL_NUMBER,
        1,
    ]
    sequence = control_number_sequence(41)
    assert next_control_numbers(sequence) == ControlNumbers(interchange=41, group=41)
    assert next_control_numbers(sequence).interchange == 42


@pytest.mark.parametrize("number", [0, MAX_CONTROL_NUMBER + 1])
def test_it_refuses_control_numbers_outside_nine_digits(number: int) -> None:
    with pytest.raises(ValueError, match="Control numbers"):
        ControlNumbers(interchange=number, group=1)


def test_it_refuses_an_empty_claim_file_and_a_claim_without_lines() -> None:
    claim_file = professional_file()
    with pytest.raises(ValueError, match="at least one claim"):
        render_837p(dataclasses.replace(claim_file, claims=()), control=CONTROL)
    no_lines = dataclasses.replace(claim_file.claims[0], lines=())
    with pytest.raises(ValueError, match="no service lines"):
        render_837p(dataclasses.replace(claim_file, claims=(no_lines,)), control=CONTROL)
