"""Turn one client's attended sessions and notes into charge lines under their payer's rules, with holds.

The loading and writing live in capture.py; this module only decides, from rows already read, which codes a
day earns, how many units, for how much, against which authorization, and why a line would be denied.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from trellis.billing.choices import PayerKind, PerDiemCode, UnitType
from trellis.billing.models import Authorization, Coverage, FeeScheduleEntry, Payer, PayerRuleSet
from trellis.billing.rules import medicare_iop
from trellis.billing.rules.authorizations import AuthorizationWindow
from trellis.billing.rules.effective import EffectivePeriod, NoSettingInEffect, in_effect
from trellis.billing.rules.holds import AuthorizationState, ChargeCandidate, HoldReason, hold_reasons
from trellis.billing.rules.payers import PayerRules
from trellis.billing.rules.per_diem import (
    THERAPY_REVENUE_CODES,
    ProgramFocus,
    RevenueCode,
    choose_per_diem,
    diagnosis_facts,
    meets_days_per_week,
    week_of,
)
from trellis.billing.rules.psychiatric_codes import (
    MULTIPLE_FAMILY_GROUP,
    PsychiatricService,
    psychiatric_code,
)
from trellis.billing.rules.psychotherapy_time import GROUP_PSYCHOTHERAPY, family_code, psychotherapy_code
from trellis.billing.rules.units import Rounding, time_units
from trellis.programs.choices import ProgramKind

# The notes app's family services (with the client present first), by value: billing reads notes as rows.
FAMILY_SERVICES = ("family_with_client", "family_without_client")
# Set at capture: a psychiatric service whose prescriber has no NPI on record cannot go on a claim.
NO_RENDERING_NPI = "no_rendering_npi"
PSYCHIATRIC_SERVICES = frozenset(service.value for service in PsychiatricService)


class RuleBook:
    """Every payer's dated rule versions in play; a payer with none on a date follows REFERENCE.md's defaults."""

    def __init__(self, rule_sets: Iterable[PayerRuleSet]) -> None:
        self.by_payer: dict[Any, list[PayerRules]] = defaultdict(list)
        for rule_set in rule_sets:
            self.by_payer[rule_set.payer_id].append(rule_set.to_rules())

    def on(self, payer: Payer | None, day: dt.date) -> PayerRules:
        try:
            return in_effect(self.by_payer.get(payer.pk if payer else None, []), on=day)
        except NoSettingInEffect:
            return PayerRules(effective=EffectivePeriod(day, day))


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
    break_minutes: int = 0
    family_group: bool = False  # a multi-family group: 90849 per client present instead of 90853


@dataclass(frozen=True)
class Session:
    """One individual session, from its note."""

    note_id: Any
    client_id: Any
    program_id: Any
    day: dt.date
    minutes: int
    signed: bool
    service: str = "individual"
    em_code: str = ""
    author_npi: str = ""


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
    support_contact_id: Any = None
    coverage: Coverage | None = None
    units: int = 1
    modifier: str = ""
    revenue_code: str = ""
    amount: Decimal = Decimal(0)
    authorization_id: Any = None
    qualifying_services: int = 0
    per_diem_minimum_minutes: int | None = None  # set on per-diem days: the payer's hours a day
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
    if program_kind == ProgramKind.MENTAL_HEALTH:
        return ProgramFocus.MENTAL_HEALTH
    if program_kind == ProgramKind.CO_OCCURRING:
        return ProgramFocus.CO_OCCURRING
    return ProgramFocus.SUBSTANCE_USE


def _therapy_minutes(visits: Iterable[Visit], rules: PayerRules) -> int:
    return sum(rules.therapy_minutes(attended=v.minutes, break_minutes=v.break_minutes) for v in visits)


def group_lines(
    visits: list[Visit], facts: ClientFacts, rules: RuleBook, *, first: dt.date, last: dt.date
) -> list[Line]:
    """Per-diem payers: one line a day over all its sessions; Medicare: G0410 units per session; the others:
    one line per session. `visits` may run past first..last to the whole weeks around it (the weekly minimum
    counts those days); lines are only made for first..last."""
    by_day: dict[dt.date, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_day[visit.day].append(visit)
    lines = []
    for day, day_visits in sorted(by_day.items()):
        if not first <= day <= last:
            continue
        coverage = facts.coverage_on(day)
        payer_rules = rules.on(coverage.payer if coverage else None, day)
        per_diem = coverage.payer.per_diem_code if coverage else ""
        if per_diem in (PerDiemCode.H0015, PerDiemCode.S9480):
            lines.append(_per_diem_line(day_visits, coverage, facts, payer_rules, by_day))
        elif per_diem == PerDiemCode.MEDICARE_IOP:
            lines.extend(_medicare_group_lines(day_visits, coverage, payer_rules))
        else:
            lines.extend(_session_line(visit, coverage, payer_rules) for visit in day_visits)
    return lines


def _per_diem_line(
    visits: list[Visit],
    coverage: Coverage | None,
    facts: ClientFacts,
    rules: PayerRules,
    by_day: dict[dt.date, list[Visit]],
) -> Line:
    """The day's per diem: its code from the program and the client's diagnoses under the payer's rules, held
    when the diagnoses do not back it or the week falls short of the payer's days."""
    main = max(visits, key=lambda v: (v.minutes, str(v.attendance_id)))
    choice = choose_per_diem(
        program=_focus(main.program_kind), diagnoses=diagnosis_facts(facts.diagnosis_codes), rules=rules
    )
    line = Line(
        source_key=f"day:{main.client_id}:{main.day.isoformat()}",
        client_id=main.client_id,
        program_id=main.program_id,
        service_date=main.day,
        code=choice.code,
        minutes=_therapy_minutes(visits, rules),
        note_signed=all(v.entry_signed for v in visits),
        attendance_id=main.attendance_id,
        participant_entry_id=main.entry_id,
        coverage=coverage,
        revenue_code=choice.revenue_code,
        per_diem_minimum_minutes=rules.per_diem_minimum_minutes,
    )
    if choice.problem is not None:
        line.reasons.append(choice.problem.value)
    monday = week_of(main.day)
    week = [by_day.get(monday + dt.timedelta(days=offset), []) for offset in range(7)]
    qualifying = sum(
        1
        for day_visits in week
        if day_visits and _therapy_minutes(day_visits, rules) >= rules.per_diem_minimum_minutes
    )
    if not meets_days_per_week(
        qualifying_days=qualifying, minimum_days=rules.days_per_week_for(choice.focus)
    ):
        line.reasons.append(HoldReason.BELOW_DAYS_PER_WEEK.value)
    return line


