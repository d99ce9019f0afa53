"""Turn one client's attended sessions and notes into charge lines under their payer's rules, with holds.

The loading and writing live in capture.py; this module only decides, from rows already read, which codes a
day earns, how many units, for how much, against which authorization, and why a line would be denied.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from trellis.billing.choices import PayerKind, PerDiemCode, UnitType
from trellis.billing.models import Authorization, Coverage, FeeScheduleEntry, Payer
from trellis.billing.rules import medicare_iop
from trellis.billing.rules.authorizations import AuthorizationWindow
from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.holds import AuthorizationState, ChargeCandidate, hold_reasons
from trellis.billing.rules.per_diem import THERAPY_REVENUE_CODES, ProgramFocus, iop_revenue_code
from trellis.billing.rules.psychotherapy_time import GROUP_PSYCHOTHERAPY, psychotherapy_code
from trellis.billing.rules.units import Rounding, time_units
from trellis.programs.choices import ProgramKind

MEDICARE_SETTINGS = medicare_iop.MedicareIopSettings(effective=EffectivePeriod(dt.date(2024, 1, 1)))


@dataclass(frozen=True)
class Visit:
    """One attended group session (from attendance) and its note entry, if any."""

    attendance_id: Any
    client_id: Any
    program_id: Any
    program_kind: str
    day: dt.date
    minutes: int
    entry_id: Any | None
    entry_signed: bool


@dataclass(frozen=True)
class Session:
    """One individual session, from its note."""

    note_id: Any
    client_id: Any
    program_id: Any
    day: dt.date
    minutes: int
    signed: bool


@dataclass
class Line:
    """A charge as it should stand now; capture.py writes it over the row with the same source key."""

    source_key: str
    client_id: Any
    program_id: Any
    service_date: dt.date
    code: str
    minutes: int
    note_signed: bool
    attendance_id: Any = None
    participant_entry_id: Any = None
    individual_note_id: Any = None
    coverage: Coverage | None = None
    units: int = 1
    modifier: str = ""
    revenue_code: str = ""
    amount: Decimal = Decimal(0)
    authorization_id: Any = None
    qualifying_services: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def payer(self) -> Payer | None:
        return self.coverage.payer if self.coverage else None


@dataclass
class ClientFacts:
    """What the rules need to know about one client beyond the services themselves."""

    coverages: list[Coverage]  # ordered primary first
    diagnosis_codes: tuple[str, ...]
    certifications: list[medicare_iop.Certification]

    def coverage_on(self, day: dt.date) -> Coverage | None:
        return next((c for c in self.coverages if c.covers(day)), None)


def _focus(program_kind: str) -> ProgramFocus:
    return (
        ProgramFocus.MENTAL_HEALTH
        if program_kind == ProgramKind.MENTAL_HEALTH
        else ProgramFocus.SUBSTANCE_USE
    )


def group_lines(visits: list[Visit], facts: ClientFacts) -> list[Line]:
    """Per-diem payers: one line a day over all its sessions; Medicare: G0410 units per session; the others:
    one line per session."""
    by_day: dict[dt.date, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_day[visit.day].append(visit)
    lines = []
    for day, day_visits in sorted(by_day.items()):
        coverage = facts.coverage_on(day)
        per_diem = coverage.payer.per_diem_code if coverage else ""
        if per_diem in (PerDiemCode.H0015, PerDiemCode.S9480):
            lines.append(_per_diem_line(day_visits, coverage, per_diem))
        elif per_diem == PerDiemCode.MEDICARE_IOP:
            lines.extend(_medicare_group_lines(day_visits, coverage))
        else:
            lines.extend(_session_line(visit, coverage) for visit in day_visits)
    return lines


def _per_diem_line(visits: list[Visit], coverage: Coverage | None, code: str) -> Line:
    main = max(visits, key=lambda v: (v.minutes, str(v.attendance_id)))
    line = Line(
        source_key=f"day:{main.client_id}:{main.day.isoformat()}",
        client_id=main.client_id,
        program_id=main.program_id,
        service_date=main.day,
        code=code,
        minutes=sum(v.minutes for v in visits),
        note_signed=all(v.entry_signed for v in visits),
        attendance_id=main.attendance_id,
        participant_entry_id=main.entry_id,
        coverage=coverage,
    )
    line.revenue_code = iop_revenue_code(_focus(main.program_kind)).value
    return line


def _session_line(visit: Visit, coverage: Coverage | None) -> Line:
    return Line(
        source_key=f"session:{visit.attendance_id}",
        client_id=visit.client_id,
        program_id=visit.program_id,
        service_date=visit.day,
        code=GROUP_PSYCHOTHERAPY,
        minutes=visit.minutes,
        note_signed=visit.entry_signed,
        attendance_id=visit.attendance_id,
        participant_entry_id=visit.entry_id,
        coverage=coverage,
        revenue_code=THERAPY_REVENUE_CODES[GROUP_PSYCHOTHERAPY].value,
    )


def _medicare_group_lines(visits: list[Visit], coverage: Coverage | None) -> list[Line]:
    """Medicare pays its IOP per diem by services a day, and counts each 45-minute unit of group therapy as
    one; time short of a whole unit earns no line, as psychotherapy under 16 minutes earns none."""
    lines = []
    for visit in visits:
        units = medicare_iop.group_units(visit.minutes, MEDICARE_SETTINGS)
        if units == 0:
            continue
        line = _session_line(visit, coverage)
        line.code = medicare_iop.GROUP_PSYCHOTHERAPY
        line.units = units
        lines.append(line)
    return lines


def individual_lines(sessions: list[Session], facts: ClientFacts) -> list[Line]:
    """Psychotherapy by time (90832/90834/90837); under 16 minutes earns no charge (REFERENCE.md s4)."""
    lines = []
    for session in sessions:
        code = psychotherapy_code(session.minutes)
        if code is None:
            continue
        lines.append(
            Line(
                source_key=f"note:{session.note_id}",
                client_id=session.client_id,
                program_id=session.program_id,
                service_date=session.day,
                code=code,
                minutes=session.minutes,
                note_signed=session.signed,
                individual_note_id=session.note_id,
                coverage=facts.coverage_on(session.day),
                revenue_code=THERAPY_REVENUE_CODES[code].value,
            )
        )
    return lines


def price(line: Line, fees: dict[tuple[Any, str], list[FeeScheduleEntry]]) -> None:
    """Units and amount from the payer's fee in effect on the service date; no fee is a hold."""
    payer = line.payer
    if payer is None:
        return
    fee = next(
        (
            f
            for f in fees.get((payer.pk, line.code), [])
            if f.starts_on <= line.service_date and (f.ends_on is None or line.service_date <= f.ends_on)
        ),
        None,
    )
    if fee is None:
        line.reasons.append("no_fee")
        return
    if fee.unit_type == UnitType.PER_15_MIN:
        # CMS 8-minute rule (Medicare Claims Processing Manual ch. 5 s20.2); payers may differ.
        line.units = max(1, time_units(line.minutes, minutes_per_unit=15, rounding=Rounding.CMS_EIGHT_MINUTE))
    line.modifier = fee.modifier
    line.revenue_code = fee.revenue_code or line.revenue_code
    line.amount = fee.rate * line.units


