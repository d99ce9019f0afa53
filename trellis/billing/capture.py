"""Charge capture: charges come from attendance and notes only, are held when they would be denied, and are
re-evaluated (released, re-held or voided) whenever capture runs again over the same days.

A run reads everything it needs in a fixed number of queries for any number of clients and days, decides in
capture_lines.py, and writes with bulk inserts and updates. Charges already on a claim are never touched.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.billing import scope
from trellis.billing.authorization_units import units_used_by_authorization
from trellis.billing.capture_lines import (
    AuthorizationBook,
    ClientFacts,
    Line,
    RuleBook,
    Session,
    Visit,
    bundling_holds,
    evaluate,
    group_lines,
    individual_lines,
    medicare_holds,
    price,
)
from trellis.billing.capture_support import load_contacts, support_lines
from trellis.billing.choices import ATTENDANCE_CORRECTED, ChargeStatus
from trellis.billing.consent_holds import ConsentHolds
from trellis.billing.models import (
    Authorization,
    Charge,
    Coverage,
    Diagnosis,
    FeeScheduleEntry,
    MedicareCertification,
    PayerRuleSet,
)
from trellis.billing.rules import medicare_iop
from trellis.billing.rules.per_diem import week_of
from trellis.clients.models import Client
from trellis.core import clock
from trellis.notes.models import IndividualNote, ParticipantEntry
from trellis.privacy import audit
from trellis.programs.models import Organization

OPEN = (ChargeStatus.HELD, ChargeStatus.RELEASED, ChargeStatus.VOID)


@dataclass(frozen=True)
class CaptureResult:
    created: int
    updated: int
    held: int
    released: int
    voided: int


def _visits(first: dt.date, last: dt.date, organization_id: Any, client_ids: list[Any] | None) -> list[Visit]:
    records = AttendanceRecord.objects.filter(
        status__in=PRESENT_STATUSES, minutes_attended__gt=0, session__date__gte=first, session__date__lte=last,
        client__organization_id=organization_id,
    )  # fmt: skip
    entries = ParticipantEntry.objects.filter(
        attendance__session__date__gte=first, attendance__session__date__lte=last,
        client__organization_id=organization_id,
    )  # fmt: skip
    if client_ids is not None:
        records = records.filter(client_id__in=client_ids)
        entries = entries.filter(client_id__in=client_ids)
    signed = {
        row[0]: (row[1], row[2] is not None)
        for row in entries.values_list("attendance_id", "id", "signed_at")
    }
    rows = records.values_list(
        "id", "client_id", "session__track__program_id", "session__track__program__kind", "session__date",
        "minutes_attended", "session__break_minutes", "session__group__family_group",
    )  # fmt: skip
    return [
        Visit(
            attendance_id=pk,
            client_id=client_id,
            program_id=program_id,
            program_kind=kind,
            day=day,
            minutes=minutes,
            entry_id=signed.get(pk, (None, False))[0],
            entry_signed=signed.get(pk, (None, False))[1],
            break_minutes=break_minutes,
            family_group=family_group,
        )
        for pk, client_id, program_id, kind, day, minutes, break_minutes, family_group in rows
    ]


def _sessions(
    first: dt.date, last: dt.date, organization_id: Any, client_ids: list[Any] | None
) -> list[Session]:
    notes = IndividualNote.objects.filter(
        service_date__gte=first, service_date__lte=last, client__organization_id=organization_id
    )
    if client_ids is not None:
        notes = notes.filter(client_id__in=client_ids)
    rows = notes.values_list(
        "id",
        "client_id",
        "episode__program_id",
        "service_date",
        "duration_minutes",
        "signed_at",
        "service",
        "em_code",
        "author__npi",
    )
    return [
        Session(
            note_id=pk,
            client_id=client,
            program_id=program,
            day=day,
            minutes=minutes,
            signed=signed is not None,
            service=service,
            em_code=em_code,
            author_npi=npi or "",
        )
        for pk, client, program, day, minutes, signed, service, em_code, npi in rows
    ]


def _facts(
    client_ids: set[Any], first: dt.date, last: dt.date, organization_id: Any
) -> dict[Any, ClientFacts]:
    facts = {pk: ClientFacts(coverages=[], diagnosis_codes=(), certifications=[]) for pk in client_ids}
    coverages = (
        # a coverage naming another organization's payer (bad data) counts as no coverage: held, never billed
        Coverage.objects.filter(
            client_id__in=client_ids, starts_on__lte=last, payer__organization_id=organization_id
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("payer")
        .order_by("order", "-starts_on")
    )
    for coverage in coverages:
        facts[coverage.client_id].coverages.append(coverage)
    codes: dict[Any, list[str]] = defaultdict(list)
    for client_id, code in Diagnosis.objects.filter(client_id__in=client_ids).values_list(
        "client_id", "code"
    ):
        codes[client_id].append(code)
    for client_id, listed in codes.items():
        facts[client_id].diagnosis_codes = tuple(listed)
    certifications = MedicareCertification.objects.filter(client_id__in=client_ids, signed_on__lte=last)
    for client_id, signed_on, hours in certifications.values_list(
        "client_id", "signed_on", "certified_hours_per_week"
    ):
        facts[client_id].certifications.append(medicare_iop.Certification(signed_on, hours))
    return facts


def _fees(facts: dict[Any, ClientFacts]) -> dict[tuple[Any, str], list[FeeScheduleEntry]]:
    payer_ids = {c.payer_id for f in facts.values() for c in f.coverages}
    fees: dict[tuple[Any, str], list[FeeScheduleEntry]] = defaultdict(list)
    for fee in FeeScheduleEntry.objects.filter(payer_id__in=payer_ids):
        fees[(fee.payer_id, fee.code)].append(fee)
    return fees


def _rules(facts: dict[Any, ClientFacts]) -> RuleBook:
    payer_ids = {c.payer_id for f in facts.values() for c in f.coverages}
    return RuleBook(PayerRuleSet.objects.filter(payer_id__in=payer_ids))


def _book(facts: dict[Any, ClientFacts], first: dt.date, last: dt.date) -> AuthorizationBook:
    """Authorizations of the coverages in play, less the units spent by charges this run does not re-decide."""
    coverage_ids = [c.pk for f in facts.values() for c in f.coverages]
    authorizations = list(Authorization.objects.filter(coverage_id__in=coverage_ids))
    redecided = Q(client_id__in=list(facts), service_date__gte=first, service_date__lte=last, status__in=OPEN)
    used = units_used_by_authorization((a.pk for a in authorizations), excluding=redecided)
    return AuthorizationBook(authorizations, used)


def _billed_keys(
    first: dt.date, last: dt.date, organization_id: Any, client_ids: list[Any] | None
) -> set[str]:
    """Source keys of the period's charges already on a claim: what was sent stays as sent."""
    billed = Charge.objects.filter(
        claim__isnull=False, service_date__gte=first, service_date__lte=last,
        client__organization_id=organization_id,
    )  # fmt: skip
    if client_ids is not None:
        billed = billed.filter(client_id__in=client_ids)
    return set(billed.values_list("source_key", flat=True))