def _session_line(visit: Visit, coverage: Coverage | None, rules: PayerRules) -> Line:
    """One group session billed on its own; its minutes (and any time units) are therapy time. A multi-family
    group is billed 90849 for each client present (CPT: multiple-family group psychotherapy)."""
    code = MULTIPLE_FAMILY_GROUP if visit.family_group else GROUP_PSYCHOTHERAPY
    return Line(
        source_key=f"session:{visit.attendance_id}",
        client_id=visit.client_id,
        program_id=visit.program_id,
        service_date=visit.day,
        code=code,
        minutes=_therapy_minutes([visit], rules),
        note_signed=visit.entry_signed,
        attendance_id=visit.attendance_id,
        participant_entry_id=visit.entry_id,
        coverage=coverage,
        revenue_code=THERAPY_REVENUE_CODES.get(code, RevenueCode.FAMILY_THERAPY).value,
    )


def _medicare_group_lines(visits: list[Visit], coverage: Coverage | None, rules: PayerRules) -> list[Line]:
    """Medicare pays its IOP per diem by services a day, and counts each unit of group therapy time (45
    minutes by default, breaks excluded) as one; time short of a unit earns no line, as psychotherapy under
    16 minutes earns none."""
    settings = medicare_iop.settings_from(rules)
    lines = []
    for visit in visits:
        therapy = _therapy_minutes([visit], rules)
        units = medicare_iop.group_units(therapy, settings)
        if units == 0:
            continue
        line = _session_line(visit, coverage, rules)
        line.code = medicare_iop.GROUP_PSYCHOTHERAPY
        line.units = units
        lines.append(line)
    return lines


def session_code(session: Session) -> str | None:
    """Psychotherapy by time (90832/90834/90837; under 16 minutes earns none, REFERENCE.md s4), family therapy
    (90846/90847), psychiatric evaluations (90791/90792) and E/M visits (by level or time, 2021 AMA rules)."""
    if session.service in FAMILY_SERVICES:
        return family_code(client_present=session.service == FAMILY_SERVICES[0])
    if session.service in PSYCHIATRIC_SERVICES:
        return psychiatric_code(session.service, minutes=session.minutes, chosen_level=session.em_code)
    return psychotherapy_code(session.minutes)


