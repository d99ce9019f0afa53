"""Reading an ASC X12 835 health care claim payment/advice (005010X221A1). Pure; no Django.

`parse_835(text)` returns one `Payment` per transaction set (ST..SE): the payment (BPR), its trace number (TRN),
the payer (N1*PR), what the payer decided on each claim (CLP with its CAS adjustments, MOA/MIA remark codes and
SVC lines with their LQ remarks) and the provider-level adjustments (PLB).
Names (NM1) are skipped on purpose: nothing downstream needs them. The envelope is checked (ISA/IEA, GS/GE,
ST/SE counts and control numbers); anything malformed raises `RemittanceFormatError` naming the segment.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from trellis.billing.x12.segments import Separators

# The implementation guide this reader follows (ST03 / GS08); the A1 errata is the version payers send.
IMPLEMENTATION = "005010X221A1"
ISA_ELEMENTS = 16
CAS_TRIPLES = 6  # CAS02-CAS19: up to six reason/amount/quantity triples per adjustment group
AMOUNT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
QUANTITY = re.compile(r"\d+(\.\d*)?|\.\d+")


class RemittanceFormatError(ValueError):
    """The file cannot be read as an 835; the message names the segment and where it is in the file."""

    def __init__(self, segment: str, message: str, *, position: int | None = None) -> None:
        self.segment, self.position = segment, position
        where = f"{segment} (segment {position} of the file)" if position else segment
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Segment:
    position: int  # 1-based, counted from ISA, for error messages a biller can find in the file
    elements: tuple[str, ...]  # elements[0] is the segment id

    @property
    def id(self) -> str:
        return self.elements[0]

    def get(self, number: int) -> str:
        return self.elements[number] if number < len(self.elements) else ""

    def fail(self, message: str) -> RemittanceFormatError:
        return RemittanceFormatError(self.id, message, position=self.position)


@dataclass(frozen=True)
class Adjustment:
    """One CAS triple: why (CARC `reason`) and by how much the payer adjusted, under whose responsibility."""

    group: str  # CO contractual, PR patient responsibility, OA other, PI payer initiated
    reason: str  # Claim Adjustment Reason Code
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True)
class ServiceLine:
    """One SVC line: the billed procedure, its charge and payment, with its own adjustments."""

    qualifier: str  # HC (HCPCS/CPT), NU (revenue code)...
    code: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: Decimal | None
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # LQ*HE: Remittance Advice Remark Codes (RARC) for this line


@dataclass(frozen=True)
class ClaimPayment:
    """One CLP loop: the payer's decision on the claim whose patient control number (CLM01) is `control_number`."""

    control_number: str
    status_code: str  # CLP02: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 22 reversal...
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal | None
    payer_claim_number: str
    adjustments: tuple[Adjustment, ...] = ()
    services: tuple[ServiceLine, ...] = ()
    remarks: tuple[str, ...] = ()  # MOA03-07 / MIA05, 20-24: claim-level RARC

    def all_adjustments(self) -> tuple[Adjustment, ...]:
        """Claim-level adjustments first, then each service line's, in file order."""
        return self.adjustments + tuple(a for service in self.services for a in service.adjustments)


@dataclass(frozen=True)
class ProviderAdjustment:
    """One PLB reason/amount pair: money the payer takes back (positive) or adds (negative, such as interest)
    at the provider level, not tied to one claim."""

    reason: str  # PLB03-1: WO overpayment recovery, L6 interest, FB forwarding balance...
    reference: str  # PLB03-2
    amount: Decimal


@dataclass(frozen=True)
class Payment:
    """One transaction set: one payment (check, EFT or notice) from one payer, covering many claims."""

    control_number: str  # ST02
    amount: Decimal  # BPR02
    credit: bool  # BPR03 C (to the provider) or D (a debit)
    method: str  # BPR04: CHK, ACH, NON (no payment), BOP, FWT
    date: dt.date  # BPR16
    trace_number: str  # TRN02: the check or EFT trace number
    payer_identifier: str  # TRN03: the payer as originator of the payment
    payer_name: str  # N1*PR N102
    claims: tuple[ClaimPayment, ...]
    payer_ids: tuple[str, ...] = ()  # N1*PR N104 and REF*2U: the payer's own identifiers, when it sends them
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()

    @property
    def imbalance(self) -> Decimal:
        """BPR02 less what the claims and provider adjustments add up to: zero when the payment balances.

        005010X221A1 transaction balancing (TR3 section 1.10.2, balancing): the total payment BPR02 equals the sum
        of the claim payments CLP04 less the sum of the provider adjustments PLB04, 06, ... A debit (BPR03 D) is
        money taken back, so it counts against the provider."""
        total = self.amount if self.credit else -self.amount
        claims = sum((claim.paid for claim in self.claims), Decimal(0))
        provider = sum((adjustment.amount for adjustment in self.provider_adjustments), Decimal(0))
        return total - (claims - provider)


