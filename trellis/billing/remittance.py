"""Importing remittance advice (X12 835): each payer decision on a claim recorded as if the biller had keyed it.

The whole file lands in one transaction or not at all: a file that cannot be read, or whose payments were all
imported before, is refused and changes nothing; a payment imported before, next to new ones, is reported and
not applied again. Claim lines that cannot be applied (a control number the biller has no
claim for, a claim billed to another payer, a claim not awaiting a decision, a reversal) are reported as skipped,
with the reason. The file is never stored; the claims carry the decisions and a Remittance row per payment
remembers its trace number, per organization.

A file in which any payment does not balance (BPR02 against its CLP04 claim payments and PLB provider adjustments,
005010X221A1) is refused as a whole with the difference shown: its figures cannot all be right, so none is applied.

A payment is matched only to claims of the importer's organization (and sites) billed to the payer that sent it
(rules/remit_payers.py).
A payment that answers none of them is not recorded: its trace number stays free for the biller whose claims it
pays, and a file that answers none of the importer's claims at all is refused.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NoReturn

from django.db import IntegrityError, transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.billing import claim_corrections, ledger, services
from trellis.billing.choices import ClaimStatus, DenialReason
from trellis.billing.models import Claim, Payer, Remittance
from trellis.billing.rules.claim_payments import Decision, Outcome, decide
from trellis.billing.rules.remit_payers import same_payer
from trellis.billing.x12.remit835 import ClaimPayment, Payment, RemittanceFormatError, parse_835
from trellis.core import clock
from trellis.core.errors import reject
from trellis.privacy import audit

KNOWN_DENIAL_REASONS = frozenset(DenialReason.values) - {DenialReason.OTHER}


@dataclass(frozen=True)
class SkippedClaim:
    control_number: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    remittances: tuple[Remittance, ...]
    paid: tuple[str, ...]  # control numbers, in file order
    denied: tuple[str, ...]
    skipped: tuple[SkippedClaim, ...]
    not_recorded: tuple[str, ...] = ()  # trace numbers of payments answering none of the importer's claims
    already_imported: tuple[str, ...] = ()  # trace numbers of payments this organization imported before


@dataclass
class _Tally:
    paid: list[str]
    denied: list[str]
    skipped: list[SkippedClaim]
    not_recorded: list[str]
    already_imported: list[Payment]
    organization_ids: frozenset[str]  # every payer id the organization has on file (strict payer matching)


@transaction.atomic
def import_remittance(*, text: str, imported_by: Any) -> ImportResult:
    """Apply every claim decision in an 835 file the user may act on; refuse the file if it is unreadable, or
    if none of its payments is both new and for the user's claims."""
    require(imported_by, Capability.MANAGE_BILLING)
    if imported_by.organization_id is None:
        reject(
            "file", "Your account belongs to no organization, so there are no claims to apply this file to."
        )
    try:
        payments = parse_835(text).payments
    except RemittanceFormatError as error:
        reject("file", f"This file is not a readable 835 remittance. {error}")
    _refuse_repeated_traces(payments)
    _refuse_out_of_balance(payments)
    tally = _Tally([], [], [], [], [], _organization_payer_ids(imported_by.organization_id))
    remittances = []
    for payment in payments:
        if _imported_before(payment, organization_id=imported_by.organization_id):
            tally.already_imported.append(payment)
            continue
        claims = _claims_by_control_number(payment, user=imported_by)
        if any(_from_payer(claim, payment, tally=tally) for claim in claims.values()):
            remittances.append(_import_payment(payment, claims, imported_by=imported_by, tally=tally))
        else:
            _pass_over(payment, claims, tally=tally)
    if not remittances:
        if tally.already_imported:
            _refuse_repeat(tally.already_imported[0])
        _refuse_foreign_file(payments)
    return ImportResult(
        tuple(remittances), tuple(tally.paid), tuple(tally.denied), tuple(tally.skipped),
        tuple(tally.not_recorded), tuple(payment.trace_number for payment in tally.already_imported),
    )  # fmt: skip


def _imported_before(payment: Payment, *, organization_id: Any) -> bool:
    return Remittance.objects.filter(
        organization_id=organization_id, payer_identifier=payment.payer_identifier,
        trace_number=payment.trace_number,
    ).exists()  # fmt: skip


def _refuse_repeat(payment: Payment) -> NoReturn:
    reject(
        "file",
        f"Payment {payment.trace_number} from {payment.payer_name} was already imported: "
        "nothing in this file was applied.",
    )


def _pass_over(payment: Payment, claims: dict[str, Claim], *, tally: _Tally) -> None:
    """A payment for claims that are not the importer's: each line skipped with its reason, nothing recorded."""
    for line in payment.claims:
        tally.skipped.append(
            SkippedClaim(line.control_number, _unmatched(line, claims, payment=payment, tally=tally))
        )
    tally.not_recorded.append(payment.trace_number)


def _refuse_foreign_file(payments: Sequence[Payment]) -> NoReturn:
    traces = ", ".join(f"{payment.trace_number} from {payment.payer_name}" for payment in payments)
    reject(
        "file",
        f"No claim in this file is one of your claims billed to the payer that sent it ({traces}): nothing was "
        "applied and the payment was not recorded, so the biller whose claims it answers can still import it.",
    )


def _refuse_repeated_traces(payments: Sequence[Payment]) -> None:
    traces = [(payment.payer_identifier, payment.trace_number) for payment in payments]
    if len(set(traces)) < len(traces):
        reject(
            "file", "The file holds the same payment trace number twice: ask the payer for a corrected file."
        )


