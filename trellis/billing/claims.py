"""Claims from released charges, and the X12 files that carry them: one file per payer and claim type.

A period's released charges become draft claims (one per client, payer, episode and the payer's billing
cycle, split at the 837's line limit); exporting settles each claim's statement period, bill-type frequency
and patient status (claim_sequencing), writes every draft claim of the period with the pure 837P/837I
writers, gives each file the next interchange control number, and marks the claims submitted. Each client's claims in a file leave
through the disclosure gate (42 CFR Part 2): one Disclosure row per client and file, and a notice file beside
the X12 with the 2.32 notice and the consent each client's claims rest on.
"""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.billing import claim_corrections, claim_sequencing, claims_x12, scope, secondary_claims
from trellis.billing.choices import CLIENT_ADDRESS, HOLD_LABELS, ChargeStatus, ClaimStatus, ClaimType
from trellis.billing.consent_holds import ConsentHolds, disclose_file, notice_text, withdraw_uncovered
from trellis.billing.models import (
    BillingProfile,
    Charge,
    Claim,
    ClaimExport,
    Diagnosis,
    MedicareCertification,
    Payer,
)
from trellis.billing.x12 import claims as x12
from trellis.billing.x12.claim_837i import render_837i
from trellis.billing.x12.claim_837p import render_837p
from trellis.billing.x12.claims import ClaimT
from trellis.billing.x12.envelope import ControlNumbers, Interchange, InterchangeParty, Usage
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.private_files import make_private_folder, refuse_open_folder, write_private_text
from trellis.privacy import audit
from trellis.programs.models import Organization

MAX_LINES: dict[str, int] = {
    ClaimType.PROFESSIONAL: 50,
    ClaimType.INSTITUTIONAL: 450,
}  # 837P IG: 50 lines; 837I allows 999


class NothingToExport(Exception):
    """No released charge and no draft claim in the period (or every one held): no file is written."""

    def __init__(self, message: str, *, held: "list[HeldReason] | None" = None) -> None:
        super().__init__(message)
        self.held = held or []


class ClaimsNotReady(Exception):
    """Something every claim needs is missing (an attending physician's NPI): no file is written."""


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    payer: str
    claim_type: str
    claims: int
    control_number: int
    notice_path: Path | None = None  # the 42 CFR 2.32 notice and consent summaries written beside it


@dataclass(frozen=True)
class HeldReason:
    reason: str
    label: str
    charges: int
    clients: int


@dataclass(frozen=True)
class ExportResult:
    files: list[ExportedFile]
    held: list[HeldReason]  # the period's charges still held, by reason, after the export
    withdrawn: int  # draft claims taken back at export because the gate refused them


def _control_number() -> str:
    return "TR" + uuid.uuid4().hex[:14].upper()  # CLM01 holds up to 20 characters


@transaction.atomic
def prepare_claims(
    *, first: dt.date, last: dt.date, organization: Organization | None = None, actor: Any = None
) -> list[Claim]:
    """Draft claims from one organization's released charges of the period not yet on a claim (self-pay is
    not claimed), one per client, payer, episode and billing cycle; the organization is the one given, else
    the acting user's."""
    organization_id = scope.organization_id_for(organization=organization, actor=actor)
    rows = (
        Charge.objects.select_for_update(of=("self",))
        .filter(
            status=ChargeStatus.RELEASED,
            claim__isnull=True,
            service_date__gte=first,
            service_date__lte=last,
            client__organization_id=organization_id,
            payer__organization_id=organization_id,
        )
        .exclude(payer__kind="self_pay")
        .select_related("payer")
        .order_by("client_id", "service_date", "code")
    )
    charges = hold_where_address_incomplete(list(rows), actor=actor)
    episodes = claim_sequencing.episodes_of({c.client_id for c in charges})
    groups: dict[tuple[Any, ...], list[Charge]] = defaultdict(list)
    for charge in charges:
        groups[claim_sequencing.claim_group(charge, episodes)].append(charge)
    claims: list[Claim] = []
    for (client_id, payer_id, coverage_id, *_), group in groups.items():
        claim_type = group[0].payer.claim_type  # type: ignore[union-attr]
        size = MAX_LINES[claim_type]
        for start in range(0, len(group), size):
            part = group[start : start + size]
            claim = Claim(
                organization_id=organization_id, client_id=client_id, payer_id=payer_id, coverage_id=coverage_id,
                claim_type=claim_type, control_number=_control_number(), statement_from=part[0].service_date,
                statement_through=part[-1].service_date, total=sum(c.amount for c in part),
            )  # fmt: skip
            claims.append(claim)
            for charge in part:
                charge.claim, charge.status = claim, ChargeStatus.BILLED
    Claim.objects.bulk_create(claims, batch_size=500)
    billed = [charge for group in groups.values() for charge in group]
    Charge.objects.bulk_update(billed, ["claim", "status"], batch_size=500)
    audit.record_changes(
        actor=actor,
        system_job="claim preparation",
        action=audit.Action.CREATE,
        changes=[(claim.client_id, claim, "claim drafted") for claim in claims],
    )
    return claims


