"""Hold reasons: a charge that would be denied is held with why, and released once the cause is fixed."""

import dataclasses
import datetime as dt

import pytest

from trellis.billing.rules.authorizations import AuthorizationWindow
from trellis.billing.rules.holds import (
    HOLD_MESSAGES,
    AuthorizationState,
    ChargeCandidate,
    HoldReason,
    hold_reasons,
)

WINDOW = AuthorizationWindow(
    starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2026, 11, 30), units_authorized=20
)
CLEAN = ChargeCandidate(
    service_date=dt.date(2026, 11, 16),
    code="H0015",
    units=1,
    note_signed=True,
    diagnosis_codes=("F10.20",),
    authorization_required=True,
    authorization=AuthorizationState(window=WINDOW, units_remaining=5),
    per_diem_minimum_minutes=180,
    minutes_that_day=200,
)


def test_it_holds_nothing_on_a_clean_charge() -> None:
    assert hold_reasons(CLEAN) == ()


def test_it_holds_a_charge_for_an_unsigned_note_and_releases_it_once_signed() -> None:
    # given a charge whose note is not signed yet
    unsigned = dataclasses.replace(CLEAN, note_signed=False)
    assert hold_reasons(unsigned) == (HoldReason.UNSIGNED_NOTE,)
    # when the note is signed
    signed = dataclasses.replace(unsigned, note_signed=True)
    # then nothing holds it
    assert hold_reasons(signed) == ()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"diagnosis_codes": ()}, HoldReason.MISSING_DIAGNOSIS),
        ({"diagnosis_codes": (" ",)}, HoldReason.MISSING_DIAGNOSIS),
        ({"authorization": None}, HoldReason.NO_AUTHORIZATION),
        ({"service_date": dt.date(2026, 11, 1)}, HoldReason.BEFORE_AUTHORIZATION),  # the day before it starts
        ({"service_date": dt.date(2026, 12, 1)}, HoldReason.AUTHORIZATION_EXPIRED),  # the day after it ends
        ({"authorization": AuthorizationState(WINDOW, units_remaining=0)}, HoldReason.AUTHORIZATION_USED_UP),
        ({"units": 6}, HoldReason.AUTHORIZATION_USED_UP),  # 5 left, 6 needed
        ({"minutes_that_day": 179}, HoldReason.BELOW_PER_DIEM_MINIMUM),  # H0015 needs 3 h that day
    ],
)
def test_it_holds_a_charge_for_each_denial_cause(changes: dict[str, object], reason: HoldReason) -> None:
    assert hold_reasons(dataclasses.replace(CLEAN, **changes)) == (reason,)  # type: ignore[arg-type]
    assert HOLD_MESSAGES[reason]


@pytest.mark.parametrize(
    ("changes"),
    [
        {"service_date": dt.date(2026, 11, 2)},  # first day of the window
        {"service_date": dt.date(2026, 11, 30)},  # last day
        {"units": 5},  # exactly the units left
        {"minutes_that_day": 180},  # exactly 3 hours
        {"authorization_required": False, "authorization": None},  # a payer without authorizations
        {"per_diem_minimum_minutes": None, "minutes_that_day": 0},  # not a per-diem code
    ],
)
def test_it_releases_charges_at_the_edges(changes: dict[str, object]) -> None:
    assert hold_reasons(dataclasses.replace(CLEAN, **changes)) == ()  # type: ignore[arg-type]


def test_it_lists_every_reason_at_once_in_a_stable_order() -> None:
    candidate = dataclasses.replace(
        CLEAN, note_signed=False, diagnosis_codes=(), authorization=None, minutes_that_day=60
    )
    assert hold_reasons(candidate) == (
        HoldReason.UNSIGNED_NOTE,
        HoldReason.MISSING_DIAGNOSIS,
        HoldReason.NO_AUTHORIZATION,
        HoldReason.BELOW_PER_DIEM_MINIMUM,
    )
