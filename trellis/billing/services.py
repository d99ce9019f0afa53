"""Billing writes: payers and fees, coverage, diagnoses, authorizations, certifications, releases, claim status.

Each validates first and names the field it refuses, then writes and leaves an audit event, in one transaction.
Charge capture is in capture.py; claims and their files in claims.py.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.billing import diagnoses
from trellis.billing.choices import (
    ATTENDANCE_CORRECTED,
    NEVER_RELEASED_BY_HAND,
    AuthorizedUnit,
    ChargeStatus,
    ClaimStatus,
    CoverageOrder,
    DenialReason,
    Relationship,
    UnitType,
)
from trellis.billing.models import (
    Authorization,
    Charge,
    Claim,
    Coverage,
    Diagnosis,
    FeeScheduleEntry,
    MedicareCertification,
    Payer,
    Plan,
)
from trellis.billing.rules import medicare_iop
from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.scope import require_same_organization
from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.episodes.choices import LevelOfCare
from trellis.privacy import audit

HCPCS = re.compile(r"^[A-Z0-9][0-9]{3}[0-9A-Z]$")


# Fees, coverage and authorizations are set up years ahead at most; a year like 6011 is a typo.
BILLING_YEARS_AHEAD = 10
# Ten years of daily units is far beyond any authorization; the column holds no more than 2**31 - 1 anyway.
MAX_UNITS_AUTHORIZED = 10_000


def _check_plausible_period(starts_on: dt.date, ends_on: dt.date | None, what: str) -> None:
    # A bound this coarse does not depend on the site's zone, so UTC's today is enough.
    latest = clock.now().date() + dt.timedelta(days=366 * BILLING_YEARS_AHEAD)
    too_far = f"The {what} is more than {BILLING_YEARS_AHEAD} years ahead; check the year."
    plausible_dates.check_on_or_after(
        "starts_on", starts_on, plausible_dates.EARLIEST, f"The {what} must start after 1900."
    )
    plausible_dates.check_on_or_before("starts_on", starts_on, latest, too_far)
    if ends_on is not None:
        plausible_dates.check_on_or_before("ends_on", ends_on, latest, too_far)


def _dates(starts_on: dt.date, ends_on: dt.date | None, what: str) -> None:
    _check_plausible_period(starts_on, ends_on, what)
    if ends_on is not None and ends_on < starts_on:
        reject(
            "ends_on",
            f"The {what} ends on {ends_on:%b %d, %Y}, before it starts on {starts_on:%b %d, %Y}: "
            "check both dates.",
        )


@transaction.atomic
def add_fee(
    *,
    payer: Payer,
    code: str,
    rate: Decimal,
    unit_type: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    modifier: str = "",
    revenue_code: str = "",
    description: str = "",
    added_by: Any,
) -> FeeScheduleEntry:
    """A payer's rate for a code from a date; it may not overlap another rate for the same code and modifier."""
    require(added_by, Capability.MANAGE_BILLING)
    require_same_organization(
        user=added_by, organization_id=payer.organization_id, field="payer", what="payer"
    )
    code, modifier = code.strip().upper(), modifier.strip().upper()
    if not HCPCS.match(code):
        reject("code", "Enter a five-character CPT or HCPCS code, such as H0015 or 90853.")
    if unit_type not in UnitType.values:
        reject("unit_type", "Choose per diem, per 15 minutes or per session.")
    if rate < 0:
        reject("rate", "A rate cannot be negative.")
    _dates(starts_on, ends_on, "fee")
    period = EffectivePeriod(starts_on, ends_on)
    for other in FeeScheduleEntry.objects.filter(payer=payer, code=code, modifier=modifier):
        if period.overlaps(EffectivePeriod(other.starts_on, other.ends_on)):
            until = f"{other.ends_on:%b %d, %Y}" if other.ends_on else "open-ended"
            reject(
                "starts_on",
                f"These dates overlap the {code} fee of ${other.rate} in effect from {other.starts_on:%b %d, %Y} "
                f"({until}) for {payer.name}: end that fee first or change the dates.",
            )
    fee = FeeScheduleEntry.objects.create(
        payer=payer, code=code, modifier=modifier, revenue_code=revenue_code, rate=rate, unit_type=unit_type,
        starts_on=starts_on, ends_on=ends_on, description=description,
    )  # fmt: skip
    audit.record(actor=added_by, action=audit.Action.CREATE, obj=fee, detail=f"fee {code}")
    return fee


