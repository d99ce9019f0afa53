"""The pyx12 validator accepts our 837P and 837I files with zero errors, and does catch a broken one."""

import dataclasses
from pathlib import Path

import pytest

from trellis.billing.tests.synthetic_claims import CONTROL, institutional_file, professional_file
from trellis.billing.tests.x12_validation import validation_errors
from trellis.billing.x12.claim_837i import render_837i
from trellis.billing.x12.claim_837p import render_837p
from trellis.billing.x12.claims import ClaimFile, ClaimT
from trellis.billing.x12.segments import Separators

GOLDEN = Path(__file__).parent / "golden"


def many_claims(claim_file: ClaimFile[ClaimT], copies: int) -> ClaimFile[ClaimT]:
    """The file's claims repeated under new claim ids: several claims per subscriber, several sets."""
    claims = tuple(
        dataclasses.replace(claim, claim_id=f"{claim.claim_id}-{copy:03d}")
        for copy in range(copies)
        for claim in claim_file.claims
    )
    return dataclasses.replace(claim_file, claims=claims)


@pytest.mark.parametrize("name", ["claims_837p.x12", "claims_837i.x12"])
def test_it_passes_pyx12_on_the_golden_files(name: str) -> None:
    assert validation_errors(GOLDEN / name) == []


def test_it_passes_pyx12_on_a_large_837p_batch_in_several_transaction_sets(tmp_path: Path) -> None:
    # given 40 professional claims, dependents and a secondary payer among them, 15 claims per ST
    path = tmp_path / "batch_837p.x12"
    path.write_text(
        render_837p(many_claims(professional_file(), 20), control=CONTROL, max_claims_per_transaction=15)
    )
    # then pyx12 reports nothing
    assert validation_errors(path) == []


def test_it_passes_pyx12_on_a_large_837i_batch_with_other_separators(tmp_path: Path) -> None:
    separators = Separators(element="|", sub_element=">", repetition="^", segment="~", line_break=False)
    path = tmp_path / "batch_837i.x12"
    path.write_text(
        render_837i(
            many_claims(institutional_file(), 20),
            control=CONTROL,
            separators=separators,
            max_claims_per_transaction=7,
        )
    )
    assert validation_errors(path) == []


def test_it_would_notice_a_broken_file(tmp_path: Path) -> None:
    # given a valid file with a wrong segment count and an invalid gender code
    text = (GOLDEN / "claims_837p.x12").read_text()
    broken = text.replace("SE*70*0001", "SE*69*0001").replace("DMG*D8*19880402*F", "DMG*D8*19880402*X")
    path = tmp_path / "broken.x12"
    path.write_text(broken)
    # then pyx12 reports both
    errors = validation_errors(path)
    assert any("SE count" in error for error in errors)
    assert any("Gender" in error for error in errors)
