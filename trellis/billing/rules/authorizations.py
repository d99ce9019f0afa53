"""Authorization burn-down: units used inside the window, what remains, and when to warn the biller. Pure.

Units outside an authorization and dates outside its window are common denial causes (REFERENCE.md s4), so
every charge is counted against the window it falls in, and the biller is warned before the units run out
or the window closes (when the payer's concurrent review is due).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class AuthorizationWindow:
    """Units a payer approved for service dates `starts_on` through `ends_on`, inclusive."""

    starts_on: dt.date
    ends_on: dt.date
    units_authorized: int

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError("An authorization cannot end before it starts.")
        if self.units_authorized < 0:
            raise ValueError("Authorized units cannot be negative.")

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class ChargeUnits:
    charge_id: str
    service_date: dt.date
    units: int


VOID = "void"  # ChargeStatus.VOID, spelled here so this module stays free of Django


@dataclass(frozen=True)
class SpentCharge:
    """A charge attached to an authorization (capture attaches one only when it fits the window and units)."""

    authorization_id: Hashable
    status: str
    units: int


def units_used(charges: Iterable[SpentCharge]) -> dict[Hashable, int]:
    """Units each authorization has spent: every charge attached to it counts, held (for a reason other than
    the authorization), released or billed; only a void charge gives its units back. Capture's holds, the
    authorization page and the review packet all count this way, so "authorization used up" is held only when
    the page shows fewer units left than the charge needs."""
    used: dict[Hashable, int] = defaultdict(int)
    for charge in charges:
        if charge.status != VOID:
            used[charge.authorization_id] += charge.units
    return dict(used)


def units_left(*, units_authorized: int, used: int) -> int:
    return max(0, units_authorized - used)


@dataclass(frozen=True)
class BurnDown:
    units_used: int
    units_remaining: int  # never below zero
    units_over: int  # charged beyond the authorization


def burn_down(window: AuthorizationWindow, charges: Iterable[ChargeUnits]) -> BurnDown:
    used = sum(charge.units for charge in charges if window.covers(charge.service_date))
    return BurnDown(
        units_used=used,
        units_remaining=max(0, window.units_authorized - used),
        units_over=max(0, used - window.units_authorized),
    )


class Coverage(StrEnum):
    COVERED = "covered"
    EXCEEDS_UNITS = "exceeds_units"
    OUTSIDE_WINDOW = "outside_window"


@dataclass(frozen=True)
class Allocation:
    charge_id: str
    coverage: Coverage
    units_remaining_after: int


def allocate(window: AuthorizationWindow, charges: Iterable[ChargeUnits]) -> tuple[Allocation, ...]:
    """Charges applied to the authorization in service-date order: which fit and which would exceed it."""
    remaining = window.units_authorized
    allocations = []
    for charge in sorted(charges, key=lambda c: (c.service_date, c.charge_id)):
        if not window.covers(charge.service_date):
            coverage = Coverage.OUTSIDE_WINDOW
        elif charge.units <= remaining:
            remaining -= charge.units
            coverage = Coverage.COVERED
        else:
            coverage = Coverage.EXCEEDS_UNITS
        allocations.append(Allocation(charge.charge_id, coverage, remaining))
    return tuple(allocations)


@dataclass(frozen=True)
class AlertThresholds:
    used_percent: int = 80  # warn when 80% of the units are used (program choice)
    expiring_within_days: int = 7  # warn a week before the window closes: concurrent review is due


class AuthorizationAlert(StrEnum):
    NEARLY_USED = "nearly_used"
    USED_UP = "used_up"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"


def authorization_alerts(
    window: AuthorizationWindow, *, units_used: int, today: dt.date, thresholds: AlertThresholds
) -> tuple[AuthorizationAlert, ...]:
    alerts = []
    if units_used >= window.units_authorized:
        alerts.append(AuthorizationAlert.USED_UP)
    elif units_used * 100 >= window.units_authorized * thresholds.used_percent:
        alerts.append(AuthorizationAlert.NEARLY_USED)
    if today > window.ends_on:
        alerts.append(AuthorizationAlert.EXPIRED)
    elif (window.ends_on - today).days <= thresholds.expiring_within_days:
        alerts.append(AuthorizationAlert.EXPIRING_SOON)
    return tuple(alerts)
