"""A claim leaves only through the disclosure gate: the payer is a health plan receiving the client's identity,
attendance, diagnoses and billing for payment, which a Part 2 program may disclose only under a consent in
force (42 CFR 2.31, 2.33), and never to a plan the client asked, under an agreed restriction, not to tell (2.26).

Capture holds such charges (`no_consent`, `restricted_plan`) so they wait in the biller's queue, and a recheck
after the client signs releases them; export asks the gate again, since a consent may be revoked in between.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from trellis.billing import claim_corrections
from trellis.billing.choices import NO_CONSENT, RESTRICTED_PLAN, ChargeStatus, PayerKind
from trellis.billing.models import Charge, Claim, Payer
from trellis.core import clock
from trellis.privacy import audit, gate, part2, paths
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind

# What an 837 tells the payer: minimum necessary for payment, nothing clinical beyond the diagnosis codes.
CLAIM_INFORMATION = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.BILLING)


def payer_recipient(payer: Payer) -> gate.Recipient:
    return gate.Recipient(RecipientKind.HEALTH_PLAN, payer.name, payer_id=payer.pk)


def refusal(*, client_id: Any, payer: Payer, context: gate.GateContext) -> gate.DisclosureRefused | None:
    """Why the gate would refuse a claim for this client to this payer now; None when it may go."""
    try:
        gate.check(
            path=paths.CLAIMS_EXPORT,
            client=context.clients[client_id],
            recipient=payer_recipient(payer),
            purpose=Purpose.PAYMENT,
            information=CLAIM_INFORMATION,
            context=context,
        )
    except gate.DisclosureRefused as refused:
        return refused
    return None


def hold_reason(refused: gate.DisclosureRefused) -> str:
    return RESTRICTED_PLAN if refused.reason == "restricted" else NO_CONSENT


class ConsentHolds:
    """The gate's answer for each client and payer, asked once each, over a context loaded once for all."""

    def __init__(self, client_ids: Iterable[Any]) -> None:
        self.context = gate.GateContext.load(client_ids)
        self._answers: dict[tuple[Any, Any], str | None] = {}

    def reason_for(self, *, client_id: Any, payer: Payer | None) -> str | None:
        """The hold reason for a charge of this client to this payer; self-pay and no payer tell nobody."""
        if payer is None or payer.kind == PayerKind.SELF_PAY:
            return None
        key = (client_id, payer.pk)
        if key not in self._answers:
            refused = refusal(client_id=client_id, payer=payer, context=self.context)
            self._answers[key] = hold_reason(refused) if refused else None
        return self._answers[key]


def withdraw_uncovered(*, drafts: list[Claim], holds: ConsentHolds, actor: Any) -> list[Claim]:
    """Draft claims the gate would refuse now are taken back: their charges return to the queue, held with the
    reason, and the refusal is audited. Returns the drafts that may go."""
    kept: list[tuple[Claim, str | None]] = []
    withdrawn: list[tuple[Claim, str | None]] = []
    for claim in drafts:
        reason = holds.reason_for(client_id=claim.client_id, payer=claim.payer)
        (withdrawn if reason else kept).append((claim, reason))
    if withdrawn:
        claim_corrections.give_back([claim for claim, _ in withdrawn])
        _hold_charges(withdrawn)
        Claim.objects.filter(pk__in=[claim.pk for claim, _ in withdrawn]).delete()
        _audit_withdrawals(withdrawn, actor)
    return [claim for claim, _ in kept]


def _hold_charges(withdrawn: list[tuple[Claim, str | None]]) -> None:
    reasons = {claim.pk: reason for claim, reason in withdrawn}
    charges = list(Charge.objects.select_for_update().filter(claim_id__in=list(reasons)))
    now = clock.now()
    for charge in charges:
        reason = reasons[charge.claim_id]
        charge.hold_reasons = (
            [*charge.hold_reasons, reason] if reason not in charge.hold_reasons else charge.hold_reasons
        )
        charge.status, charge.claim, charge.updated_at = ChargeStatus.HELD, None, now
    Charge.objects.bulk_update(charges, ["status", "hold_reasons", "claim", "updated_at"], batch_size=500)


def _audit_withdrawals(withdrawn: list[tuple[Claim, str | None]], actor: Any) -> None:
    """One refusal per client and payer, as the gate writes it, and the claims taken back."""
    refused = {(claim.client_id, claim.payer_id): reason for claim, reason in withdrawn}
    audit.record_changes(
        actor=actor,
        action=audit.Action.DISCLOSURE_REFUSED,
        changes=[
            (client_id, None, f"{paths.CLAIMS_EXPORT}: {reason}")
            for (client_id, _), reason in refused.items()
        ],
        system_job="claim export",
    )
    audit.record_changes(
        actor=actor,
        action=audit.Action.DELETE,
        changes=[
            (claim.client_id, claim, f"draft claim withdrawn and held: {reason}")
            for claim, reason in withdrawn
        ],
        system_job="claim export",
    )


def disclose_file(
    *, claims: list[Claim], payer: Payer, file_name: str, holds: ConsentHolds, actor: Any, obj: Any
) -> dict[Any, gate.Release]:
    """One disclosure per client in the file, written in the export's transaction in a constant number of
    queries; the release of each client."""
    by_client: dict[Any, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_client[claim.client_id].append(claim)
    releases = gate.disclose_many(
        path=paths.CLAIMS_EXPORT,
        recipient=payer_recipient(payer),
        purpose=Purpose.PAYMENT,
        information=CLAIM_INFORMATION,
        items=[
            gate.Outgoing(holds.context.clients[client_id], f"{len(own)} claims in {file_name}", obj)
            for client_id, own in by_client.items()
        ],
        context=holds.context,
        actor=actor,
        system_job="claim export",
    )
    return {release.disclosure.client_id: release for release in releases}


HIPAA_ONLY = (
    "Records of a program that is not a Part 2 program, disclosed for payment under HIPAA (45 CFR 164.506)."
)


def notice_text(
    *, file_name: str, payer: Payer, claims: list[Claim], releases: dict[Any, gate.Release]
) -> str:
    """The companion of an X12 file: the 42 CFR 2.32 notice and, per client by claim control number (no name,
    no more than the payer already has), the consent the claims rest on."""
    by_client: dict[Any, list[str]] = defaultdict(list)
    for claim in claims:
        by_client[claim.client_id].append(claim.control_number)
    part2_file = any(release.part2 for release in releases.values())
    lines = [
        f"Notice for {file_name} to {payer.name}"
        + (f" (payer id {payer.payer_id})" if payer.payer_id else ""),
        "",
        part2.NOTICE if part2_file else HIPAA_ONLY,
        part2.REDISCLOSURE if part2_file else "",
        "",
        "The claims in the file and the consent each rests on:",
    ]
    for client_id, numbers in by_client.items():
        release = releases[client_id]
        lines += ["", f"Claims {', '.join(sorted(numbers))}:"]
        lines.append(_consent_words(release))
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _consent_words(release: gate.Release) -> str:
    consent = release.disclosure.consent
    if consent is not None:
        return gate.consent_summary(consent)
    return HIPAA_ONLY if not release.part2 else release.notice