def _check_coverage_dates(
    *, client: Client, starts_on: dt.date, subscriber_date_of_birth: dt.date | None
) -> None:
    today = plausible_dates.today_at(client.site.timezone)
    plausible_dates.check_birth_date(
        field="subscriber_date_of_birth", born=subscriber_date_of_birth, today=today
    )
    plausible_dates.check_near_today(field="starts_on", day=starts_on, today=today, what="coverage start")


@transaction.atomic
def add_coverage(
    *,
    client: Client,
    payer: Payer,
    member_id: str,
    starts_on: dt.date,
    added_by: Any,
    order: int = CoverageOrder.PRIMARY,
    plan: Plan | None = None,
    ends_on: dt.date | None = None,
    group_number: str = "",
    relationship: str = Relationship.SELF,
    subscriber_first_name: str = "",
    subscriber_last_name: str = "",
    subscriber_date_of_birth: dt.date | None = None,
    sex: str = "U",
    deductible: Decimal = Decimal(0),
    deductible_met: Decimal = Decimal(0),
    out_of_pocket_max: Decimal = Decimal(0),
    out_of_pocket_met: Decimal = Decimal(0),
    copay_per_day: Decimal = Decimal(0),
    coinsurance_percent: int = 0,
) -> Coverage:
    """A client's insurance; the member id is required because no claim goes out without it."""
    require(added_by, Capability.MANAGE_BILLING)
    require_same_organization(
        user=added_by, organization_id=client.organization_id, field="client", what="client"
    )
    if payer.organization_id != client.organization_id:
        reject(
            "payer", f"{payer.name} is another organization's payer: choose one of the client's organization."
        )
    if not member_id.strip():
        reject("member_id", "Enter the member id from the insurance card: a claim cannot be sent without it.")
    if plan is not None and plan.payer_id != payer.pk:
        reject("plan", f"That plan belongs to {plan.payer.name}, not {payer.name}.")
    _dates(starts_on, ends_on, "coverage")
    _check_coverage_dates(
        client=client, starts_on=starts_on, subscriber_date_of_birth=subscriber_date_of_birth
    )
    if relationship != Relationship.SELF and not (subscriber_last_name.strip() and subscriber_date_of_birth):
        reject(
            "subscriber_last_name",
            "Give the subscriber's name and date of birth when the client is not the subscriber.",
        )
    if deductible_met > deductible or out_of_pocket_met > out_of_pocket_max:
        reject("deductible_met", "The amount met cannot exceed the deductible or out-of-pocket maximum.")
    same_order = Coverage.objects.filter(client=client, order=order, starts_on__lte=ends_on or dt.date.max)
    if same_order.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)).exists():
        reject(
            "order", f"The client already has a {CoverageOrder(order).label.lower()} coverage on those dates."
        )
    coverage = Coverage.objects.create(
        client=client, payer=payer, plan=plan, member_id=member_id.strip(), group_number=group_number.strip(),
        order=order, relationship=relationship, subscriber_first_name=subscriber_first_name.strip(),
        subscriber_last_name=subscriber_last_name.strip(), subscriber_date_of_birth=subscriber_date_of_birth,
        sex=sex, starts_on=starts_on, ends_on=ends_on, deductible=deductible, deductible_met=deductible_met,
        out_of_pocket_max=out_of_pocket_max, out_of_pocket_met=out_of_pocket_met, copay_per_day=copay_per_day,
        coinsurance_percent=coinsurance_percent,
    )  # fmt: skip
    audit.record(
        actor=added_by, action=audit.Action.CREATE, client_id=client.pk, obj=coverage, detail="coverage"
    )
    return coverage


@transaction.atomic
def add_diagnosis(
    *, client: Client, code: str, recorded_by: Any, description: str = "", is_primary: bool = False
) -> Diagnosis:
    require(recorded_by, Capability.MANAGE_BILLING)
    return diagnoses.create_diagnosis(
        client=client, code=code, recorded_by=recorded_by, description=description, is_primary=is_primary
    )


