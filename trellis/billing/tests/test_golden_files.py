"""Golden files: fixed synthetic claims render byte for byte the reviewed 837P and 837I files.

After an intended change to the writers, regenerate and review the diff:
    TRELLIS_UPDATE_GOLDEN=1 .venv/bin/pytest trellis/billing/tests/test_golden_files.py
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from trellis.billing.tests.synthetic_claims import CONTROL, institutional_file, professional_file
from trellis.billing.x12.claim_837i import render_837i
from trellis.billing.x12.claim_837p import render_837p

GOLDEN = Path(__file__).parent / "golden"


def render_professional() -> str:
    return render_837p(professional_file(), control=CONTROL)


def render_institutional() -> str:
    return render_837i(institutional_file(), control=CONTROL)


@pytest.mark.parametrize(
    ("name", "render"),
    [("claims_837p.x12", render_professional), ("claims_837i.x12", render_institutional)],
)
def test_it_renders_the_golden_file_byte_for_byte(name: str, render: Callable[[], str]) -> None:
    # given the fixed synthetic claim file
    golden = GOLDEN / name
    # when rendered
    rendered = render().encode("ascii")
    if os.environ.get("TRELLIS_UPDATE_GOLDEN") == "1":
        golden.write_bytes(rendered)
    # then it matches the reviewed file exactly
    assert rendered == golden.read_bytes()