def _prescriber_reasons(session: Session) -> list[str]:
    """A psychiatric service is billed under its prescriber's NPI: none on record holds the charge."""
    if session.service in PSYCHIATRIC_SERVICES and not session.author_npi.strip():
        return [NO_RENDERING_NPI]
    return []


def individual_lines(sessions: list[Session], facts: ClientFacts) -> list[Line]:
    """One line per note of an individual, family or psychiatric service that earns a code."""
    lines = []
    for session in sessions:
        code = session_code(session)
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
                revenue_code=THERAPY_REVENUE_CODES[code].value if code in THERAPY_REVENUE_CODES else "",
                reasons=_prescriber_reasons(session),
            )
        )
    return lines


def fee_on(line: Line, fees: dict[tuple[Any, str], list[FeeScheduleEntry]]) -> FeeScheduleEntry | None:
    """The payer's fee for the line's code in effect on its service date, if any."""
    payer = line.payer
    if payer is None:
        return None
    return next(
        (
            f
            for f in fees.get((payer.pk, line.code), [])
            if f.starts_on <= line.service_date and (f.ends_on is None or line.service_date <= f.ends_on)
        ),
        None,
    )


def price(line: Line, fees: dict[tuple[Any, str], list[FeeScheduleEntry]]) -> None:
    """Units and amount from the payer's fee in effect on the service date; no fee is a hold."""
    if line.payer is None:
        return
    fee = fee_on(line, fees)
    if fee is None:
        line.reasons.append("no_fee")
        return
    if fee.unit_type == UnitType.PER_15_MIN:
        # CMS 8-minute rule (Medicare Claims Processing Manual ch. 5 s20.2); payers may differ.
        line.units = max(1, time_units(line.minutes, minutes_per_unit=15, rounding=Rounding.CMS_EIGHT_MINUTE))
    line.modifier = fee.modifier
    line.revenue_code = fee.revenue_code or line.revenue_code
    line.amount = fee.rate * line.units


def medicare_holds(lines: list[Line], facts: ClientFacts, rules: RuleBook) -> None:
    """Medicare IOP: count the payer's qualifying services a day (3, or 4+ by default; CY2024 OPPS) and
    require a certification in effect."""
    medicare = [line for line in lines if line.payer and line.payer.kind == PayerKind.MEDICARE]
    by_day: dict[dt.date, list[Line]] = defaultdict(list)
    for line in medicare:
        by_day[line.service_date].append(line)
    for day, day_lines in by_day.items():
        settings = medicare_iop.settings_from(rules.on(day_lines[0].payer, day))
        services = [medicare_iop.DeliveredService(day, line.code, line.units) for line in day_lines]
        count = medicare_iop.qualifying_services_by_day(services, settings).get(day, 0)
        for line in day_lines:
            line.qualifying_services = count
            if medicare_iop.day_tier(count, settings) is medicare_iop.IopTier.NOT_PAYABLE:
                line.reasons.append("below_iop_services")
            if not medicare_iop.certified_on(facts.certifications, day, settings):
                line.reasons.append("no_certification")


def bundling_holds(lines: list[Line], rules: RuleBook) -> None:
    """Individual therapy on a per-diem day is held when the payer's rules fold it into the per diem."""
    per_diem_days = {
        (line.service_date, line.payer.pk)
        for line in lines
        if line.per_diem_minimum_minutes is not None and line.payer
    }
    for line in lines:
        payer = line.payer
        if line.individual_note_id is None or payer is None:
            continue
        if (line.service_date, payer.pk) in per_diem_days and rules.on(
            payer, line.service_date
        ).individual_therapy_bundled:
            line.reasons.append(HoldReason.BUNDLED_IN_PER_DIEM.value)


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
        candidate = ChargeCandidate(
            service_date=line.service_date,
            code=line.code,
            units=line.units,
            note_signed=line.note_signed,
            diagnosis_codes=facts.diagnosis_codes,
            authorization_required=bool(payer and payer.requires_authorization),
            authorization=state,
            per_diem_minimum_minutes=line.per_diem_minimum_minutes,
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