@transaction.atomic
def add_authorization(
    *,
    coverage: Coverage,
    number: str,
    starts_on: dt.date,
    ends_on: dt.date,
    units_authorized: int,
    added_by: Any,
    level_of_care: str = LevelOfCare.IOP,
    unit: str = AuthorizedUnit.DAYS,
    service_codes: list[str] | None = None,
    frequency: str = "",
) -> Authorization:
    """A payer's approval of days or units for a level of care between two dates."""
    require(added_by, Capability.MANAGE_BILLING)
    require_same_organization(
        user=added_by, organization_id=coverage.client.organization_id, field="coverage", what="coverage"
    )
    if not number.strip():
        reject("number", "Enter the authorization number the payer gave.")
    _dates(starts_on, ends_on, "authorization")
    if units_authorized < 1:
        reject("units_authorized", "Authorize at least one day or unit.")
    if units_authorized > MAX_UNITS_AUTHORIZED:
        reject(
            "units_authorized", f"Authorize at most {MAX_UNITS_AUTHORIZED:,} days or units; check the number."
        )
    if level_of_care not in LevelOfCare.values:
        reject("level_of_care", "Choose a level of care.")
    codes = [c.strip().upper() for c in service_codes or [] if c.strip()]
    if bad := [c for c in codes if not HCPCS.match(c)]:
        reject("service_codes", f"Not a CPT or HCPCS code: {', '.join(bad)}.")
    authorization = Authorization.objects.create(
        coverage=coverage, number=number.strip(), starts_on=starts_on, ends_on=ends_on,
        units_authorized=units_authorized, level_of_care=level_of_care, unit=unit, service_codes=codes,
        frequency=frequency.strip(),
    )  # fmt: skip
    audit.record(
        actor=added_by, action=audit.Action.CREATE, client_id=coverage.client_id, obj=authorization,
        detail="authorization",
    )  # fmt: skip
    return authorization


CERTIFICATION_STATEMENT = (
    "I certify that this patient requires intensive outpatient services of at least {hours} hours a week, "
    "that they are being furnished under an individualized written plan of treatment, and that the patient "
    "would otherwise require inpatient psychiatric care. (42 CFR 424.24(d))"
)


@transaction.atomic
def sign_certification(
    *, client: Client, certified_hours_per_week: int, signed_by: Any, attested: bool, kind: str
) -> MedicareCertification:
    """A physician's typed attestation that the client needs IOP; recertified at least every 60 days."""
    require(signed_by, Capability.CERTIFY_IOP)
    require_same_organization(
        user=signed_by, organization_id=client.organization_id, field="client", what="client"
    )
    if not signed_by.npi:
        reject("signed_by", "Only a prescriber with an NPI on their profile can certify Medicare IOP.")
    settings = medicare_iop.MedicareIopSettings(effective=EffectivePeriod(dt.date(2024, 1, 1)))
    problems = medicare_iop.certification_problems(
        medicare_iop.Certification(signed_on=dt.date.min, certified_hours_per_week=certified_hours_per_week),
        settings,
    )
    if problems:
        reject("certified_hours_per_week", " ".join(problems))
    if not attested:
        reject("attested", "Tick the box to sign: the certification is your typed signature.")
    now = clock.now()
    certification = MedicareCertification.objects.create(
        client=client, kind=kind, certified_hours_per_week=certified_hours_per_week,
        signed_on=now.astimezone(clock.zone(client.site.timezone)).date(), signed_at=now, signed_by=signed_by,
        signer_npi=signed_by.npi, attestation=CERTIFICATION_STATEMENT.format(hours=certified_hours_per_week),
    )  # fmt: skip
    audit.record(
        actor=signed_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=certification,
        detail="IOP certified",
    )
    return certification


