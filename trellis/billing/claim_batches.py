"""Claims in the browser: a period's batch of draft claims, built, reviewed, exported and kept for download.

The batch is what `claims.prepare_claims` drafts from the period's released charges; export is
`claims.export_claims`, exactly as `manage.py export_claims` runs it, so every claim leaves through the
disclosure gate (42 CFR Part 2, path `claims_export`) with the 2.32 notice beside each X12 file. The files are
written to a private temporary folder and their text kept in the database (`ClaimFile`), so any app server
can hand them to the biller, and no claim file is left on a local disk.
"""

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum

from trellis.billing.choices import ChargeStatus, ClaimStatus, PayerKind
from trellis.billing.claims import (
    ClaimsNotReady,
    ExportResult,
    HeldReason,
    NothingToExport,
    export_claims,
    held_in_period,
    prepare_claims,
)
from trellis.billing.consent_holds import ConsentHolds, refusal
from trellis.billing.models import BillingProfile, Charge, Claim, ClaimExport, ClaimFile, Payer
from trellis.core.private_files import OpenFolder
from trellis.privacy import audit

HELD_SHOWN = 50  # held charges listed on the review; the queue has them all


@dataclass(frozen=True)
class Batch:
    """A period's draft claims and what keeps other charges off them, as one biller may see them."""

    first: dt.date
    last: dt.date
    payer: Payer | None
    claims: list[Claim]  # draft claims of clients this biller sees, for the payer chosen (or every payer)
    drafts_in_export: int  # every draft of the organization in the period: export sends them all
    ready: int  # released charges not yet on a claim: "Build the batch" drafts them
    ready_amount: Decimal
    held: list[Charge]
    held_total: int
    held_reasons: list[HeldReason]

    @property
    def total(self) -> Decimal:
        return sum((claim.total for claim in self.claims), Decimal(0))


def _drafts(organization_id: Any, first: dt.date, last: dt.date) -> Any:
    return Claim.objects.filter(
        organization_id=organization_id,
        status=ClaimStatus.DRAFT,
        statement_from__gte=first,
        statement_through__lte=last,
    )


def get_batch(*, user: Any, first: dt.date, last: dt.date, payer: Payer | None = None) -> Batch:
    """The batch for review, in a fixed number of queries whatever its size."""
    organization_id = user.organization_id
    claims = Claim.objects.visible_to(user).filter(pk__in=_drafts(organization_id, first, last).values("pk"))
    charges = Charge.objects.visible_to(user).filter(service_date__gte=first, service_date__lte=last)
    if payer is not None:
        claims, charges = claims.filter(payer=payer), charges.filter(payer=payer)
    ready = (
        charges.filter(status=ChargeStatus.RELEASED, claim__isnull=True)
        .exclude(payer__kind=PayerKind.SELF_PAY)
        .aggregate(count=Count("id"), amount=Sum("amount"))
    )
    held = charges.filter(status=ChargeStatus.HELD).select_related("client", "payer")
    return Batch(
        first=first,
        last=last,
        payer=payer,
        claims=list(
            claims.select_related("client", "payer")
            .annotate(  # a secondary claim's lines are its primary's charges
                lines=Count("charges", distinct=True) + Count("primary_claim__charges", distinct=True)
            )
            .order_by("payer__name", "client__legal_last_name", "statement_from")
        ),
        drafts_in_export=_drafts(organization_id, first, last).count(),
        ready=ready["count"],
        ready_amount=ready["amount"] or Decimal(0),
        held=list(held.order_by("service_date", "client__legal_last_name")[:HELD_SHOWN]),
        held_total=held.count(),
        held_reasons=held_in_period(organization_id=organization_id, first=first, last=last),
    )


def build_batch(*, user: Any, first: dt.date, last: dt.date) -> list[Claim]:
    """Draft claims from the period's released charges (prepare_claims audits each one)."""
    return prepare_claims(first=first, last=last, actor=user)


