"""What the 837 writers put in each claim, and the claims they refuse to write."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from trellis.billing.tests.synthetic_claims import CONTROL, institutional_file, professional_file
from trellis.billing.x12.claim_837i import render_837i
from trellis.billing.x12.claim_837p import render_837p
from trellis.billing.x12.loops import icd10


def rows(text: str) -> list[list[str]]:
    return [segment.strip().split("*") for segment in text.split("~") if segment.strip()]


@pytest.mark.parametrize(("line_id", "charge_element"), [("SV1", 2), ("SV2", 3)])
def test_it_totals_each_claim_from_its_lines(line_id: str, charge_element: int) -> None:
    # given both claim files rendered
    text = render_837p(professional_file(), control=CONTROL) + render_837i(
        institutional_file(), control=CONTROL
    )
    # then every CLM02 equals the sum of the charges on the lines that follow it
    totals: list[tuple[Decimal, Decimal]] = []
    for row in rows(text):
        if row[0] == "CLM":
            totals.append((Decimal(row[2]), Decimal(0)))
        elif row[0] == line_id:
            claimed, summed = totals[-1]
            totals[-1] = (claimed, summed + Decimal(row[charge_element]))
    relevant = [(claimed, summed) for claimed, summed in totals if summed]
    assert relevant
    assert all(claimed == summed for claimed, summed in relevant)


def test_it_marks_medicare_iop_claims_with_bill_type_and_condition_code_92() -> None:
    segments = rows(render_837i(institutional_file(), control=CONTROL))
    claims = [row for row in segments if row[0] == "CLM"]
    assert [claim[5] for claim in claims] == ["13:A:3", "76:A:4"]  # interim continuing, interim last
    assert segments.count(["HI", "BG:92"]) == 2
    assert ["DTP", "434", "RD8", "20261102-20261106"] in segments


@pytest.mark.parametrize(("code", "x12"), [("F10.20", "F1020"), ("f33.1", "F331"), (" Z91.19 ", "Z9119")])
def test_it_writes_icd10_without_the_dot(code: str, x12: str) -> None:
    assert icd10(code) == x12


def test_it_refuses_a_line_pointing_at_a_diagnosis_the_claim_does_not_list() -> None:
    claim_file = professional_file()
    claim = claim_file.claims[1]  # one diagnosis
    bad_line = dataclasses.replace(claim.lines[0], diagnosis_pointers=(2,))
    bad = dataclasses.replace(claim, lines=(bad_line,))
    with pytest.raises(ValueError, match="diagnosis it does not list"):
        render_837p(dataclasses.replace(claim_file, claims=(bad,)), control=CONTROL)


def test_it_refuses_more_than_twelve_diagnoses_on_a_professional_claim() -> None:
    claim_file = professional_file()
    bad = dataclasses.replace(claim_file.claims[0], diagnosis_codes=tuple(f"F{n:02d}.0" for n in range(13)))
    with pytest.raises(ValueError, match="1 to 12 diagnosis codes"):
        render_837p(dataclasses.replace(claim_file, claims=(bad,)), control=CONTROL)


def test_it_refuses_an_institutional_line_outside_the_statement_dates() -> None:
    claim_file = institutional_file()
    claim = claim_file.claims[1]
    late = dataclasses.replace(claim.lines[0], service_date=dt.date(2026, 11, 14))
    bad = dataclasses.replace(claim, lines=(late,))
    with pytest.raises(ValueError, match="outside its statement dates"):
        render_837i(dataclasses.replace(claim_file, claims=(bad,)), control=CONTROL)