def _own_clients(organization_id: Any, client_ids: list[Any] | None) -> list[Any] | None:
    """The given clients that belong to the organization; None (every client of it) when none were given."""
    if client_ids is None:
        return None
    return list(
        Client.objects.filter(pk__in=client_ids, organization_id=organization_id).values_list("pk", flat=True)
    )


def build_lines(
    *, first: dt.date, last: dt.date, organization_id: Any, client_ids: list[Any] | None = None
) -> list[Line]:
    """Every charge line the period's attendance and notes earn for one organization's clients, priced and
    with its hold reasons, the disclosure gate's among them."""
    # Whole Monday-Sunday weeks: a payer's days-a-week minimum counts days either side of the period.
    week_last = week_of(last) + dt.timedelta(days=6)
    visits = _visits(week_of(first), week_last, organization_id, client_ids)
    sessions = _sessions(first, last, organization_id, client_ids)
    contacts = load_contacts(first=first, last=last, organization_id=organization_id, client_ids=client_ids)
    in_period = {v.client_id for v in visits if first <= v.day <= last}
    clients = in_period | {s.client_id for s in sessions} | set(client_ids or []) | set(contacts)
    facts = _facts(clients, first, last, organization_id)
    fees = _fees(facts)
    rules = _rules(facts)
    book = _book(facts, first, last)
    billed = _billed_keys(first, last, organization_id, client_ids)
    visits_by_client: dict[Any, list[Visit]] = defaultdict(list)
    for visit in visits:
        visits_by_client[visit.client_id].append(visit)
    sessions_by_client: dict[Any, list[Session]] = defaultdict(list)
    for session in sessions:
        sessions_by_client[session.client_id].append(session)
    consent = ConsentHolds(clients)
    lines: list[Line] = []
    for client_id in sorted(clients, key=str):
        client_facts = facts[client_id]
        client_lines = group_lines(visits_by_client[client_id], client_facts, rules, first=first, last=last)
        client_lines += individual_lines(sessions_by_client[client_id], client_facts)
        for line in client_lines:
            price(line, fees)
        medicare_holds(client_lines, client_facts, rules)
        bundling_holds(client_lines, rules)
        client_lines += support_lines(contacts.get(client_id, []), client_facts, rules, fees)
        # a billed charge's units are already in the book; deciding its line again would spend them twice
        client_lines = [line for line in client_lines if line.source_key not in billed]
        evaluate(client_lines, client_facts, book)
        for line in client_lines:
            if reason := consent.reason_for(client_id=client_id, payer=line.payer):
                line.reasons.append(reason)
        lines.extend(client_lines)
    return lines


def _snapshot(charge: Charge) -> list[Any]:
    return [getattr(charge, ATTNAMES[name]) for name in FIELDS if name != "updated_at"]


