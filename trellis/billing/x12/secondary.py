"""A claim to the next payer carries what the payer before it decided. Pure; new writers beside loops.py.

837P 005010X222A1 / 837I 005010X223A2, loop 2320 (other subscriber information): SBR, then the prior payer's
claim-level adjustments (CAS, one per group, up to six reason/amount/quantity triples each), what it paid
(AMT*D) and what it left the patient (AMT*EAF, remaining patient liability), then OI; loop 2330A (the other
subscriber, NM1*IL) and 2330B (the other payer, NM1*PR, with DTP*573, the date it paid). Each service line then
carries the prior payer's line decision in loop 2430: SVD (payer, amount paid, procedure, units), the line's CAS
and DTP*573.

The 837 writers (claim_837p.py, claim_837i.py) call `write_other_payers` where loop 2320 goes, and
`write_prior_lines` after each 2400 line: an other payer that has decided (OtherCoverage.adjudication) gets
`write_adjudicated_other_coverage`, the others the plain `loops.write_other_coverages`.

Each claim line takes the prior payer's decision on the same procedure (and modifiers), in order: the 835 answers
lines in the order they were billed, and a claim of daily IOP lines repeats one code, so the n-th H0015 of the
claim is the n-th H0015 the payer decided. A line the payer did not answer gets no 2430.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from trellis.billing.x12.claims import OtherCoverage
from trellis.billing.x12.loops import person_name, write_address, write_other_coverages
from trellis.billing.x12.segments import SegmentWriter, date8

CAS_TRIPLES = 6  # CAS02-CAS19 hold at most six reason/amount/quantity triples
CAS_GROUPS = ("CO", "CR", "OA", "PI", "PR")  # the order the groups are written in; X12 sets none


@dataclass(frozen=True)
class PriorAdjustment:
    group: str  # CO, PR, OA, PI, CR
    reason: str  # CARC
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True)
class PriorLine:
    """The prior payer's decision on one service line, as its 835 SVC loop said."""

    procedure_code: str
    paid: Decimal
    units: Decimal
    modifiers: tuple[str, ...] = ()
    revenue_code: str = ""  # 837I SVD04
    adjustments: tuple[PriorAdjustment, ...] = ()


@dataclass(frozen=True)
class PriorAdjudication:
    """What the payer before this one decided on the claim."""

    payer_id: str  # the prior payer's identifier as in its 2330B NM109, which SVD01 repeats
    paid: Decimal  # CLP04
    paid_on: dt.date  # the remittance date (BPR16)
    adjustments: tuple[PriorAdjustment, ...] = ()  # claim-level CAS
    lines: tuple[PriorLine, ...] = field(default=())

    @property
    def remaining_patient_liability(self) -> Decimal:
        every = self.adjustments + tuple(a for line in self.lines for a in line.adjustments)
        return sum((a.amount for a in every if a.group == "PR"), Decimal(0))


def _amount(value: Decimal) -> str:
    """An X12 R amount; unlike claim charges, an adjustment may be negative (a reversal)."""
    rendered = format(value.normalize(), "f")
    return rendered.rstrip("0").rstrip(".") if "." in rendered else rendered


def write_adjustments(w: SegmentWriter, adjustments: Sequence[PriorAdjustment]) -> None:
    """One CAS per group, in a fixed order; a group with more than six reasons takes another CAS."""
    for group in CAS_GROUPS:
        triples = [a for a in adjustments if a.group == group]
        for start in range(0, len(triples), CAS_TRIPLES):
            elements: list[str] = []
            for a in triples[start : start + CAS_TRIPLES]:
                quantity = _amount(a.quantity) if a.quantity is not None else ""
                elements += [a.reason, _amount(a.amount), quantity]
            w.add("CAS", group, *elements)