@dataclass(frozen=True)
class RemittanceFile:
    separators: Separators
    interchange_control: str  # ISA13
    sender: str  # ISA06
    payments: tuple[Payment, ...]


def parse_835(text: str) -> RemittanceFile:
    text = text.lstrip("\ufeff \t\r\n")
    separators = read_separators(text)
    segments = split_segments(text, separators)
    isa = segments[0]
    sets = transaction_sets(segments)
    payments = tuple(read_payment(body, separators) for body in sets)
    return RemittanceFile(separators, isa.get(13), isa.get(6).strip(), payments)


def read_separators(text: str) -> Separators:
    """ISA carries the separators: the element separator right after "ISA", ISA16 the sub-element separator,
    the segment terminator right after ISA16, ISA11 the repetition separator."""
    if not text.startswith("ISA") or len(text) < 4:
        raise RemittanceFormatError("ISA", "The file does not start with an ISA segment: it is not X12.")
    element = text[3]
    positions = [index for index, char in enumerate(text[:200]) if char == element]
    if element.isalnum() or element.isspace() or len(positions) < ISA_ELEMENTS:
        raise RemittanceFormatError("ISA", "The ISA segment is cut short or has no element separator.")
    last = positions[ISA_ELEMENTS - 1]
    sub_element, segment = text[last + 1 : last + 2], text[last + 2 : last + 3]
    repetition = text[positions[10] + 1 : positions[11]]
    chosen = [element, sub_element, segment]
    if not sub_element or not segment or len(set(chosen)) < len(chosen) or sub_element.isalnum():
        raise RemittanceFormatError(
            "ISA", "ISA16 and the segment terminator must be two distinct characters."
        )
    line_break = text[last + 3 : last + 4] in ("\r", "\n")
    return Separators(element, sub_element, repetition if len(repetition) == 1 else "^", segment, line_break)


def split_segments(text: str, separators: Separators) -> list[Segment]:
    pieces = (piece.strip("\r\n") for piece in text.split(separators.segment))
    parts = [piece for piece in pieces if piece]
    return [Segment(n, tuple(part.split(separators.element))) for n, part in enumerate(parts, start=1)]


def transaction_sets(segments: list[Segment]) -> list[list[Segment]]:
    """The ST..SE bodies, after checking every envelope's trailer count and control number."""
    isa, iea = segments[0], segments[-1]
    if iea.id != "IEA":
        raise iea.fail("The interchange has no IEA trailer at its end: the file is cut short.")
    sets: list[list[Segment]] = []
    groups = 0
    gs: Segment | None = None
    body: list[Segment] | None = None
    group_sets = 0
    for segment in segments[1:-1]:
        if segment.id == "GS":
            if gs is not None or body is not None:
                raise segment.fail("A GS group starts before the previous one ended with GE.")
            _check_version(segment, segment.get(8))
            gs, group_sets = segment, 0
        elif segment.id == "GE":
            if gs is None or body is not None:
                raise segment.fail("GE ends a group that was not opened with GS, or an ST without SE.")
            _check_trailer(segment, count=group_sets, control=gs.get(6), what="transaction sets")
            gs, groups = None, groups + 1
        elif segment.id == "ST":
            if gs is None or body is not None:
                raise segment.fail("ST starts outside a GS group or before the previous SE.")
            _check_transaction_header(segment)
            body = [segment]
        elif body is None:
            raise segment.fail("This segment lies outside any ST..SE transaction set.")
        else:
            body.append(segment)
            if segment.id == "SE":
                _check_trailer(segment, count=len(body), control=body[0].get(2), what="segments")
                sets.append(body)
                body, group_sets = None, group_sets + 1
    if gs is not None or body is not None:
        raise iea.fail("The file ends inside a group or transaction set: GE or SE is missing.")
    _check_trailer(iea, count=groups, control=isa.get(13), what="functional groups")
    if not sets:
        raise RemittanceFormatError("ST", "The file holds no ST*835 transaction set.")
    return sets