def _refuse_out_of_balance(payments: Sequence[Payment]) -> None:
    unbalanced = [payment for payment in payments if payment.imbalance]
    if not unbalanced:
        return
    reject(
        "file",
        "The file does not balance, so nothing in it was applied: "
        + "; ".join(_imbalance(payment) for payment in unbalanced)
        + ". Ask the payer for a corrected file.",
    )


def _imbalance(payment: Payment) -> str:
    claims = sum((claim.paid for claim in payment.claims), Decimal(0))
    provider = sum((adjustment.amount for adjustment in payment.provider_adjustments), Decimal(0))
    paid = payment.amount if payment.credit else -payment.amount
    return (
        f"payment {payment.trace_number} from {payment.payer_name} totals {_money(paid)} (BPR02), but its claim "
        f"payments {_money(claims)} less provider adjustments {_money(provider)} come to {_money(claims - provider)}, "
        f"a difference of {_money(payment.imbalance)}"
    )


def _money(value: Decimal) -> str:
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def _import_payment(
    payment: Payment, claims: dict[str, Claim], *, imported_by: Any, tally: _Tally
) -> Remittance:
    remittance = _record_remittance(payment, imported_by=imported_by)
    applied = skipped = 0
    for line in payment.claims:
        reason = _apply(
            line, claims, payment=payment, remittance=remittance, decided_by=imported_by, tally=tally
        )
        if reason:
            tally.skipped.append(SkippedClaim(line.control_number, reason))
            skipped += 1
        else:
            applied += 1
    remittance.applied_count, remittance.skipped_count = applied, skipped
    remittance.save(update_fields=["applied_count", "skipped_count", "updated_at"])
    audit.record(
        actor=imported_by, action=audit.Action.CREATE, obj=remittance,
        detail=f"835 remittance imported: {applied} claims applied, {skipped} skipped",
    )  # fmt: skip
    return remittance


def _record_remittance(payment: Payment, *, imported_by: Any) -> Remittance:
    """The row comes before the claims: a concurrent import of the same payment fails on its key."""
    try:
        with transaction.atomic():
            return Remittance.objects.create(
                organization_id=imported_by.organization_id, payer_name=payment.payer_name[:60],
                payer_identifier=payment.payer_identifier, trace_number=payment.trace_number,
                payment_amount=payment.amount, payment_date=payment.date, imported_by=imported_by,
                imported_at=clock.now(),
            )  # fmt: skip
    except IntegrityError:
        _refuse_repeat(payment)


def _claims_by_control_number(payment: Payment, *, user: Any) -> dict[str, Claim]:
    """Only the claims the user may see, all of the user's organization: a control number of another site's or
    another organization's claim reads as unknown (control numbers are unique only within an organization)."""
    numbers = {line.control_number for line in payment.claims}
    claims = Claim.objects.visible_to(user).filter(control_number__in=numbers).select_related("payer")
    return {claim.control_number: claim for claim in claims}


def _organization_payer_ids(organization_id: Any) -> frozenset[str]:
    ids = Payer.objects.filter(organization_id=organization_id).exclude(payer_id="")
    return frozenset(ids.values_list("payer_id", flat=True))


def _from_payer(claim: Claim, payment: Payment, *, tally: _Tally) -> bool:
    return same_payer(
        payer_id=claim.payer.payer_id, payer_name=claim.payer.name, remit_ids=payment.payer_ids,
        remit_name=payment.payer_name, organization_ids=tally.organization_ids,
    )  # fmt: skip


def _unmatched(line: ClaimPayment, claims: dict[str, Claim], *, payment: Payment, tally: _Tally) -> str:
    """Why a line cannot be applied to any claim of the importer's, or "" when it can."""
    claim = claims.get(line.control_number)
    if claim is None:
        return "No claim you can see has this control number."
    if not _from_payer(claim, payment, tally=tally):
        return f"The claim was billed to {claim.payer.name}, not to {payment.payer_name}: not applied."
    return ""


def _apply(
    line: ClaimPayment,
    claims: dict[str, Claim],
    *,
    payment: Payment,
    remittance: Remittance,
    decided_by: Any,
    tally: _Tally,
) -> str:
    """Record the decision on the claim, and keep it in full for the ledger; return why it was skipped, or ""
    when it was applied."""
    if unmatched := _unmatched(line, claims, payment=payment, tally=tally):
        return unmatched
    claim = claims[line.control_number]
    decision = decide(line, denial_reasons=KNOWN_DENIAL_REASONS)
    if decision.outcome == Outcome.NOT_APPLIED:
        return decision.note
    if claim.status != ClaimStatus.SUBMITTED:
        return f"The claim is {claim.get_status_display().lower()}, not awaiting a decision."
    claims[line.control_number] = _record(claim, decision, payment=payment, decided_by=decided_by)
    claim_corrections.keep_payer_claim_number(claims[line.control_number], line.payer_claim_number)
    ledger.record_adjudication(claim=claim, decision=line, remittance=remittance)
    (tally.paid if decision.outcome == Outcome.PAID else tally.denied).append(line.control_number)
    return ""


def _record(claim: Claim, decision: Decision, *, payment: Payment, decided_by: Any) -> Claim:
    note = " ".join(part for part in (f"835 payment {payment.trace_number}.", decision.note) if part)
    if decision.outcome == Outcome.DENIED:
        return services.record_claim_decision(
            claim=claim, decided_by=decided_by, denial_reason=decision.denial_reason, note=note
        )
    return services.record_claim_decision(
        claim=claim, decided_by=decided_by, paid_amount=decision.paid_amount, note=note
    )
