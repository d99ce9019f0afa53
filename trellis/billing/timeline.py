"""Claims on the client timeline, for the roles that work on billing."""

from typing import Any

from django.urls import reverse

from trellis.billing.choices import ClaimStatus
from trellis.billing.models import Claim
from trellis.core.timeline import TimelineEvent

TONES = {ClaimStatus.PAID: "ok", ClaimStatus.DENIED: "bad", ClaimStatus.SUBMITTED: "info"}


def claim_events(client: Any, user: Any) -> list[TimelineEvent]:
    """One event per claim once it leaves draft (1 query; none for roles without billing access)."""
    claims = Claim.objects.visible_to(user).filter(client=client).exclude(status=ClaimStatus.DRAFT)
    return [
        TimelineEvent(
            at=claim.submitted_at or claim.created_at,
            kind="Claim",
            title=f"{claim.payer.name} claim {claim.control_number}: {claim.get_status_display().lower()}",
            detail=f"{claim.statement_from:%b %d}-{claim.statement_through:%b %d}, ${claim.total}",
            url=reverse("billing:client", args=[client.pk]),
            tone=TONES.get(claim.status, ""),
        )
        for claim in claims.select_related("payer")
    ]