def hold_where_address_incomplete(charges: list[Charge], *, actor: Any) -> list[Charge]:
    """Charges of clients without a complete address are held, not claimed: the 837 needs the client's own
    street, city, state and ZIP, and nothing may be filled in for them. Returns the charges that may go."""
    client_ids = {charge.client_id for charge in charges}
    complete = {
        client.pk for client in Client.objects.filter(pk__in=client_ids) if client.postal_address.is_complete
    }
    held = [charge for charge in charges if charge.client_id not in complete]
    now = clock.now()
    for charge in held:
        charge.status, charge.updated_at = ChargeStatus.HELD, now
        charge.hold_reasons = [*(r for r in charge.hold_reasons if r != CLIENT_ADDRESS), CLIENT_ADDRESS]
    Charge.objects.bulk_update(held, ["status", "hold_reasons", "updated_at"], batch_size=500)
    audit.record_changes(
        actor=actor, system_job="claim preparation", action=audit.Action.UPDATE,
        changes=[(charge.client_id, charge, f"charge held: {claims_x12.INCOMPLETE_ADDRESS}") for charge in held],
    )  # fmt: skip
    return [charge for charge in charges if charge.client_id in complete]


def _attending(profile: BillingProfile, client_ids: set[Any]) -> dict[Any, Any]:
    """Who attends each Medicare client's claims: their certifying physician, else the program's director."""
    certifications = MedicareCertification.objects.filter(
        client_id__in=client_ids, client__organization_id=profile.organization_id
    )
    signers = {
        c.client_id: c.signed_by for c in certifications.select_related("signed_by").order_by("signed_on")
    }
    fallback = (
        User.objects.filter(
            organization_id=profile.organization_id, role__in=[Role.PRESCRIBER, Role.DIRECTOR]
        )
        .exclude(npi="")
        .order_by("role", "username")
        .first()
    )
    return {"signers": signers, "fallback": fallback}


def _diagnoses(client_ids: set[Any]) -> dict[Any, list[str]]:
    by_client: dict[Any, list[str]] = defaultdict(list)
    rows = Diagnosis.objects.filter(client_id__in=client_ids).order_by("-is_primary", "created_at")
    for client_id, code in rows.values_list("client_id", "code"):
        by_client[client_id].append(code)
    return by_client


def _next_control(profile: BillingProfile) -> int:
    profile.last_control_number = profile.last_control_number % 999_999_999 + 1
    profile.save(update_fields=["last_control_number", "updated_at"])
    return profile.last_control_number


def _claim_file(
    claims: tuple[ClaimT, ...], payer: Payer, profile: BillingProfile, control: int, now: dt.datetime
) -> x12.ClaimFile[ClaimT]:
    interchange = Interchange(
        sender=InterchangeParty(profile.submitter_id), receiver=InterchangeParty(profile.receiver_id),
        created_at=now, usage=Usage.PRODUCTION if profile.production else Usage.TEST,
    )  # fmt: skip
    return x12.ClaimFile(
        interchange=interchange,
        submitter=x12.Submitter(
            profile.legal_name, profile.submitter_id, profile.contact_name, profile.contact_phone
        ),
        receiver=x12.Receiver(profile.receiver_name, profile.receiver_id),
        billing_provider=claims_x12.billing_provider(profile),
        payer=claims_x12.x12_payer(payer),
        claims=claims,
        reference=f"TRELLIS{control:09d}",
    )


