"""Billing for the demo program: payers, fees, coverage, diagnoses, authorizations and certifications, group
notes for the sessions attended, then charge capture and a first claims export, so `make run` shows a
realistic work queue (notes not yet signed, authorizations run out or ended, a missing diagnosis, an
uninsured client) next to claims submitted, paid and denied.

Coverage and authorizations go through the billing services as the biller would enter them; historical
documentation (notes signed on the day, certifications signed at admission) is written with its real dates.
"""

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ClaimStatus, ClaimType, PayerKind, PerDiemCode, UnitType
from trellis.billing.claims import ClaimsNotReady, NothingToExport, export_claims
from trellis.billing.models import BillingProfile, Claim, MedicareCertification, Payer
from trellis.core import context
from trellis.demo import payer_rules_demo
from trellis.demo.npi import npi_with_check_digit
from trellis.demo.structure import ORGANIZATION_NAME
from trellis.episodes.models import Episode
from trellis.notes.models import GroupNote, IndividualNote, ParticipantEntry
from trellis.programs.models import Organization

DIAGNOSES = (
    ("F10.20", "Alcohol dependence, uncomplicated"),
    ("F11.20", "Opioid dependence, uncomplicated"),
    ("F12.20", "Cannabis dependence, uncomplicated"),
    ("F15.20", "Other stimulant dependence, uncomplicated"),
    ("F33.1", "Major depressive disorder, recurrent, moderate"),
    ("F41.1", "Generalized anxiety disorder"),
)
UNSIGNED_RECENT_DAYS = 3  # notes of the last days are often still drafts (due within 24-72 h)


@dataclass(frozen=True)
class BillingSummary:
    charges: int
    held: int
    claims: int


@dataclass(frozen=True)
class PayerSpec:
    name: str
    kind: str
    payer_id: str
    claim_type: str
    per_diem: str
    share: float
    authorization: bool = True


PAYERS = (
    PayerSpec("Prairie Mutual Health (fictional)", PayerKind.COMMERCIAL, "99001", ClaimType.PROFESSIONAL,
              PerDiemCode.H0015, 0.34),
    PayerSpec("Lakeshore Benefit Plan (fictional)", PayerKind.COMMERCIAL, "99002", ClaimType.INSTITUTIONAL,
              PerDiemCode.S9480, 0.2),
    PayerSpec("Buckeye Community Medicaid (fictional)", PayerKind.MEDICAID, "99004", ClaimType.PROFESSIONAL,
              PerDiemCode.H0015, 0.3),
    PayerSpec("Fictional Medicare Contractor", PayerKind.MEDICARE, "99003", ClaimType.INSTITUTIONAL,
              PerDiemCode.MEDICARE_IOP, 0.04, authorization=False),
    PayerSpec("Self-pay", PayerKind.SELF_PAY, "", ClaimType.PROFESSIONAL, PerDiemCode.H0015, 0.07,
              authorization=False),
)  # fmt: skip

FEES = (
    ("H0015", "Alcohol/drug IOP per diem", Decimal("245.00"), UnitType.PER_DIEM, "0906"),
    ("S9480", "IOP psychiatric per diem", Decimal("310.00"), UnitType.PER_DIEM, "0905"),
    ("90853", "Group psychotherapy", Decimal("95.10"), UnitType.PER_SESSION, "0915"),
    ("G0410", "Group psychotherapy, PHP/IOP, per 45-50 min", Decimal("88.40"), UnitType.PER_SESSION, "0915"),
    ("90832", "Psychotherapy, 30 min", Decimal("82.00"), UnitType.PER_SESSION, "0914"),
    ("90834", "Psychotherapy, 45 min", Decimal("118.00"), UnitType.PER_SESSION, "0914"),
    ("90837", "Psychotherapy, 60 min", Decimal("158.00"), UnitType.PER_SESSION, "0914"),
)


def load_billing(*, seed: int, today: dt.date) -> BillingSummary:
    rng = random.Random(seed + 500)
    # The same request id as the rest of the load: the audit log shows the whole demo as one job.
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(rng, today)
    finally:
        context.set_current(None)


def _load(rng: random.Random, today: dt.date) -> BillingSummary:
    with transaction.atomic():
        organization = Organization.objects.get(name=ORGANIZATION_NAME)
        staff = User.objects.filter(organization=organization)
        biller = staff.filter(role=Role.BILLER).first() or staff.get(role=Role.DIRECTOR)
        _profile(organization)
        payers = _payers(organization, biller, today)
        payer_rules_demo.seed_payer_rules(organization, biller, since=dt.date(today.year - 1, 1, 1))
        _insure(rng, payers, biller, today)
        _document(rng, today)
        first = today - dt.timedelta(weeks=9)
        result = capture_charges(first=first, last=today, actor=biller)
        claims = _first_claims(rng, first=first, last=today - dt.timedelta(days=21), biller=biller)
    return BillingSummary(charges=result.created, held=result.held, claims=claims)