def medicare_holds(lines: list[Line], facts: ClientFacts) -> None:
    """Medicare IOP: count qualifying services a day (3, or 4+) and require a certification in effect."""
    medicare = [line for line in lines if line.payer and line.payer.kind == PayerKind.MEDICARE]
    services = [medicare_iop.DeliveredService(line.service_date, line.code, line.units) for line in medicare]
    counts = medicare_iop.qualifying_services_by_day(services, MEDICARE_SETTINGS)
    for line in medicare:
        line.qualifying_services = counts.get(line.service_date, 0)
        if (
            medicare_iop.day_tier(line.qualifying_services, MEDICARE_SETTINGS)
            is medicare_iop.IopTier.NOT_PAYABLE
        ):
            line.reasons.append("below_iop_services")
        if not medicare_iop.certified_on(facts.certifications, line.service_date, MEDICARE_SETTINGS):
            line.reasons.append("no_certification")


class AuthorizationBook:
    """Units left on each authorization, spent in service-date order as lines are evaluated."""

    def __init__(self, authorizations: list[Authorization], used_elsewhere: dict[Any, int]) -> None:
        self.by_coverage: dict[Any, list[Authorization]] = defaultdict(list)
        for authorization in authorizations:
            self.by_coverage[authorization.coverage_id].append(authorization)
        self.remaining = {a.pk: a.units_authorized - used_elsewhere.get(a.pk, 0) for a in authorizations}

    def state_for(self, line: Line) -> tuple[Authorization | None, AuthorizationState | None]:
        candidates = [
            a
            for a in self.by_coverage.get(line.coverage.pk if line.coverage else None, [])
            if a.covers_code(line.code)
        ]
        if not candidates:
            return None, None
        day = line.service_date
        chosen = next((a for a in candidates if a.starts_on <= day <= a.ends_on), None)
        if chosen is None:  # the nearest window says whether the date is before or after it
            chosen = min(
                candidates, key=lambda a: min(abs((a.starts_on - day).days), abs((a.ends_on - day).days))
            )
        window = AuthorizationWindow(chosen.starts_on, chosen.ends_on, chosen.units_authorized)
        return chosen, AuthorizationState(window=window, units_remaining=max(0, self.remaining[chosen.pk]))


def evaluate(lines: list[Line], facts: ClientFacts, book: AuthorizationBook) -> None:
    """Every line's hold reasons; lines that fit their authorization spend its units."""
    for line in sorted(lines, key=lambda item: (item.service_date, item.source_key)):
        payer = line.payer
        first = ["no_coverage"] if payer is None else []
        authorization, state = book.state_for(line) if payer else (None, None)
        per_diem = payer is not None and line.code == payer.per_diem_code
        candidate = ChargeCandidate(
            service_date=line.service_date,
            code=line.code,
            units=line.units,
            note_signed=line.note_signed,
            diagnosis_codes=facts.diagnosis_codes,
            authorization_required=bool(payer and payer.requires_authorization),
            authorization=state,
            per_diem_minimum_minutes=payer.per_diem_minimum_minutes if per_diem and payer else None,
            minutes_that_day=line.minutes,
        )
        reasons = [str(reason) for reason in hold_reasons(candidate)]
        line.reasons = first + reasons + line.reasons
        auth_reasons = {
            "no_authorization",
            "before_authorization",
            "authorization_expired",
            "authorization_used_up",
        }
        if authorization is not None and not auth_reasons & set(reasons):
            line.authorization_id = authorization.pk
            book.remaining[authorization.pk] -= line.units