def _professional(claim: Claim, diagnoses: list[str], profile: BillingProfile) -> x12.ProfessionalClaim:
    lines = secondary_claims.lines_of(claim)
    written = claims_x12.professional_claim(claim, lines, diagnoses, profile, lines[0].program.kind)
    return secondary_claims.with_prior_payer(claim, written, profile)


def _render(
    claims: list[Claim],
    payer: Payer,
    claim_type: str,
    profile: BillingProfile,
    control: int,
    now: dt.datetime,
) -> str:
    diagnoses = _diagnoses({c.client_id for c in claims})
    numbers = ControlNumbers(interchange=control, group=control)
    if claim_type == ClaimType.PROFESSIONAL:
        professional = tuple(_professional(c, diagnoses[c.client_id], profile) for c in claims)
        return render_837p(_claim_file(professional, payer, profile, control, now), control=numbers)
    attending = _attending(profile, {c.client_id for c in claims})
    if attending["fallback"] is None and any(c.client_id not in attending["signers"] for c in claims):
        raise ClaimsNotReady(
            "Institutional claims name an attending physician: give a prescriber or the clinical director an NPI "
            "on their staff profile, then export again."
        )
    institutional = tuple(
        secondary_claims.with_prior_payer(
            c,
            claims_x12.institutional_claim(
                c,
                secondary_claims.lines_of(c),
                diagnoses[c.client_id],
                profile,
                attending["signers"].get(c.client_id) or attending["fallback"],
            ),
            profile,
        )
        for c in claims
    )
    return render_837i(_claim_file(institutional, payer, profile, control, now), control=numbers)


def _billing_profile(organization_id: Any) -> BillingProfile:
    """The organization's own billing identity, locked: its control numbers count up one file at a time."""
    profile = BillingProfile.objects.select_for_update().filter(organization_id=organization_id).first()
    if profile is None:
        raise ClaimsNotReady(
            "This organization has no billing profile (billing provider name, NPI, tax id, submitter id): "
            "add it, then export again. No file was written."
        )
    return profile


def _drafts(organization_id: Any, first: dt.date, last: dt.date) -> list[Claim]:
    return list(
        Claim.objects.filter(
            organization_id=organization_id,
            status=ClaimStatus.DRAFT,
            statement_from__gte=first,
            statement_through__lte=last,
        )
        .select_related("client", "coverage__payer", "payer", "replaces", *secondary_claims.DRAFT_RELATED)
        .prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.select_related("authorization", "program").order_by(
                    "service_date", "code"
                ),
            ),
            *secondary_claims.DRAFT_PREFETCHES,
        )
        .order_by("payer__name", "claim_type", "control_number")
    )


def export_claims(
    *,
    first: dt.date,
    last: dt.date,
    out_dir: Path,
    organization: Organization | None = None,
    actor: Any = None,
) -> ExportResult:
    """Write one organization's claims of the period under its own billing identity, one file per payer and
    claim type, each with its Part 2 notice beside it; refuse an empty period, writing nothing. The
    organization is the one given, else the actor's.

    Claims the disclosure gate refuses now (a consent revoked or expired since capture) are withdrawn and their
    charges held first, in a transaction of their own: a refusal stays recorded whatever happens to the files."""
    organization_id = scope.organization_id_for(organization=organization, actor=actor)
    refuse_open_folder(out_dir)  # claim files name clients and diagnoses: 0700 folder, 0600 files
    with transaction.atomic():
        _billing_profile(organization_id)  # refused before anything is drafted
        prepare_claims(first=first, last=last, organization=organization, actor=actor)
        drafts = _drafts(organization_id, first, last)
        holds = ConsentHolds({c.client_id for c in drafts})
        withdrawn = len(drafts) - len(withdraw_uncovered(drafts=drafts, holds=holds, actor=actor))
    with transaction.atomic():
        drafts = _drafts(organization_id, first, last)
        holds = ConsentHolds({c.client_id for c in drafts})  # a consent revoked a moment ago counts too
        before = len(drafts)
        drafts = withdraw_uncovered(drafts=drafts, holds=holds, actor=actor)
        withdrawn += before - len(drafts)
        held = held_in_period(organization_id=organization_id, first=first, last=last)
        # a secondary claim keeps the period and frequency its primary was settled with
        claim_sequencing.settle_drafts([c for c in drafts if c.primary_claim_id is None])
        if not drafts:
            raise NothingToExport(
                f"No released charges or draft claims for service dates {first.isoformat()} to "
                f"{last.isoformat()}: no file was written." + (f" {held_words(held)}" if held else ""),
                held=held,
            )
        files = _write_files(drafts, organization_id, first, last, out_dir, holds, actor)
    return ExportResult(files=files, held=held, withdrawn=withdrawn)


