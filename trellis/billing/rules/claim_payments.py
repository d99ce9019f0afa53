"""What a payer's decision on one claim (an 835 CLP loop) means for the claim in Trellis. Pure.

CLP02 claim status codes (X12 code source 235 / 005010X221A1 section 2.4): 1, 2, 3 processed as primary,
secondary, tertiary; 19, 20, 21 the same, forwarded to the next payer; 4 denied; 22 reversal of a previous
payment; 23 not our claim, forwarded; 25 predetermination pricing only. A processed claim with a payment is
paid; a denial, or nothing paid with a payer adjustment (any CAS group but PR, patient responsibility), is
denied with its first Claim Adjustment Reason Code. Reversals and the rest are reported for a biller to review,
never applied: undoing a decision is a person's call.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from trellis.billing.x12.remit835 import Adjustment, ClaimPayment

PROCESSED = frozenset({"1", "2", "3", "19", "20", "21"})
DENIED = "4"
NOT_APPLIED: dict[str, str] = {
    "22": "a reversal of an earlier payment: not applied; review it by hand",
    "23": "the payer says the claim is not theirs and forwarded it: not applied",
    "25": "priced as a predetermination only: not applied",
}
PATIENT_RESPONSIBILITY = "PR"
OTHER_REASON = "other"  # the DenialReason for a CARC Trellis does not list; the code goes in the note
NOTE_ADJUSTMENTS = 4  # a note names this many adjustments at most (the claim's note holds 200 characters)


class Outcome(StrEnum):
    PAID = "paid"
    DENIED = "denied"
    NOT_APPLIED = "not_applied"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    paid_amount: Decimal | None = None
    denial_reason: str = ""  # one of the known reasons, or OTHER_REASON
    note: str = ""


def decide(claim: ClaimPayment, *, denial_reasons: Collection[str]) -> Decision:
    """`denial_reasons` are the CARC codes Trellis lists as denial reasons; others become OTHER_REASON."""
    if claim.status_code in NOT_APPLIED:
        return Decision(
            Outcome.NOT_APPLIED, note=f"Claim status {claim.status_code}: {NOT_APPLIED[claim.status_code]}."
        )
    if claim.status_code == DENIED:
        return _denial(claim, denial_reasons)
    if claim.status_code not in PROCESSED:
        return Decision(
            Outcome.NOT_APPLIED, note=f"Claim status {claim.status_code} is not one Trellis applies."
        )
    if claim.paid < 0:
        return Decision(Outcome.NOT_APPLIED, note="A negative payment without a reversal: review it by hand.")
    if claim.paid > 0:
        return Decision(Outcome.PAID, paid_amount=claim.paid, note=_payment_note(claim))
    if _payer_adjustments(claim):
        return _denial(claim, denial_reasons)
    if claim.all_adjustments():
        return Decision(
            Outcome.PAID, paid_amount=Decimal(0), note=f"Nothing paid: {_listed(claim.all_adjustments())}."
        )
    return Decision(
        Outcome.NOT_APPLIED, note="Nothing paid and no adjustment reason given: review it by hand."
    )


def _payer_adjustments(claim: ClaimPayment) -> list[Adjustment]:
    return [a for a in claim.all_adjustments() if a.group != PATIENT_RESPONSIBILITY]


def _denial(claim: ClaimPayment, denial_reasons: Collection[str]) -> Decision:
    reasons = _payer_adjustments(claim) or list(claim.all_adjustments())
    if not reasons:
        return Decision(
            Outcome.DENIED, denial_reason=OTHER_REASON, note="Denied without an adjustment reason code."
        )
    first = reasons[0]
    if first.reason in denial_reasons:
        return Decision(Outcome.DENIED, denial_reason=first.reason, note=f"Denied: {_listed(reasons)}.")
    return Decision(
        Outcome.DENIED,
        denial_reason=OTHER_REASON,
        note=f"Denied with CARC {first.reason}, not in Trellis's list: {_listed(reasons)}.",
    )


def _payment_note(claim: ClaimPayment) -> str:
    if claim.paid >= claim.charge:
        return ""
    adjustments = claim.all_adjustments()
    shortfall = f"Paid {_amount(claim.paid)} of {_amount(claim.charge)}"
    return f"{shortfall}: {_listed(adjustments)}." if adjustments else f"{shortfall}."


def _listed(adjustments: Iterable[Adjustment]) -> str:
    shown = [f"{a.group}-{a.reason} {_amount(a.amount)}" for a in adjustments]
    more = len(shown) - NOTE_ADJUSTMENTS
    return ", ".join(shown[:NOTE_ADJUSTMENTS]) + (f" and {more} more" if more > 0 else "")


def _amount(value: Decimal) -> str:
    return f"${value:,.2f}"
