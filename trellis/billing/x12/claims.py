"""What a claim file says, as plain dataclasses the billing app fills from its models. Pure.

Codes are the X12 005010 values: relationship 18 = self, claim filing indicator MB = Medicare Part B, and so
on. Diagnoses are ICD-10-CM codes; the writers drop the dot (F10.20 -> F1020) as X12 requires.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from trellis.billing.x12.envelope import Interchange

if TYPE_CHECKING:  # secondary.py builds on these dataclasses; only the annotation needs its type
    from trellis.billing.x12.secondary import PriorAdjudication


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


class Relationship(StrEnum):
    """Patient's relationship to the subscriber (X12 individual relationship codes)."""

    SELF = "18"
    SPOUSE = "01"
    CHILD = "19"
    OTHER = "G8"


class ClaimFilingIndicator(StrEnum):
    MEDICARE_PART_A = "MA"
    MEDICARE_PART_B = "MB"
    MEDICAID = "MC"
    COMMERCIAL = "CI"
    BLUE_CROSS_BLUE_SHIELD = "BL"
    HMO = "HM"


class PayerResponsibility(StrEnum):
    PRIMARY = "P"
    SECONDARY = "S"
    TERTIARY = "T"


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str  # 5 or 9 digits; billing providers need all 9 (837 5010 IG)
    line2: str = ""


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str
    middle: str = ""


@dataclass(frozen=True)
class Person:
    name: PersonName
    birth_date: dt.date
    gender: Gender
    address: Address


@dataclass(frozen=True)
class Submitter:
    name: str
    identifier: str  # assigned by the receiver (clearinghouse)
    contact_name: str
    phone: str  # digits only


@dataclass(frozen=True)
class Receiver:
    name: str
    identifier: str


@dataclass(frozen=True)
class BillingProvider:
    organization_name: str
    npi: str
    tin: str  # employer identification number, digits only
    address: Address  # a street address, not a post office box
    taxonomy_code: str = ""


@dataclass(frozen=True)
class Payer:
    name: str
    payer_id: str
    address: Address | None = None


@dataclass(frozen=True)
class Subscriber:
    person: Person
    member_id: str
    filing_indicator: ClaimFilingIndicator
    responsibility: PayerResponsibility = PayerResponsibility.PRIMARY
    group_number: str = ""


@dataclass(frozen=True)
class Patient:
    """The client, when they are not the subscriber (a child or spouse on someone's plan)."""

    person: Person
    relationship: Relationship


@dataclass(frozen=True)
class OtherCoverage:
    """Another payer on the claim (loop 2320/2330): the secondary plan on a primary claim, or the reverse."""

    payer: Payer
    subscriber: Subscriber
    relationship: Relationship = Relationship.SELF
    adjudication: "PriorAdjudication | None" = None  # what this payer decided, when it paid before this claim


@dataclass(frozen=True)
class Provider:
    name: PersonName
    npi: str
    taxonomy_code: str = ""


@dataclass(frozen=True)
class ProfessionalLine:
    procedure_code: str
    charge: Decimal
    units: Decimal
    service_date: dt.date
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)  # 1-based positions in the claim's diagnosis codes


@dataclass(frozen=True)
class ProfessionalClaim:
    claim_id: str  # the patient control number the payer echoes back on the 835
    subscriber: Subscriber
    diagnosis_codes: tuple[str, ...]  # the first is the principal diagnosis; at most 12
    lines: tuple[ProfessionalLine, ...]
    place_of_service: str = "11"  # CMS place-of-service code; 11 office, 52 psychiatric facility-partial
    frequency: str = "1"  # 1 original, 7 replacement, 8 void
    payer_claim_number: str = ""  # REF*F8: the payer's number for the claim a 7 or 8 replaces or voids
    patient: Patient | None = None
    rendering_provider: Provider | None = None
    prior_authorization: str = ""
    other_coverages: tuple[OtherCoverage, ...] = ()

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal(0))


@dataclass(frozen=True)
class InstitutionalLine:
    revenue_code: str  # UB-04 revenue code, four digits (0905, 0915...)
    charge: Decimal
    units: Decimal
    service_date: dt.date
    procedure_code: str = ""  # HCPCS/CPT, when the payer asks for one with the revenue code
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueCode:
    code: str
    amount: Decimal


@dataclass(frozen=True)
class OccurrenceCode:
    code: str
    date: dt.date


@dataclass(frozen=True)
class Admission:
    admission_type: str = "3"  # UB-04 priority of admission: 3 elective
    point_of_origin: str = "1"  # UB-04: 1 non-health-care facility point of origin
    at: dt.datetime | None = None  # written only when given (inpatient and some outpatient claims)


@dataclass(frozen=True)
class InstitutionalClaim:
    claim_id: str
    subscriber: Subscriber
    facility_type: str  # first two digits of the bill type: 13 hospital outpatient, 76 CMHC, 85 CAH
    statement_from: dt.date
    statement_through: dt.date
    principal_diagnosis: str
    attending_provider: Provider
    lines: tuple[InstitutionalLine, ...]
    frequency: str = "1"  # third digit of the bill type (rules.claim_sequence.Frequency)
    patient_status: str = "01"  # UB-04 FL17: 01 discharged home; 30 still patient, on interim claims only
    payer_claim_number: str = ""  # REF*F8: the payer's number for the claim a 7 or 8 replaces or voids
    admission: Admission = field(default_factory=Admission)
    other_diagnoses: tuple[str, ...] = ()
    condition_codes: tuple[str, ...] = ()  # Medicare IOP: 92
    value_codes: tuple[ValueCode, ...] = ()
    occurrence_codes: tuple[OccurrenceCode, ...] = ()
    patient: Patient | None = None
    prior_authorization: str = ""
    other_coverages: tuple[OtherCoverage, ...] = ()

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal(0))


ClaimT = TypeVar("ClaimT", ProfessionalClaim, InstitutionalClaim)


@dataclass(frozen=True)
class ClaimFile(Generic[ClaimT]):
    """One interchange for one payer: every claim in it goes to `payer` from `billing_provider`."""

    interchange: Interchange
    submitter: Submitter
    receiver: Receiver
    billing_provider: BillingProvider
    payer: Payer
    claims: tuple[ClaimT, ...]
    reference: str  # BHT03: the submitter's identifier for this batch
