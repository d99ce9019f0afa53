"""Why a charge would be denied, so it is held in the biller's queue instead of sent. Pure.

REFERENCE.md s4 lists the common denial causes: units outside the authorization, dates outside its window,
attendance not matching notes, unsigned notes; issue 5 adds hours below the per-diem minimum and a missing
diagnosis. A charge with no hold reasons may be billed; once the cause is fixed (the note signed, an
authorization added) the same candidate evaluates clean and the charge is released.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from trellis.billing.rules.authorizations import AuthorizationWindow


class HoldReason(StrEnum):
    UNSIGNED_NOTE = "unsigned_note"
    MISSING_DIAGNOSIS = "missing_diagnosis"
    NO_AUTHORIZATION = "no_authorization"
    BEFORE_AUTHORIZATION = "before_authorization"
    AUTHORIZATION_EXPIRED = "authorization_expired"
    AUTHORIZATION_USED_UP = "authorization_used_up"
    BELOW_PER_DIEM_MINIMUM = "below_per_diem_minimum"


HOLD_MESSAGES: dict[HoldReason, str] = {
    HoldReason.UNSIGNED_NOTE: "The note for this service is not signed.",
    HoldReason.MISSING_DIAGNOSIS: "The client has no diagnosis on record for this date.",
    HoldReason.NO_AUTHORIZATION: "The payer requires an authorization and none covers this service.",
    HoldReason.BEFORE_AUTHORIZATION: "The service date is before the authorization starts.",
    HoldReason.AUTHORIZATION_EXPIRED: "The service date is after the authorization ended.",
    HoldReason.AUTHORIZATION_USED_UP: "The authorization has fewer units left than this charge needs.",
    HoldReason.BELOW_PER_DIEM_MINIMUM: "The client attended fewer hours that day than the per diem requires.",
}


@dataclass(frozen=True)
class AuthorizationState:
    window: AuthorizationWindow
    units_remaining: int  # before this charge


@dataclass(frozen=True)
class ChargeCandidate:
    service_date: dt.date
    code: str
    units: int
    note_signed: bool
    diagnosis_codes: tuple[str, ...]
    authorization_required: bool
    authorization: AuthorizationState | None = None
    per_diem_minimum_minutes: int | None = None  # set for per-diem codes (H0015: 180)
    minutes_that_day: int = 0  # minutes attended on the service date, for per-diem codes


def authorization_holds(candidate: ChargeCandidate) -> tuple[HoldReason, ...]:
    if not candidate.authorization_required:
        return ()
    state = candidate.authorization
    if state is None:
        return (HoldReason.NO_AUTHORIZATION,)
    if candidate.service_date < state.window.starts_on:
        return (HoldReason.BEFORE_AUTHORIZATION,)
    if candidate.service_date > state.window.ends_on:
        return (HoldReason.AUTHORIZATION_EXPIRED,)
    if state.units_remaining < candidate.units:
        return (HoldReason.AUTHORIZATION_USED_UP,)
    return ()


def hold_reasons(candidate: ChargeCandidate) -> tuple[HoldReason, ...]:
    """Every reason to hold the charge, in a stable order; empty when it may be billed."""
    reasons = []
    if not candidate.note_signed:
        reasons.append(HoldReason.UNSIGNED_NOTE)
    if not any(code.strip() for code in candidate.diagnosis_codes):
        reasons.append(HoldReason.MISSING_DIAGNOSIS)
    reasons.extend(authorization_holds(candidate))
    minimum = candidate.per_diem_minimum_minutes
    if minimum is not None and candidate.minutes_that_day < minimum:
        reasons.append(HoldReason.BELOW_PER_DIEM_MINIMUM)
    return tuple(reasons)
