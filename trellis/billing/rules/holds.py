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
    NEEDS_SUBSTANCE_USE_DIAGNOSIS = "needs_substance_use_diagnosis"
    NEEDS_MENTAL_HEALTH_DIAGNOSIS = "needs_mental_health_diagnosis"
    BELOW_DAYS_PER_WEEK = "below_days_per_week"
    BUNDLED_IN_PER_DIEM = "bundled_in_per_diem"


HOLD_MESSAGES: dict[HoldReason, str] = {
    HoldReason.UNSIGNED_NOTE: "The note for this service is not signed.",
    HoldReason.MISSING_DIAGNOSIS: "The client has no diagnosis on record for this date.",
    HoldReason.NO_AUTHORIZATION: "The payer requires an authorization and none covers this service.",
    HoldReason.BEFORE_AUTHORIZATION: "The service date is before the authorization starts.",
    HoldReason.AUTHORIZATION_EXPIRED: "The service date is after the authorization ended.",
    HoldReason.AUTHORIZATION_USED_UP: "The authorization has fewer units left than this charge needs.",
    HoldReason.BELOW_PER_DIEM_MINIMUM: (
        "The client had fewer hours of treatment that day than the payer's per diem requires (3 hours unless"
        " the payer's rules say otherwise; breaks do not count)."
    ),
    HoldReason.NEEDS_SUBSTANCE_USE_DIAGNOSIS: (
        "This day is billed as substance use IOP (H0015 unless the payer's rules say otherwise), but none of"
        " the client's diagnoses is a substance use disorder (ICD-10 F10-F19). Record the diagnosis the"
        " treatment addresses, or check the client's program."
    ),
    HoldReason.NEEDS_MENTAL_HEALTH_DIAGNOSIS: (
        "This day is billed as psychiatric IOP (S9480 unless the payer's rules say otherwise), but none of the"
        " client's diagnoses is a mental health disorder (an ICD-10 F code outside F10-F19). Record the"
        " diagnosis the treatment addresses, or check the client's program."
    ),
    HoldReason.BELOW_DAYS_PER_WEEK: (
        "The payer pays this per diem only in weeks (Monday to Sunday) with its minimum number of treatment"
        " days (3 for H0015 unless the payer's rules say otherwise); this week has fewer so far. It is"
        " released when the week's later days are captured."
    ),
    HoldReason.BUNDLED_IN_PER_DIEM: (
        "The payer includes individual therapy in the day's IOP per diem, so this session is not billed on"
        " its own."
    ),
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