def _write_files(
    drafts: list[Claim],
    organization_id: Any,
    first: dt.date,
    last: dt.date,
    out_dir: Path,
    holds: ConsentHolds,
    actor: Any,
) -> list[ExportedFile]:
    profile = _billing_profile(organization_id)
    groups: dict[tuple[Any, str], list[Claim]] = defaultdict(list)
    for claim in drafts:
        groups[(claim.payer_id, claim.claim_type)].append(claim)
    now = clock.now()
    rendered = []  # every file is rendered before any is written: a refusal leaves the folder untouched
    for (_, claim_type), claims in groups.items():
        payer = claims[0].payer
        control = _next_control(profile)
        name = f"{payer.payer_id or 'payer'}_{claim_type}_{first:%Y%m%d}_{last:%Y%m%d}_{control:09d}.x12"
        text = _render(claims, payer, claim_type, profile, control, now)
        rendered.append((claims, payer, claim_type, control, name, text))
    released = []  # the records leave through the gate, in this transaction, before any byte is written
    for claims, payer, claim_type, control, name, text in rendered:
        export = ClaimExport.objects.create(
            organization_id=organization_id, payer=payer, claim_type=claim_type, control_number=control,
            file_name=name, period_from=first, period_to=last, claim_count=len(claims),
            total=sum(c.total for c in claims),
        )  # fmt: skip
        releases = disclose_file(
            claims=claims, payer=payer, file_name=name, holds=holds, actor=actor, obj=export
        )
        notice = notice_text(file_name=name, payer=payer, claims=claims, releases=releases)
        released.append((claims, payer, claim_type, control, name, text, export, notice))
    make_private_folder(out_dir)
    written = []
    for claims, payer, claim_type, control, name, text, export, notice in released:
        path = write_private_text(out_dir / name, text)
        notice_path = write_private_text(out_dir / notice_file_name(name), notice)
        Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
            status=ClaimStatus.SUBMITTED, submitted_at=now, export=export, updated_at=now
        )
        claim_corrections.settle_exported(claims, actor=actor)
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=export, detail=f"{len(claims)} claims exported",
            system_job="claim export",
        )  # fmt: skip
        written.append(ExportedFile(path, payer.name, claim_type, len(claims), control, notice_path))
    return written


def notice_file_name(x12_name: str) -> str:
    """The Part 2 notice's file beside an X12 file: same name, `.part2-notice.txt` for `.x12`."""
    return f"{Path(x12_name).stem}.part2-notice.txt"


def held_in_period(*, organization_id: Any, first: dt.date, last: dt.date) -> list[HeldReason]:
    """The period's held charges by reason, with how many clients each touches (1 query)."""
    charges: dict[str, int] = defaultdict(int)
    clients: dict[str, set[Any]] = defaultdict(set)
    rows = Charge.objects.filter(
        status=ChargeStatus.HELD, service_date__gte=first, service_date__lte=last,
        client__organization_id=organization_id,
    ).values_list("client_id", "hold_reasons")  # fmt: skip
    for client_id, reasons in rows:
        for reason in reasons:
            charges[reason] += 1
            clients[reason].add(client_id)
    order = list(HOLD_LABELS)
    return [
        HeldReason(reason, HOLD_LABELS.get(reason, reason), charges[reason], len(clients[reason]))
        for reason in sorted(charges, key=lambda r: order.index(r) if r in order else len(order))
    ]


def held_words(held: list[HeldReason]) -> str:
    """'Held, waiting in the billing queue: 3 charges of 2 clients for no consent for the payer; ...'"""
    parts = [
        f"{h.charges} charge{'s' * (h.charges != 1)} of {h.clients} client{'s' * (h.clients != 1)} for "
        f"{h.label.lower()}"
        for h in held
    ]
    return f"Held, waiting in the billing queue: {'; '.join(parts)}." if parts else ""