@dataclass
class ExportOutcome:
    """What an export from the page did: the files kept for download, or why nothing left."""

    files: list[ClaimFile] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # the gate's words, with how many clients each
    held: list[HeldReason] = field(default_factory=list)
    problem: str = ""  # nothing was written: the reason, for the biller


def _refusals(organization_id: Any, first: dt.date, last: dt.date) -> list[str]:
    """The gate's words for the period's drafts it would refuse now (the export withdraws those claims and
    holds their charges in the queue), with how many clients each touches. The gate names no client, so the
    words may travel in a flash message."""
    drafts = list(_drafts(organization_id, first, last).select_related("payer"))
    holds = ConsentHolds({claim.client_id for claim in drafts})
    clients: dict[str, set[Any]] = {}
    for claim in drafts:
        refused = refusal(client_id=claim.client_id, payer=claim.payer, context=holds.context)
        if refused is not None:
            clients.setdefault(refused.message, set()).add(claim.client_id)
    return [f"{len(ids)} client{'s' * (len(ids) != 1)}: {message}" for message, ids in clients.items()]


def export_batch(*, user: Any, first: dt.date, last: dt.date) -> ExportOutcome:
    """Export the period's claims through the gate and keep the files; a refusal or a missing billing profile
    writes nothing and says why."""
    organization_id = user.organization_id
    with tempfile.TemporaryDirectory(prefix="trellis-claims-") as folder, transaction.atomic():
        if BillingProfile.objects.filter(organization_id=organization_id).exists():
            prepare_claims(first=first, last=last, actor=user)  # so the gate is asked about every claim
        refused = _refusals(organization_id, first, last)
        try:
            result = export_claims(first=first, last=last, out_dir=Path(folder) / "out", actor=user)
        except NothingToExport as error:
            return ExportOutcome(refused=refused, held=error.held, problem=str(error))
        except (ClaimsNotReady, OpenFolder) as error:
            return ExportOutcome(refused=refused, problem=str(error))
        files = _keep_files(result, organization_id, user)
    return ExportOutcome(files=files, refused=refused, held=result.held)


def _keep_files(result: ExportResult, organization_id: Any, user: Any) -> list[ClaimFile]:
    exports = {
        export.control_number: export
        for export in ClaimExport.objects.filter(
            organization_id=organization_id, control_number__in=[f.control_number for f in result.files]
        )
    }
    files = [
        ClaimFile(
            export=exports[exported.control_number],
            x12_text=exported.path.read_text(encoding="utf-8"),
            notice_file_name=exported.notice_path.name if exported.notice_path else "",
            notice_text=exported.notice_path.read_text(encoding="utf-8") if exported.notice_path else "",
            exported_by=user,
        )
        for exported in result.files
    ]
    ClaimFile.objects.bulk_create(files)
    audit.record_changes(
        actor=user,
        action=audit.Action.CREATE,
        changes=[(None, claim_file, "claim file kept for download") for claim_file in files],
    )
    return files


def list_claim_files(*, user: Any, limit: int = 20) -> list[ClaimFile]:
    """The organization's latest exported files (file names carry no PHI: payer id, type, dates, number)."""
    return list(
        ClaimFile.objects.filter(export__organization_id=user.organization_id)
        .select_related("export__payer", "exported_by")
        .order_by("-created_at")[:limit]
    )


def get_claim_file(*, user: Any, pk: Any) -> ClaimFile | None:
    found: ClaimFile | None = (
        ClaimFile.objects.filter(export__organization_id=user.organization_id, pk=pk)
        .select_related("export")
        .first()
    )
    return found


def record_download(*, user: Any, claim_file: ClaimFile, what: str) -> None:
    """One EXPORT event per client whose claims are in the file: the file left the program's system."""
    client_ids = Claim.objects.filter(export=claim_file.export).values_list("client_id", flat=True).distinct()
    audit.record_changes(
        actor=user,
        action=audit.Action.EXPORT,
        changes=[(client_id, claim_file, f"{what} downloaded") for client_id in client_ids],
    )