@transaction.atomic
def release_charge(*, charge: Charge, released_by: Any, note: str) -> Charge:
    """A biller's override of a hold the payer has agreed to waive; never for an unsigned note or no diagnosis."""
    require(released_by, Capability.MANAGE_BILLING)
    charge = Charge.objects.select_for_update(of=("self",)).select_related("client").get(pk=charge.pk)
    require_same_organization(
        user=released_by, organization_id=charge.client.organization_id, field="charge", what="charge"
    )
    if charge.status != ChargeStatus.HELD:
        reject("charge", "Only a held charge can be released.")
    if blocked := [r for r in charge.hold_reasons if r in NEVER_RELEASED_BY_HAND]:
        labels = ", ".join(charge.hold_labels[charge.hold_reasons.index(r)] for r in blocked).lower()
        reject(
            "charge", f"A charge held for {labels} cannot be released by hand: fix the cause, then recheck."
        )
    if not note.strip():
        reject("note", "Say why the payer will pay it anyway (e.g. the reference of the call).")
    charge.status = ChargeStatus.RELEASED
    charge.overridden_reasons = charge.hold_reasons
    charge.released_at, charge.released_by, charge.release_note = clock.now(), released_by, note.strip()[:200]
    charge.save(
        update_fields=[
            "status",
            "overridden_reasons",
            "released_at",
            "released_by",
            "release_note",
            "updated_at",
        ]
    )
    audit.record(
        actor=released_by,
        action=audit.Action.UPDATE,
        client_id=charge.client_id,
        obj=charge,
        detail="released by hand",
    )
    return charge


@transaction.atomic
def hold_charges_after_correction(*, attendance_id: Any, corrected_by: Any) -> tuple[int, int]:
    """Attendance a charge stood on was corrected: the charge goes back on hold for a biller to review.

    Returns (held, on claims): a charge already on a claim stays as sent; it needs a corrected claim.
    """
    charges = Charge.objects.select_for_update().filter(attendance_id=attendance_id)
    held = on_claims = 0
    for charge in charges.exclude(status=ChargeStatus.VOID):
        if charge.claim_id is not None:
            on_claims += 1
            continue
        charge.status = ChargeStatus.HELD
        charge.hold_reasons = [
            *(r for r in charge.hold_reasons if r != ATTENDANCE_CORRECTED),
            ATTENDANCE_CORRECTED,
        ]
        charge.overridden_reasons = [r for r in charge.overridden_reasons if r != ATTENDANCE_CORRECTED]
        charge.released_at = None
        charge.save(
            update_fields=["status", "hold_reasons", "overridden_reasons", "released_at", "updated_at"]
        )
        audit.record(
            actor=corrected_by,
            action=audit.Action.UPDATE,
            client_id=charge.client_id,
            obj=charge,
            detail="held: attendance corrected",
        )
        held += 1
    return held, on_claims


@transaction.atomic
def record_claim_decision(
    *,
    claim: Claim,
    decided_by: Any,
    paid_amount: Decimal | None = None,
    denial_reason: str = "",
    note: str = "",
) -> Claim:
    """A submitted claim paid (with the amount) or denied (with the reason)."""
    require(decided_by, Capability.MANAGE_BILLING)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    require_same_organization(
        user=decided_by, organization_id=claim.organization_id, field="claim", what="claim"
    )
    if claim.status != ClaimStatus.SUBMITTED:
        reject(
            "claim",
            f"Only a submitted claim can be paid or denied; this one is {claim.get_status_display().lower()}.",
        )
    if denial_reason:
        if denial_reason not in DenialReason.values:
            reject("denial_reason", "Choose a denial reason.")
        claim.status, claim.denial_reason = ClaimStatus.DENIED, denial_reason
    else:
        if paid_amount is None or paid_amount < 0:
            reject("paid_amount", "Enter the amount paid, or choose a denial reason.")
        claim.status, claim.paid_amount = ClaimStatus.PAID, paid_amount
    claim.denial_note, claim.decided_at = note.strip()[:200], clock.now()
    claim.save(
        update_fields=["status", "denial_reason", "paid_amount", "denial_note", "decided_at", "updated_at"]
    )
    audit.record(
        actor=decided_by, action=audit.Action.UPDATE, client_id=claim.client_id, obj=claim,
        detail=f"claim {claim.get_status_display().lower()}",
    )  # fmt: skip
    return claim
