"""Corrected and voided claims: a replacement (frequency 7) or a void (frequency 8) of a claim the payer has
adjudicated, drafted here and sent with the next export of its period through the same disclosure gate.

Sources:
- ASC X12 005010X222A1 (837P) and 005010X223A2 (837I), loop 2300: CLM05-3 "claim frequency type code" takes
  the NUBC codes; 7 "replacement of prior claim" and 8 "void/cancel of prior claim" require REF*F8 (payer claim
  control number), the number the payer gave the claim being replaced or voided, as returned in its 835 CLP07
  (005010X221A1 loop 2100 CLP07 "payer claim control number").
- NUBC UB-04 FL4 type of bill, third digit "frequency": 7 replacement of prior claim, 8 void/cancel of prior
  claim (CMS Pub. 100-04 ch. 25 s75.1). On the 837I the bill type is CLM05-1 facility code, CLM05-2 "A",
  CLM05-3 frequency: an outpatient CMHC replacement reads 0767 as bill type 076 + 7.

Design:
- Only an adjudicated claim (paid or denied, with the payer's claim number kept from its 835) is replaced or
  voided. A claim the payer never answered has no number to name; a draft is withdrawn instead.
- A charge sits on one claim: the latest claim that speaks for it. A replacement sends the full corrected set
  of lines, so it takes the original's standing charges; a charge voided since is left behind, and the
  replacement drops that line. What a replacement usually corrects is read afresh at export, as for any
  claim: diagnoses, the client's name, address and member id, the authorization number, the billing
  provider. A day missed on the original is not added to the replacement: it is billed on its own original
  claim by the next export, and a withdrawn replacement could not tell such a charge from the original's.
  A void repeats the original's lines as they were sent, so it takes all of them, a charge voided since too. The original keeps its total,
  decision and remittance history.
- A correction the disclosure gate withdraws at export (the consent revoked since) gives its charges back to
  the claim it corrected: they were billed and adjudicated there, and must not be billed again as new.
- The original is marked voided once its void has been exported (`settle_exported`, from claims export); a
  replaced original stays as the payer decided it and shows which claim replaces it.
- The correction keeps the original's statement period and patient status: claim sequencing leaves a
  correction's frequency alone.
"""

import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.billing.choices import ChargeStatus, ClaimStatus
from trellis.billing.models import Charge, Claim
from trellis.billing.rules.claim_sequence import CORRECTIONS, Frequency
from trellis.billing.scope import require_same_organization
from trellis.core import clock
from trellis.core.errors import reject
from trellis.privacy import audit

REASON_LENGTH = 200
ADJUDICATED = (ClaimStatus.PAID, ClaimStatus.DENIED)
WORDS = {Frequency.REPLACEMENT: "replacement", Frequency.VOID: "void"}


@transaction.atomic
def replace_claim(claim: Claim, reason: str, actor: Any) -> Claim:
    """A draft replacement (frequency 7) of an adjudicated claim, carrying its full corrected set of lines."""
    original = _correctable(claim, reason, actor, Frequency.REPLACEMENT)
    charges = _charges(original, standing=True)
    if not charges:
        reject("claim", "Every line of this claim has been voided: void the claim instead.")
    return _draft(original, Frequency.REPLACEMENT, charges, reason, actor)


@transaction.atomic
def void_claim(claim: Claim, reason: str, actor: Any) -> Claim:
    """A draft void (frequency 8) of an adjudicated claim, repeating its lines; the original is marked voided
    when the void is exported."""
    original = _correctable(claim, reason, actor, Frequency.VOID)
    return _draft(original, Frequency.VOID, _charges(original, standing=False), reason, actor)


