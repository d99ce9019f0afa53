"""What a payer's claim status, payment and adjustments mean for the claim: paid, denied, or left for a person."""

from decimal import Decimal

import pytest

from trellis.billing.choices import DenialReason
from trellis.billing.rules.claim_payments import OTHER_REASON, Decision, Outcome, decide
from trellis.billing.x12.remit835 import Adjustment, ClaimPayment, ServiceLine

KNOWN = frozenset(DenialReason.values) - {DenialReason.OTHER}


def clp(
    status: str, charge: str, paid: str, *cas: tuple[str, str, str], lines: tuple[ServiceLine, ...] = ()
) -> ClaimPayment:
    adjustments = tuple(Adjustment(group, reason, Decimal(amount)) for group, reason, amount in cas)
    return ClaimPayment("TR1", status, Decimal(charge), Decimal(paid), None, "PM1", adjustments, lines)


def line(paid: str, *cas: tuple[str, str, str]) -> ServiceLine:
    adjustments = tuple(Adjustment(group, reason, Decimal(amount)) for group, reason, amount in cas)
    return ServiceLine("HC", "H0015", (), Decimal(250), Decimal(paid), Decimal(1), adjustments)


PAID, DENIED, NOT_APPLIED = Outcome.PAID, Outcome.DENIED, Outcome.NOT_APPLIED

CASES = [
    # a CLP (status, charge, paid, claim-level CAS, service lines) -> what Trellis records
    pytest.param(clp("1", "750", "750"), Decision(PAID, Decimal(750)), id="primary-paid-in-full"),
    pytest.param(
        clp("2", "900", "120"), Decision(PAID, Decimal(120), note="Paid $120.00 of $900.00."), id="secondary"
    ),
    pytest.param(
        clp("3", "90", "0.01"),
        Decision(PAID, Decimal("0.01"), note="Paid $0.01 of $90.00."),
        id="tertiary-a-cent",
    ),
    pytest.param(clp("19", "250", "250"), Decision(PAID, Decimal(250)), id="primary-forwarded"),
    pytest.param(clp("1", "750", "800"), Decision(PAID, Decimal(800)), id="paid-more-than-billed"),
    pytest.param(
        clp("1", "750", "500", ("CO", "45", "200"), ("PR", "3", "50")),
        Decision(PAID, Decimal(500), note="Paid $500.00 of $750.00: CO-45 $200.00, PR-3 $50.00."),
        id="partial",
    ),
    pytest.param(
        clp("1", "750", "0", ("CO", "197", "750")),
        Decision(DENIED, denial_reason="197", note="Denied: CO-197 $750.00."),
        id="processed-nothing-paid-denial-cas",
    ),
    pytest.param(
        clp("1", "250", "0", ("PR", "1", "250")),
        Decision(PAID, Decimal(0), note="Nothing paid: PR-1 $250.00."),
        id="all-to-deductible-is-paid-zero",
    ),
    pytest.param(
        clp("1", "250", "0", ("PR", "1", "200"), ("OA", "18", "50")),
        Decision(DENIED, denial_reason="18", note="Denied: OA-18 $50.00."),
        id="payer-reason-wins-over-patient-share",
    ),
    pytest.param(
        clp("1", "250", "0"),
        Decision(NOT_APPLIED, note="Nothing paid and no adjustment reason given: review it by hand."),
        id="nothing-paid-no-reason",
    ),
    pytest.param(
        clp("4", "500", "0", ("CO", "197", "500")),
        Decision(DENIED, denial_reason=DenialReason.AUTHORIZATION, note="Denied: CO-197 $500.00."),
        id="denied-197-authorization",
    ),
    pytest.param(
        clp("4", "500", "0", ("CO", "B7", "500")),
        Decision(DENIED, denial_reason=DenialReason.PROVIDER_ID, note="Denied: CO-B7 $500.00."),
        id="denied-alphanumeric-carc",
    ),
    pytest.param(
        clp("4", "500", "0", ("CO", "204", "500")),
        Decision(
            DENIED,
            denial_reason=OTHER_REASON,
            note="Denied with CARC 204, not in Trellis's list: CO-204 $500.00.",
        ),
        id="denied-unknown-carc-is-other",
    ),
    pytest.param(
        clp("4", "500", "0"),
        Decision(DENIED, denial_reason=OTHER_REASON, note="Denied without an adjustment reason code."),
        id="denied-without-cas",
    ),
    pytest.param(
        clp("4", "500", "0", ("PR", "96", "500")),
        Decision(DENIED, denial_reason="96", note="Denied: PR-96 $500.00."),
        id="denied-patient-share-only",
    ),
    pytest.param(
        clp("4", "500", "0", lines=(line("0", ("CO", "198", "250")), line("0", ("CO", "50", "250")))),
        Decision(DENIED, denial_reason="198", note="Denied: CO-198 $250.00, CO-50 $250.00."),
        id="denied-service-level-first-reason",
    ),
    pytest.param(
        clp("1", "500", "0", ("CO", "16", "10"), lines=(line("0", ("CO", "198", "250")),)),
        Decision(DENIED, denial_reason="16", note="Denied: CO-16 $10.00, CO-198 $250.00."),
        id="claim-level-before-service-level",
    ),
    pytest.param(
        clp("22", "-750", "-750"),
        Decision(
            NOT_APPLIED,
            note="Claim status 22: a reversal of an earlier payment: not applied; review it by hand.",
        ),
        id="reversal",
    ),
    pytest.param(
        clp("23", "750", "0"),
        Decision(
            NOT_APPLIED,
            note="Claim status 23: the payer says the claim is not theirs and forwarded it: not applied.",
        ),
        id="not-our-claim",
    ),
    pytest.param(
        clp("25", "750", "600"),
        Decision(NOT_APPLIED, note="Claim status 25: priced as a predetermination only: not applied."),
        id="predetermination",
    ),
    pytest.param(
        clp("99", "750", "750"),
        Decision(NOT_APPLIED, note="Claim status 99 is not one Trellis applies."),
        id="unknown-status",
    ),
    pytest.param(
        clp("1", "750", "-10"),
        Decision(NOT_APPLIED, note="A negative payment without a reversal: review it by hand."),
        id="negative-payment",
    ),
]


@pytest.mark.parametrize(("claim", "expected"), CASES)
def test_it_decides_each_claim_payment(claim: ClaimPayment, expected: Decision) -> None:
    assert decide(claim, denial_reasons=KNOWN) == expected


def test_it_lists_at_most_four_adjustments_in_a_note() -> None:
    many = [("CO", str(reason), "1") for reason in range(45, 51)]
    decision = decide(clp("1", "100", "94", *many), denial_reasons=KNOWN)
    assert decision.note.endswith("CO-48 $1.00 and 2 more.")


def test_it_speaks_the_same_other_as_the_denial_reasons() -> None:
    assert OTHER_REASON == DenialReason.OTHER