def _check_transaction_header(st: Segment) -> None:
    if st.get(1) != "835":
        raise st.fail(f"This is an X12 {st.get(1) or 'unknown'} transaction set, not an 835 remittance.")


def _check_version(header: Segment, version: str) -> None:
    """GS08 names the implementation guide (the 835 leaves ST03 unused); the A1 errata reads like the base."""
    if not version.startswith(IMPLEMENTATION[: len("005010X221")]):
        raise header.fail(
            f"The file follows {version or 'no named version'}; Trellis reads {IMPLEMENTATION}."
        )


def _check_trailer(trailer: Segment, *, count: int, control: str, what: str) -> None:
    """SE01 counts segments ST..SE, GE01 transaction sets, IEA01 groups; the second element echoes the header."""
    if trailer.get(1) != str(count):
        raise trailer.fail(f"{trailer.id}01 says {trailer.get(1) or 'nothing'} {what}, the file has {count}.")
    if trailer.get(2).lstrip("0") != control.lstrip("0"):
        raise trailer.fail(f"{trailer.id}02 control number {trailer.get(2)!r} does not match {control!r}.")


@dataclass
class _OpenClaim:
    """A CLP loop being read: its header, then claim-level CAS, then SVC lines with their own CAS."""

    header: Segment
    adjustments: list[Adjustment] = field(default_factory=list)
    services: list[tuple[Segment, list[Adjustment], list[str]]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    def add_adjustments(self, adjustments: list[Adjustment]) -> None:
        (self.services[-1][1] if self.services else self.adjustments).extend(adjustments)


MOA_REMARKS = range(3, 8)  # MOA03-MOA07 (outpatient adjudication)
MIA_REMARKS = (5, 20, 21, 22, 23)  # MIA05, MIA20-MIA23 (inpatient adjudication)


def read_payment(body: list[Segment], separators: Separators) -> Payment:
    bpr, trn = _required(body, "BPR"), _required(body, "TRN")
    payer = next((s for s in body if s.id == "N1" and s.get(1) == "PR"), None)
    if payer is None or not payer.get(2):
        raise RemittanceFormatError(
            "N1", "The payer (N1*PR with its name) is missing.", position=body[0].position
        )
    if not trn.get(2) or not trn.get(3):
        raise trn.fail("TRN02 (check or EFT trace number) and TRN03 (payer identifier) are both required.")
    if bpr.get(3) not in ("C", "D"):
        raise bpr.fail("BPR03 must be C (credit) or D (debit).")
    return Payment(
        control_number=body[0].get(2), amount=_money(bpr, 2, "payment amount"), credit=bpr.get(3) == "C",
        method=bpr.get(4), date=_date(bpr, 16, "payment date"), trace_number=trn.get(2),
        payer_identifier=trn.get(3), payer_name=payer.get(2), claims=_claims(body, separators),
        payer_ids=_payer_ids(body, payer), provider_adjustments=_provider_adjustments(body, separators),
    )  # fmt: skip


def _payer_ids(body: list[Segment], payer: Segment) -> tuple[str, ...]:
    """N1*PR N104 and the header's REF*2U (additional payer identification), read before the first claim."""
    header = []
    for segment in body:
        if segment.id in ("LX", "CLP"):
            break
        header.append(segment)
    found = [payer.get(4)] + [s.get(2) for s in header if s.id == "REF" and s.get(1) == "2U"]
    return tuple(dict.fromkeys(value.strip() for value in found if value.strip()))


PLB_PAIRS = 6  # PLB03-PLB14: up to six reason/amount pairs per PLB segment


def _provider_adjustments(body: list[Segment], separators: Separators) -> tuple[ProviderAdjustment, ...]:
    found = []
    for plb in (segment for segment in body if segment.id == "PLB"):
        for pair in range(PLB_PAIRS):
            reason_at = 3 + 2 * pair
            if composite := plb.get(reason_at):
                reason, _, reference = composite.partition(separators.sub_element)
                amount = _money(plb, reason_at + 1, f"provider adjustment {reason}")
                found.append(ProviderAdjustment(reason, reference, amount))
    return tuple(found)


def _required(body: list[Segment], segment_id: str) -> Segment:
    found = next((segment for segment in body if segment.id == segment_id), None)
    if found is None:
        raise RemittanceFormatError(
            segment_id, f"The transaction set has no {segment_id} segment.", position=body[0].position
        )
    return found


def _claims(body: list[Segment], separators: Separators) -> tuple[ClaimPayment, ...]:
    claims: list[_OpenClaim] = []
    current: _OpenClaim | None = None
    for segment in body:
        if segment.id == "CLP":
            current = _OpenClaim(segment)
            claims.append(current)
        elif segment.id in ("LX", "PLB", "SE"):
            current = None  # a new header number, the provider adjustments or the trailer close the claim
        elif segment.id == "SVC" and current is not None:
            current.services.append((segment, [], []))
        elif segment.id == "LQ" and segment.get(1) == "HE" and current is not None and current.services:
            current.services[-1][2].append(segment.get(2))
        elif segment.id in ("MOA", "MIA") and current is not None:
            numbers = MOA_REMARKS if segment.id == "MOA" else MIA_REMARKS
            current.remarks.extend(code for n in numbers if (code := segment.get(n)))
        elif segment.id == "CAS":
            if current is None:
                raise segment.fail("CAS adjusts nothing: it comes before any CLP claim.")
            current.add_adjustments(_adjustments(segment))
    return tuple(_claim(claim, separators) for claim in claims)


def _claim(claim: _OpenClaim, separators: Separators) -> ClaimPayment:
    clp = claim.header
    if not clp.get(1) or not clp.get(2):
        raise clp.fail("CLP01 (patient control number) and CLP02 (claim status) are both required.")
    patient_share = _money(clp, 5, "patient responsibility") if clp.get(5) else None
    return ClaimPayment(
        control_number=clp.get(1), status_code=clp.get(2), charge=_money(clp, 3, "total charge"),
        paid=_money(clp, 4, "payment"), patient_responsibility=patient_share, payer_claim_number=clp.get(7),
        adjustments=tuple(claim.adjustments), remarks=tuple(claim.remarks),
        services=tuple(
            _service(svc, adjustments, separators, remarks) for svc, adjustments, remarks in claim.services
        ),
    )  # fmt: skip


def _service(
    svc: Segment, adjustments: list[Adjustment], separators: Separators, remarks: list[str]
) -> ServiceLine:
    procedure = svc.get(1).split(separators.sub_element)
    if len(procedure) < 2 or not procedure[1]:
        raise svc.fail("SVC01 must name the procedure as qualifier and code, such as HC:H0015.")
    return ServiceLine(
        qualifier=procedure[0], code=procedure[1], modifiers=tuple(m for m in procedure[2:6] if m),
        charge=_money(svc, 2, "line charge"), paid=_money(svc, 3, "line payment"),
        units=_quantity(svc, 5, "units paid"), adjustments=tuple(adjustments), remarks=tuple(remarks),
    )  # fmt: skip


def _adjustments(cas: Segment) -> list[Adjustment]:
    group = cas.get(1)
    if not group:
        raise cas.fail("CAS01 (adjustment group, such as CO or PR) is empty.")
    found = []
    for triple in range(CAS_TRIPLES):
        reason_at = 2 + 3 * triple
        if reason := cas.get(reason_at):
            amount = _money(cas, reason_at + 1, f"amount for reason {reason}")
            found.append(Adjustment(group, reason, amount, _quantity(cas, reason_at + 2, "quantity")))
    if not found:
        raise cas.fail("CAS gives no adjustment reason code.")
    return found


def _money(segment: Segment, number: int, name: str) -> Decimal:
    """An X12 R amount; monetary amounts carry at most two decimal places (005010 TR3, section 1.4.3)."""
    raw = segment.get(number)
    cents = raw.partition(".")[2]
    if not AMOUNT.fullmatch(raw) or len(cents) > 2:
        shown = repr(raw[:20]) if raw else "empty"
        raise segment.fail(
            f"{segment.id}{number:02d} ({name}) is {shown}, not an amount in dollars and cents."
        )
    return Decimal(raw)


def _quantity(segment: Segment, number: int, name: str) -> Decimal | None:
    raw = segment.get(number)
    if not raw:
        return None
    if not QUANTITY.fullmatch(raw):
        raise segment.fail(f"{segment.id}{number:02d} ({name}) is {raw[:20]!r}, not a quantity.")
    return Decimal(raw)


def _date(segment: Segment, number: int, name: str) -> dt.date:
    raw = segment.get(number)
    if len(raw) == len("CCYYMMDD") and raw.isdigit():
        try:
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            pass
    shown = repr(raw[:20]) if raw else "empty"
    raise segment.fail(f"{segment.id}{number:02d} ({name}) is {shown}, not a date as CCYYMMDD.")