def write_adjudicated_other_coverage(
    w: SegmentWriter, coverage: OtherCoverage, adjudication: PriorAdjudication
) -> None:
    """Loop 2320 with 2330A and 2330B for the payer that decided before this one."""
    other = coverage.subscriber
    w.add(
        "SBR", other.responsibility.value, coverage.relationship.value, other.group_number,
        "", "", "", "", "", other.filing_indicator.value,
    )  # fmt: skip
    write_adjustments(w, adjudication.adjustments)
    w.add("AMT", "D", _amount(adjudication.paid))
    if adjudication.remaining_patient_liability:
        w.add("AMT", "EAF", _amount(adjudication.remaining_patient_liability))
    w.add("OI", "", "", "Y", "", "", "Y")  # benefits assigned, release of information on file
    person_name(w, "IL", other.person.name, "MI", other.member_id)
    write_address(w, other.person.address)
    payer = coverage.payer
    w.add("NM1", "PR", "2", w.text(payer.name), "", "", "", "", "PI", payer.payer_id)
    if payer.address is not None:
        write_address(w, payer.address)
    w.add("DTP", "573", "D8", date8(adjudication.paid_on))


def write_line_adjudication(w: SegmentWriter, line: PriorLine, *, payer_id: str, paid_on: dt.date) -> None:
    """Loop 2430 after a service line: what the prior payer paid on it, its adjustments and the date."""
    procedure = ["HC", line.procedure_code, *line.modifiers[:4]]
    w.add("SVD", payer_id, _amount(line.paid), procedure, line.revenue_code, _amount(line.units))
    write_adjustments(w, line.adjustments)
    w.add("DTP", "573", "D8", date8(paid_on))


LineKey = tuple[str, tuple[str, ...]]  # procedure code and modifiers, as billed


def matched_lines(keys: Sequence[LineKey], prior: Sequence[PriorLine]) -> list[PriorLine | None]:
    """The prior payer's line for each claim line: the same code and modifiers first, else the same code (a
    payer may drop a modifier it ignores), each prior line used once, in order."""
    unused = list(prior)
    found: list[PriorLine | None] = []
    for code, modifiers in keys:
        match = next((p for p in unused if (p.procedure_code, p.modifiers) == (code, modifiers)), None)
        match = match or next((p for p in unused if p.procedure_code == code), None)
        if match is not None:
            unused.remove(match)
        found.append(match)
    return found


def write_other_payers(w: SegmentWriter, coverages: Sequence[OtherCoverage]) -> None:
    """Loops 2320/2330A/2330B for every other payer, with its decision when it has made one."""
    for coverage in coverages:
        if coverage.adjudication is None:
            write_other_coverages(w, [coverage])
        else:
            write_adjudicated_other_coverage(w, coverage, coverage.adjudication)


@dataclass(frozen=True)
class PriorLines:
    """Each claim line's 2430 loops: one per other payer that answered that line."""

    by_line: tuple[tuple[tuple[PriorLine, PriorAdjudication], ...], ...]

    @classmethod
    def of(
        cls, coverages: Sequence[OtherCoverage], keys: Sequence[LineKey], revenue_codes: Sequence[str] = ()
    ) -> "PriorLines":
        decided = [c.adjudication for c in coverages if c.adjudication is not None]
        matches = [matched_lines(keys, adjudication.lines) for adjudication in decided]
        by_line = []
        for index in range(len(keys)):
            revenue = revenue_codes[index] if revenue_codes else ""
            answered = []
            for adjudication, found in zip(decided, matches, strict=True):
                line = found[index]
                if line is not None:
                    answered.append((replace(line, revenue_code=revenue), adjudication))
            by_line.append(tuple(answered))
        return cls(by_line=tuple(by_line))

    def write(self, w: SegmentWriter, index: int) -> None:
        """Loop 2430 after the index-th (0-based) claim line."""
        for line, adjudication in self.by_line[index]:
            write_line_adjudication(w, line, payer_id=adjudication.payer_id, paid_on=adjudication.paid_on)