def _profile(organization: Organization) -> None:
    BillingProfile.objects.get_or_create(
        organization=organization,
        defaults={
            "legal_name": "Riverside Recovery IOP", "npi": npi_with_check_digit("123456789"), "tin": "990000001",
            "taxonomy_code": "261QR0405X", "address_line1": "410 Mill Street", "city": "Riverside", "state": "OH",
            "postal_code": "450010001", "submitter_id": "TRELLIS01", "receiver_id": "FAKECLEAR",
            "receiver_name": "Fictional Clearinghouse", "contact_name": "Billing Office", "contact_phone": "5555550100",
        },
    )  # fmt: skip


def _payers(organization: Organization, biller: Any, today: dt.date) -> list[tuple[Payer, float]]:
    payers = []
    for spec in PAYERS:
        payer = Payer.objects.create(
            organization=organization, name=spec.name, kind=spec.kind, payer_id=spec.payer_id,
            claim_type=spec.claim_type, per_diem_code=spec.per_diem, requires_authorization=spec.authorization,
            address_line1="PO Box 4000", city="Columbus", state="OH", postal_code="43215",
        )  # fmt: skip
        for code, description, rate, unit, revenue in FEES:
            services.add_fee(
                payer=payer, code=code, description=description, rate=rate, unit_type=unit, revenue_code=revenue,
                starts_on=dt.date(today.year - 1, 1, 1), ends_on=dt.date(today.year - 1, 12, 31), added_by=biller,
            )  # fmt: skip
            services.add_fee(
                payer=payer, code=code, description=description, rate=(rate * Decimal("1.03")).quantize(Decimal("0.01")),
                unit_type=unit, revenue_code=revenue, starts_on=dt.date(today.year, 1, 1), added_by=biller,
            )  # fmt: skip
        payers.append((payer, next(s.share for s in PAYERS if s.name == spec.name)))
    return payers


def _insure(rng: random.Random, payers: list[tuple[Payer, float]], biller: Any, today: dt.date) -> None:
    """Most admitted clients get coverage, a diagnosis and authorizations; a few gaps make the queue real."""
    episodes = Episode.objects.select_related("client", "program").order_by(
        # Chart numbers are random; names keep the seeded draws in the same order on every run.
        "admitted_on",
        "client__legal_last_name",
        "client__legal_first_name",
        "client__date_of_birth",
    )
    for number, episode in enumerate(episodes):
        client = episode.client
        if number % 29 != 3:  # one client in 29 has no diagnosis on the billing record yet
            fitting = payer_rules_demo.diagnoses_for_program(episode.program.kind, rng.choice(DIAGNOSES))
            for code, description in fitting:
                services.add_diagnosis(client=client, code=code, description=description, recorded_by=biller)
        if number % 37 == 7:
            continue  # uninsured so far: the biller is still verifying benefits
        payer = rng.choices([p for p, _ in payers], weights=[w for _, w in payers])[0]
        coverage = services.add_coverage(
            client=client, payer=payer, member_id=f"{payer.kind[:2].upper()}{rng.randrange(10**8):08d}",
            starts_on=episode.admitted_on - dt.timedelta(days=rng.randint(30, 400)), added_by=biller,
            sex=rng.choice("FM"), deductible=Decimal(rng.choice([0, 500, 1500, 3000])),
            out_of_pocket_max=Decimal(rng.choice([0, 4000, 6500])), coinsurance_percent=rng.choice([0, 10, 20]),
            copay_per_day=Decimal(rng.choice([0, 0, 15, 30])),
        )  # fmt: skip
        if payer.requires_authorization:
            _authorize(rng, coverage, episode, biller, today)
        if payer.kind == PayerKind.MEDICARE:
            _certify(client, episode)


def _authorize(rng: random.Random, coverage: Any, episode: Episode, biller: Any, today: dt.date) -> None:
    """Thirty-day authorizations from admission, renewed at concurrent review up to a week ahead; a few run
    short of days, and one in ten was not renewed."""
    starts = episode.admitted_on
    for renewal in range(3):
        if starts > today + dt.timedelta(days=7):
            return
        units = rng.choice([12, 20, 22, 22, 24, 24])
        services.add_authorization(
            coverage=coverage, number=f"A{rng.randrange(10**7):07d}", starts_on=starts,
            ends_on=starts + dt.timedelta(days=29), units_authorized=units, added_by=biller,
            frequency="3-5 days a week",
        )  # fmt: skip
        if rng.random() < 1 / 10 and renewal == 0:
            return
        starts += dt.timedelta(days=30)


