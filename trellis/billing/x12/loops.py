"""Loops the 837P and 837I share: header, submitter/receiver (1000A/B), billing provider (2000A/2010AA),
subscriber and payer (2000B/2010BA/2010BB), patient (2000C/2010CA) and other payers (2320/2330A/B). Pure."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count

from trellis.billing.x12.claims import (
    Address,
    BillingProvider,
    ClaimFile,
    ClaimT,
    OtherCoverage,
    Patient,
    Payer,
    Person,
    PersonName,
    Subscriber,
)
from trellis.billing.x12.envelope import ControlNumbers, interchange_file
from trellis.billing.x12.segments import SegmentWriter, Separators, date8, time4

HI_COMPOSITES_PER_SEGMENT = 12  # an HI segment holds at most 12 code composites


def icd10(code: str) -> str:
    """ICD-10-CM as X12 wants it: no dot, upper case (F10.20 -> F1020)."""
    return code.replace(".", "").strip().upper()


def write_header(w: SegmentWriter, claim_file: ClaimFile[ClaimT]) -> None:
    """BHT and loops 1000A (submitter) and 1000B (receiver)."""
    moment = claim_file.interchange.created_at
    # BHT: 0019 information source/subscriber/dependent structure, 00 original, CH chargeable.
    w.add("BHT", "0019", "00", claim_file.reference, date8(moment), time4(moment), "CH")
    submitter = claim_file.submitter
    w.add("NM1", "41", "2", w.text(submitter.name), "", "", "", "", "46", submitter.identifier)
    w.add("PER", "IC", w.text(submitter.contact_name), "TE", submitter.phone)
    receiver = claim_file.receiver
    w.add("NM1", "40", "2", w.text(receiver.name), "", "", "", "", "46", receiver.identifier)


def write_address(w: SegmentWriter, address: Address) -> None:
    w.add("N3", w.text(address.line1), w.text(address.line2))
    w.add("N4", w.text(address.city), address.state, address.postal_code)


def write_billing_provider(w: SegmentWriter, provider: BillingProvider) -> None:
    """Loop 2000A (HL 1, the only billing provider in the file) and 2010AA."""
    w.add("HL", "1", "", "20", "1")
    if provider.taxonomy_code:
        w.add("PRV", "BI", "PXC", provider.taxonomy_code)
    w.add("NM1", "85", "2", w.text(provider.organization_name), "", "", "", "", "XX", provider.npi)
    write_address(w, provider.address)
    w.add("REF", "EI", provider.tin)


def person_name(w: SegmentWriter, entity: str, name: PersonName, id_qualifier: str, identifier: str) -> None:
    w.add(
        "NM1",
        entity,
        "1",
        w.text(name.last),
        w.text(name.first),
        w.text(name.middle),
        "",
        "",
        id_qualifier,
        identifier,
    )


def write_demographics(w: SegmentWriter, person: Person) -> None:
    w.add("DMG", "D8", date8(person.birth_date), person.gender.value)


def write_payer(w: SegmentWriter, entity_code: str, payer: Payer) -> None:
    w.add("NM1", entity_code, "2", w.text(payer.name), "", "", "", "", "PI", payer.payer_id)
    if payer.address is not None:
        write_address(w, payer.address)


@dataclass
class Hierarchy:
    """HL01 numbers in document order; HL 1 is the billing provider."""

    numbers: Iterator[int]

    @classmethod
    def after_billing_provider(cls) -> "Hierarchy":
        return cls(numbers=count(2))


def write_subscriber(
    w: SegmentWriter, hierarchy: Hierarchy, subscriber: Subscriber, payer: Payer, patient: Patient | None
) -> None:
    """Loops 2000B, 2010BA, 2010BB and, for a dependent, 2000C/2010CA; the claim loop follows."""
    subscriber_hl = next(hierarchy.numbers)
    w.add("HL", str(subscriber_hl), "1", "22", "1" if patient else "0")
    relationship = "" if patient else "18"  # SBR02 only when the subscriber is the patient
    w.add(
        "SBR", subscriber.responsibility.value, relationship, subscriber.group_number,
        "", "", "", "", "", subscriber.filing_indicator.value,
    )  # fmt: skip
    person_name(w, "IL", subscriber.person.name, "MI", subscriber.member_id)
    write_address(w, subscriber.person.address)
    if patient is None:
        write_demographics(w, subscriber.person)
    write_payer(w, "PR", payer)
    if patient is not None:
        w.add("HL", str(next(hierarchy.numbers)), str(subscriber_hl), "23", "0")
        w.add("PAT", patient.relationship.value)
        person_name(w, "QC", patient.person.name, "", "")
        write_address(w, patient.person.address)
        write_demographics(w, patient.person)


def write_other_coverages(w: SegmentWriter, coverages: Sequence[OtherCoverage]) -> None:
    """Loop 2320 with 2330A (other subscriber) and 2330B (other payer), one per other payer."""
    for coverage in coverages:
        other = coverage.subscriber
        w.add(
            "SBR", other.responsibility.value, coverage.relationship.value, other.group_number,
            "", "", "", "", "", other.filing_indicator.value,
        )  # fmt: skip
        w.add("OI", "", "", "Y", "", "", "Y")  # benefits assigned, release of information on file
        person_name(w, "IL", other.person.name, "MI", other.member_id)
        write_address(w, other.person.address)
        write_payer(w, "PR", coverage.payer)


def write_hi(
    w: SegmentWriter, first_qualifier: str, qualifier: str, composites: Sequence[Sequence[str]]
) -> None:
    """HI segments of up to 12 composites; the very first composite may carry a different qualifier (ABK)."""
    tagged = [
        (first_qualifier if index == 0 else qualifier, *parts) for index, parts in enumerate(composites)
    ]
    for start in range(0, len(tagged), HI_COMPOSITES_PER_SEGMENT):
        w.add("HI", *tagged[start : start + HI_COMPOSITES_PER_SEGMENT])


def render_claim_file(
    claim_file: ClaimFile[ClaimT],
    *,
    write_claim: Callable[[SegmentWriter, ClaimT], None],
    implementation: str,
    control: ControlNumbers,
    separators: Separators,
    max_claims_per_transaction: int,
) -> str:
    """The whole interchange: ISA/GS, one ST-SE per `max_claims_per_transaction` claims, GE/IEA. The 837P
    and 837I differ only in how they write a claim (2300 and below)."""
    if not claim_file.claims:
        raise ValueError("A claim file needs at least one claim.")
    claims = claim_file.claims
    bodies = []
    for start in range(0, len(claims), max_claims_per_transaction):
        w = SegmentWriter(separators)
        write_header(w, claim_file)
        write_billing_provider(w, claim_file.billing_provider)
        hierarchy = Hierarchy.after_billing_provider()
        for claim in claims[start : start + max_claims_per_transaction]:
            write_subscriber(w, hierarchy, claim.subscriber, claim_file.payer, claim.patient)
            write_claim(w, claim)
        bodies.append(w)
    return interchange_file(
        bodies, interchange=claim_file.interchange, control=control, implementation=implementation,
        separators=separators,
    )  # fmt: skip
