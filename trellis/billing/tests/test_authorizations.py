"""Authorization burn-down and alerts: units used in the window, over-use, nearly used up, expiring."""

import datetime as dt

import pytest

from trellis.billing.rules.authorizations import (
    AlertThresholds,
    AuthorizationAlert,
    AuthorizationWindow,
    ChargeUnits,
    Coverage,
    allocate,
    authorization_alerts,
    burn_down,
)

WINDOW = AuthorizationWindow(
    starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2026, 11, 30), units_authorized=10
)


def charge(charge_id: str, day: int, units: int = 1) -> ChargeUnits:
    return ChargeUnits(charge_id, dt.date(2026, 11, day), units)


def test_it_burns_down_only_charges_inside_the_window() -> None:
    # given charges the day before the window, on its first and last days, and the day after it
    charges = [
        charge("before", 1, 5),
        charge("first", 2, 3),
        charge("last", 30, 4),
        ChargeUnits("after", dt.date(2026, 12, 1), 5),
    ]
    # when burned down
    result = burn_down(WINDOW, charges)
    # then only the 7 units inside count
    assert (result.units_used, result.units_remaining, result.units_over) == (7, 3, 0)


def test_it_reports_units_charged_beyond_the_authorization() -> None:
    result = burn_down(WINDOW, [charge("a", 3, 8), charge("b", 4, 4)])
    assert (result.units_used, result.units_remaining, result.units_over) == (12, 0, 2)


def test_it_allocates_charges_in_date_order_and_flags_the_one_that_does_not_fit() -> None:
    # given 10 units and charges of 4 + 4 + 3 units, plus one outside the window
    charges = [charge("c", 6, 3), charge("a", 3, 4), charge("b", 4, 4), charge("x", 1, 1)]
    # when allocated
    allocations = allocate(WINDOW, charges)
    # then the third in date order exceeds the 2 units left
    assert [(a.charge_id, a.coverage, a.units_remaining_after) for a in allocations] == [
        ("x", Coverage.OUTSIDE_WINDOW, 10),
        ("a", Coverage.COVERED, 6),
        ("b", Coverage.COVERED, 2),
        ("c", Coverage.EXCEEDS_UNITS, 2),
    ]


@pytest.mark.parametrize(
    ("used", "today", "alerts"),
    [
        (7, dt.date(2026, 11, 22), ()),  # 70% used, 8 days left
        (8, dt.date(2026, 11, 22), (AuthorizationAlert.NEARLY_USED,)),  # 80% used
        (10, dt.date(2026, 11, 22), (AuthorizationAlert.USED_UP,)),
        (0, dt.date(2026, 11, 23), (AuthorizationAlert.EXPIRING_SOON,)),  # 7 days left: concurrent review due
        (0, dt.date(2026, 11, 30), (AuthorizationAlert.EXPIRING_SOON,)),  # last day
        (0, dt.date(2026, 12, 1), (AuthorizationAlert.EXPIRED,)),
        (9, dt.date(2026, 12, 1), (AuthorizationAlert.NEARLY_USED, AuthorizationAlert.EXPIRED)),
    ],
)
def test_it_warns_before_units_run_out_or_the_window_closes(
    used: int, today: dt.date, alerts: tuple[AuthorizationAlert, ...]
) -> None:
    assert authorization_alerts(WINDOW, units_used=used, today=today, thresholds=AlertThresholds()) == alerts


def test_it_refuses_an_authorization_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="cannot end before it starts"):
        AuthorizationWindow(starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2026, 11, 1), units_authorized=5)