def _certify(client: Any, episode: Episode) -> None:
    prescriber = User.objects.filter(role=Role.PRESCRIBER).exclude(npi="").first()
    if prescriber is None:
        return
    hours = 9
    signed = dt.datetime.combine(episode.admitted_on, dt.time(15), tzinfo=dt.UTC)
    MedicareCertification.objects.create(
        client=client, kind="initial", certified_hours_per_week=hours, signed_on=episode.admitted_on,
        signed_at=signed, signed_by=prescriber, signer_npi=prescriber.npi,
        attestation=services.CERTIFICATION_STATEMENT.format(hours=hours),
    )  # fmt: skip


def _document(rng: random.Random, today: dt.date) -> None:
    """A group note for every past session with clients present: signed after the session, except some of the
    last days' notes and a few stragglers; and signed individual sessions for about a third of the clients."""
    records = list(
        AttendanceRecord.objects.filter(status__in=PRESENT_STATUSES, session__date__lt=today)
        .select_related("session")
        # Tie-breakers keep the seeded random draws in the same order on every run.
        .order_by(
            "session__starts_at",
            "session__group__name",
            "session__group__track__name",
            "client__legal_last_name",
            "client__legal_first_name",
        )
    )
    notes: dict[Any, GroupNote] = {}
    for record in records:
        session = record.session
        if session.pk in notes:
            continue
        recent = (today - session.date).days <= UNSIGNED_RECENT_DAYS
        unsigned = (recent and rng.random() < 0.5) or rng.random() < 0.02
        signed_at = None if unsigned else session.ends_at + dt.timedelta(hours=rng.randint(1, 20))
        notes[session.pk] = GroupNote(
            session=session, author_id=session.facilitator_id, topic="Group session", signed_at=signed_at,
            content="Psychoeducation and skills practice, then a process group.",
        )  # fmt: skip
    GroupNote.objects.bulk_create(notes.values(), batch_size=500)
    ParticipantEntry.objects.bulk_create(
        [
            ParticipantEntry(
                note=notes[r.session_id],
                client_id=r.client_id,
                attendance=r,
                participation="active",
                response="Took part and named a coping skill to practise.",
                objective_addressed="Coping skills",
                risk_level="none",
                signed_at=notes[r.session_id].signed_at,
            )
            for r in records
        ],
        batch_size=500,
    )
    _individual_sessions(rng, today)


def _individual_sessions(rng: random.Random, today: dt.date) -> None:
    notes = []
    for episode in Episode.objects.select_related("client", "primary_clinician").order_by(
        "admitted_on", "client__legal_last_name", "client__legal_first_name", "client__date_of_birth"
    ):
        if rng.random() > 0.35 or episode.primary_clinician_id is None:
            continue
        day = episode.admitted_on + dt.timedelta(days=rng.randint(1, 6))
        last = min(today - dt.timedelta(days=1), episode.discharged_on or today)
        while day <= last:
            if day.weekday() < 5:
                notes.append(
                    IndividualNote(
                        client=episode.client,
                        episode=episode,
                        author_id=episode.primary_clinician_id,
                        service_date=day,
                        duration_minutes=rng.choice([30, 45, 50, 55]),
                        format="dap",
                        sections={
                            "data": "Reviewed the week.",
                            "assessment": "Engaged.",
                            "plan": "Continue.",
                        },
                        signed_at=dt.datetime.combine(day, dt.time(22), tzinfo=dt.UTC),
                    )
                )
            day += dt.timedelta(days=14)
    IndividualNote.objects.bulk_create(notes, batch_size=500)


def _first_claims(rng: random.Random, *, first: dt.date, last: dt.date, biller: Any) -> int:
    """The earlier weeks go out as claims; most are paid, a few denied, the latest still awaiting a decision."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            exported = export_claims(first=first, last=last, out_dir=Path(folder), actor=biller)
        except (NothingToExport, ClaimsNotReady):
            return 0
    claims = list(
        Claim.objects.filter(status=ClaimStatus.SUBMITTED).order_by("statement_from", "control_number")
    )
    for claim in claims[: len(claims) * 3 // 4]:
        if rng.random() < 0.12:
            reason = rng.choice(["197", "16", "50", "198"])
            services.record_claim_decision(claim=claim, decided_by=biller, denial_reason=reason)
        else:
            services.record_claim_decision(
                claim=claim, decided_by=biller, paid_amount=claim.total * Decimal("0.8")
            )
    return sum(f.claims for f in exported.files)
