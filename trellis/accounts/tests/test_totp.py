"""RFC 6238 codes: the published test vector, one step of drift either way and no more, and no replay."""

import pytest

from trellis.accounts import totp

# RFC 6238 appendix B: the ASCII secret "12345678901234567890" (base32 below), SHA-1, at T = 59 s the 8-digit
# code is 94287082; an app shows its last 6 digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_795_000_000.0  # a moment in the middle of a step
STEP = totp.step_at(NOW)


def _code(offset_steps: int) -> str:
    return totp.code_at(secret=SECRET, timestamp=(STEP + offset_steps) * totp.STEP_SECONDS)


def test_it_matches_the_rfc_test_vector() -> None:
    assert totp.code_at(secret=RFC_SECRET, timestamp=59) == "287082"


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_it_accepts_one_step_of_drift_either_way_and_no_more(offset: int, accepted: bool) -> None:
    step = totp.matching_step(secret=SECRET, code=_code(offset), timestamp=NOW, after_step=None)
    assert (step == STEP + offset) if accepted else (step is None)


def test_it_refuses_a_code_already_used_and_any_older_one() -> None:
    # given the code of the current step was just accepted
    used = totp.matching_step(secret=SECRET, code=_code(0), timestamp=NOW, after_step=None)
    assert used == STEP
    # then the same code, and the previous step's, are refused; the next step's still works
    assert totp.matching_step(secret=SECRET, code=_code(0), timestamp=NOW, after_step=used) is None
    assert totp.matching_step(secret=SECRET, code=_code(-1), timestamp=NOW, after_step=used) is None
    assert totp.matching_step(secret=SECRET, code=_code(1), timestamp=NOW, after_step=used) == STEP + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_it_refuses_what_is_not_six_digits(typed: str) -> None:
    assert totp.matching_step(secret=SECRET, code=typed, timestamp=NOW, after_step=None) is None


def test_it_takes_the_spaces_people_type() -> None:
    code = _code(0)
    assert totp.matching_step(secret=SECRET, code=f"{code[:3]} {code[3:]}", timestamp=NOW, after_step=None)


def test_the_qr_code_is_an_svg_for_an_img_tag() -> None:
    uri = totp.provisioning_uri(secret=SECRET, account="alice", issuer="Trellis")
    assert uri.startswith("otpauth://totp/Trellis:alice?secret=")
    assert totp.qr_svg_data_uri(uri).startswith("data:image/svg+xml")