def _apply(charge: Charge, line: Line, now: dt.datetime) -> None:
    if ATTENDANCE_CORRECTED in charge.hold_reasons and ATTENDANCE_CORRECTED not in line.reasons:
        line.reasons.append(ATTENDANCE_CORRECTED)  # stays until a biller releases the charge by hand
    overridden = set(charge.overridden_reasons)
    released = not line.reasons or (overridden and set(line.reasons) <= overridden)
    if released and charge.status != ChargeStatus.RELEASED:
        charge.released_at = now
    charge.status = ChargeStatus.RELEASED if released else ChargeStatus.HELD
    charge.hold_reasons = line.reasons
    charge.client_id = line.client_id
    charge.program_id = line.program_id
    charge.coverage = line.coverage
    charge.payer = line.payer
    charge.authorization_id = line.authorization_id
    charge.attendance_id = line.attendance_id
    charge.participant_entry_id = line.participant_entry_id
    charge.individual_note_id = line.individual_note_id
    charge.support_contact_id = line.support_contact_id
    charge.service_date = line.service_date
    for name in ("code", "modifier", "revenue_code", "units", "minutes", "qualifying_services", "amount"):
        setattr(charge, name, getattr(line, name))


FIELDS = [
    "status", "hold_reasons", "released_at", "client", "program", "coverage", "payer", "authorization",
    "attendance", "participant_entry", "individual_note", "support_contact", "service_date", "code", "modifier",
    "revenue_code", "units", "minutes", "qualifying_services", "amount", "updated_at",
]  # fmt: skip


ATTNAMES = {field.name: field.attname for field in Charge._meta.concrete_fields}


@transaction.atomic
def capture_charges(
    *,
    first: dt.date,
    last: dt.date,
    organization: Organization | None = None,
    actor: Any = None,
    client_ids: list[Any] | None = None,
) -> CaptureResult:
    """Capture (or re-decide) one organization's charges for service dates first..last, for some of its
    clients or for all; the organization is the one given, else the acting user's."""
    organization_id = scope.organization_id_for(organization=organization, actor=actor)
    client_ids = _own_clients(organization_id, client_ids)
    lines = build_lines(first=first, last=last, organization_id=organization_id, client_ids=client_ids)
    existing_rows = Charge.objects.select_for_update().filter(
        service_date__gte=first, service_date__lte=last, client__organization_id=organization_id
    )
    if client_ids is not None:
        existing_rows = existing_rows.filter(client_id__in=client_ids)
    existing = {charge.source_key: charge for charge in existing_rows}
    now = clock.now()
    created, changed, decided = [], [], []
    for line in lines:
        charge = existing.pop(line.source_key, None)
        if charge is not None and charge.claim_id is not None:
            continue  # billed: what was sent stays as sent
        if charge is None:
            charge = Charge(source_key=line.source_key)
            created.append(charge)
            _apply(charge, line, now)
        else:
            before = _snapshot(charge)
            _apply(charge, line, now)
            if _snapshot(charge) != before:
                changed.append(charge)
        decided.append(charge)
    voided = [c for c in existing.values() if c.claim_id is None and c.status != ChargeStatus.VOID]
    for charge in voided:
        charge.status, charge.hold_reasons, charge.authorization_id = ChargeStatus.VOID, [], None
    for charge in changed + voided:
        charge.updated_at = now
    Charge.objects.bulk_create(created, batch_size=500)
    Charge.objects.bulk_update(changed + voided, FIELDS, batch_size=500)  # only rows whose decision changed
    _audit(actor, created + changed + voided, first, last)
    return CaptureResult(
        created=len(created),
        updated=len(changed),
        held=sum(1 for c in decided if c.status == ChargeStatus.HELD),
        released=sum(1 for c in decided if c.status == ChargeStatus.RELEASED),
        voided=len(voided),
    )


def _audit(actor: Any, charges: list[Charge], first: dt.date, last: dt.date) -> None:
    counts: dict[Any, int] = defaultdict(int)
    for charge in charges:
        counts[charge.client_id] += 1
    period = f"{first.isoformat()}..{last.isoformat()}"
    audit.record_changes(
        actor=actor,
        system_job="charge capture",
        action=audit.Action.UPDATE,
        changes=[
            (client_id, None, f"{count} charges captured for {period}") for client_id, count in counts.items()
        ],
    )


def recheck_held_charges(
    *, organization: Organization | None = None, actor: Any = None, charge_ids: list[Any] | None = None
) -> CaptureResult:
    """Re-decide one organization's held charges (all of them, or the ones given) over their clients and days:
    a note signed or an authorization added since releases them."""
    organization_id = scope.organization_id_for(organization=organization, actor=actor)
    held = Charge.objects.filter(status=ChargeStatus.HELD, client__organization_id=organization_id)
    if charge_ids is not None:
        held = held.filter(pk__in=charge_ids)
    rows = list(held.values_list("client_id", "service_date"))
    if not rows:
        return CaptureResult(created=0, updated=0, held=0, released=0, voided=0)
    days = [day for _, day in rows]
    return capture_charges(
        first=min(days), last=max(days), organization=organization, actor=actor,
        client_ids=sorted({c for c, _ in rows}, key=str),
    )  # fmt: skip