def _correctable(claim: Claim, reason: str, actor: Any, frequency: Frequency) -> Claim:
    """The claim, locked, once every refusal has been ruled out; refusals change nothing."""
    require(actor, Capability.MANAGE_BILLING)
    original: Claim = Claim.objects.select_for_update().get(pk=claim.pk)
    require_same_organization(
        user=actor, organization_id=original.organization_id, field="claim", what="claim"
    )
    if not reason.strip():
        reject("reason", f"Say why the claim needs a {WORDS[frequency]}: the reason stays with the claim.")
    if len(reason.strip()) > REASON_LENGTH:
        reject("reason", f"Keep the reason to {REASON_LENGTH} characters.")
    if original.status == ClaimStatus.VOIDED:
        reject("claim", f"Claim {original.control_number} is already voided.")
    if original.status not in ADJUDICATED or not original.payer_claim_number:
        reject(
            "claim",
            f"Claim {original.control_number} has no payer claim number yet: the payer has not adjudicated "
            "it. A replacement or void names that number; withdraw the draft instead, or wait for the 835.",
        )
    if earlier := original.corrections.order_by("created_at").first():
        kind = WORDS[Frequency(earlier.frequency)]
        reject(
            "claim",
            f"Claim {original.control_number} already has a {kind} ({earlier.control_number}): correct that "
            "claim once the payer has answered it.",
        )
    return original


def _charges(original: Claim, *, standing: bool) -> list[Charge]:
    """The original's charges, locked; `standing` leaves out the ones voided since it was sent."""
    rows = Charge.objects.select_for_update().filter(claim=original)
    if standing:
        rows = rows.exclude(status=ChargeStatus.VOID)
    return list(rows.order_by("service_date", "code"))


def _control_number() -> str:
    return "TR" + uuid.uuid4().hex[:14].upper()  # as claims drafts them: CLM01 holds up to 20 characters


def _draft(original: Claim, frequency: Frequency, charges: list[Charge], reason: str, actor: Any) -> Claim:
    correction = Claim.objects.create(
        organization_id=original.organization_id, client_id=original.client_id, payer_id=original.payer_id,
        coverage_id=original.coverage_id, claim_type=original.claim_type, control_number=_control_number(),
        statement_from=original.statement_from, statement_through=original.statement_through,
        frequency=frequency.value, patient_status=original.patient_status,
        total=sum((c.amount for c in charges), Decimal(0)), replaces=original,
        correction_reason=reason.strip(),
    )  # fmt: skip
    now = clock.now()
    for charge in charges:  # their status stays: billed, or void for a line a void repeats as it was sent
        charge.claim, charge.updated_at = correction, now
    Charge.objects.bulk_update(charges, ["claim", "updated_at"])
    audit.record(
        actor=actor, action=audit.Action.CREATE, client_id=original.client_id, obj=correction,
        detail=f"claim drafted: {WORDS[frequency]} of claim {original.control_number}",
    )  # fmt: skip
    return correction


def is_correctable(claim: Claim) -> bool:
    """Whether the claims page offers Correct and Void: adjudicated, numbered by the payer, not yet corrected
    (`corrected` is annotated by the page)."""
    return (
        claim.status in ADJUDICATED
        and bool(claim.payer_claim_number)
        and not getattr(claim, "corrected", False)
    )


def payer_number_to_name(claim: Claim) -> str:
    """REF*F8 for the 837: the payer's number of the claim a correction replaces or voids, else nothing.
    Needs `replaces` selected with the claim."""
    if claim.frequency in CORRECTIONS and claim.replaces is not None:
        return claim.replaces.payer_claim_number
    return ""


def keep_payer_claim_number(claim: Claim, number: str) -> None:
    """An applied 835 decision names the payer's claim control number (CLP07): keep it on the claim."""
    number = number.strip()
    if number and number != claim.payer_claim_number:
        Claim.objects.filter(pk=claim.pk).update(payer_claim_number=number)
        claim.payer_claim_number = number


def give_back(withdrawn: list[Claim]) -> None:
    """Corrections the gate withdraws at export return their charges to the claims they corrected, as billed."""
    for claim in withdrawn:
        if claim.replaces_id is not None:
            Charge.objects.filter(claim_id=claim.pk).update(
                claim_id=claim.replaces_id, updated_at=clock.now()
            )


def settle_exported(claims: list[Claim], *, actor: Any) -> None:
    """After an export: the claims its voids cancel are voided, and say so on their clients' trails."""
    voided = [c.replaces_id for c in claims if c.frequency == Frequency.VOID and c.replaces_id]
    if not voided:
        return
    originals = list(Claim.objects.filter(pk__in=voided))
    Claim.objects.filter(pk__in=voided).update(status=ClaimStatus.VOIDED, updated_at=clock.now())
    audit.record_changes(
        actor=actor, system_job="claim export", action=audit.Action.UPDATE,
        changes=[(claim.client_id, claim, "claim voided: its void was exported") for claim in originals],
    )  # fmt: skip
