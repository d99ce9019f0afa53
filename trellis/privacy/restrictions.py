"""Requests to restrict disclosures (42 CFR 2.26): recorded, decided, ended; each step atomic and audited.

The gate refuses disclosures to a health plan under an agreed health-plan restriction; this module is how one
comes to be agreed. HIPAA 164.522(a)(1)(vi) leaves no choice for services paid in full out of pocket: such a
request must be agreed, so agreeing asks for that to be confirmed, and denying one needs a reason on record.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.privacy.consent_models import RestrictionKind, RestrictionRequest, RestrictionState

MUST_AGREE = (
    "A request not to tell a health plan about services the client paid for in full out of pocket must be "
    "agreed (HIPAA 164.522(a)(1)(vi), 42 CFR 2.26)."
)


def record_request(
    *,
    client: Client,
    kind: str,
    payer: Any,
    description: str,
    requested_on: dt.date,
    actor: Any,
) -> RestrictionRequest:
    if kind not in RestrictionKind.values:
        reject("kind", "Choose what the client asked for.")
    if payer is not None and kind != RestrictionKind.HEALTH_PLAN:
        reject("payer", "A payer is named only for a request not to tell a health plan.")
    if payer is not None and payer.organization_id != client.organization_id:
        reject("payer", "Choose one of your organization's payers.")
    if not description.strip():
        reject("description", "Say what the client asked, in their words.")
    today = clock.today_in(client.site.timezone)
    plausible_dates.check_not_in_future(
        field="requested_on", day=requested_on, today=today, what="request date"
    )
    with transaction.atomic():
        request = RestrictionRequest.objects.create(
            organization_id=client.organization_id,
            client=client,
            kind=kind,
            payer=payer,
            description=description.strip(),
            requested_on=requested_on,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            client_id=client.pk,
            obj=request,
            detail=f"restriction request: {kind}",
        )
    return request


def decide(
    *, restriction: RestrictionRequest, agree: bool, note: str, paid_in_full: bool, actor: Any
) -> RestrictionRequest:
    """Agree to or deny a request awaiting a decision."""
    if restriction.state != RestrictionState.REQUESTED:
        reject("decision", f"This request was already decided ({restriction.get_state_display().lower()}).")
    self_pay = restriction.kind == RestrictionKind.HEALTH_PLAN
    if agree and self_pay and not paid_in_full:
        reject("paid_in_full", "Confirm that the services were paid in full out of pocket before agreeing.")
    if not agree and self_pay and not note.strip():
        reject("note", MUST_AGREE + " Say why this one is denied (for example, not paid in full).")
    with transaction.atomic():
        restriction.state = RestrictionState.AGREED if agree else RestrictionState.DENIED
        restriction.decided_at = clock.now()
        restriction.decided_by = actor
        restriction.decision_note = note.strip()[:300]
        restriction.save(update_fields=["state", "decided_at", "decided_by", "decision_note", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            client_id=restriction.client_id,
            obj=restriction,
            detail=f"restriction request {restriction.state}",
        )
    return restriction


def end(*, restriction: RestrictionRequest, note: str, actor: Any) -> RestrictionRequest:
    """End an agreed restriction (at the client's request, or as 164.522(a)(2) allows for later services)."""
    if restriction.state != RestrictionState.AGREED:
        reject("decision", "Only an agreed restriction can be ended.")
    if not note.strip():
        reject("note", "Say why the restriction ends (for example, the client asked in writing).")
    with transaction.atomic():
        restriction.state = RestrictionState.ENDED
        restriction.ended_at = clock.now()
        restriction.ended_by = actor
        restriction.end_note = note.strip()[:300]
        restriction.save(update_fields=["state", "ended_at", "ended_by", "end_note", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            client_id=restriction.client_id,
            obj=restriction,
            detail="restriction ended",
        )
    return restriction
