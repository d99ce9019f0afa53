"""Fixed synthetic claim files for the 837 tests: fictional payers, people and identifiers, valid NPIs."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from trellis.billing.x12.claims import (
    Address,
    BillingProvider,
    ClaimFile,
    ClaimFilingIndicator,
    Gender,
    InstitutionalClaim,
    InstitutionalLine,
    OccurrenceCode,
    OtherCoverage,
    Patient,
    Payer,
    PayerResponsibility,
    Person,
    PersonName,
    ProfessionalClaim,
    ProfessionalLine,
    Provider,
    Receiver,
    Relationship,
    Submitter,
    Subscriber,
    ValueCode,
)
from trellis.billing.x12.envelope import ControlNumbers, Interchange, InterchangeParty, Usage
from trellis.demo.npi import npi_with_check_digit

CREATED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("America/Chicago"))
CONTROL = ControlNumbers(interchange=4217, group=4217, first_transaction=1)

CLINIC_ADDRESS = Address(line1="100 Trellis Way", city="Springfield", state="IL", postal_code="627010001")
BILLING_PROVIDER = BillingProvider(
    organization_name="Riverside Recovery IOP",
    npi=npi_with_check_digit("123456789"),
    tin="990000001",  # 99- prefix: not an EIN the IRS assigns
    address=CLINIC_ADDRESS,
    taxonomy_code="261QR0405X",  # clinic/center, rehabilitation, substance use disorder
)
CLINICIAN = Provider(
    name=PersonName(last="Lindqvist", first="Alice"),
    npi=npi_with_check_digit("198765432"),
    taxonomy_code="101YA0400X",
)
PHYSICIAN = Provider(
    name=PersonName(last="Okafor", first="Dana", middle="M"), npi=npi_with_check_digit("176543210")
)

SUBMITTER = Submitter(
    name="Riverside Recovery", identifier="TRELLIS01", contact_name="Bill Biller", phone="5555550100"
)
INTERCHANGE = Interchange(
    sender=InterchangeParty("TRELLIS01"),
    receiver=InterchangeParty("FAKECLEAR"),
    created_at=CREATED_AT,
    usage=Usage.TEST,
)

COMMERCIAL = Payer(
    name="Prairie Mutual Health (fictional)",
    payer_id="99001",
    address=Address(line1="PO Box 4000", city="Peoria", state="IL", postal_code="61601"),
)
SECONDARY = Payer(name="Lakeshore Benefit Plan (fictional)", payer_id="99002")
MEDICARE = Payer(name="Fictional Medicare Contractor", payer_id="99003")


def person(last: str, first: str, born: dt.date, gender: Gender) -> Person:
    home = Address(line1="12 Elm Street", line2="Apt 3", city="Springfield", state="IL", postal_code="62702")
    return Person(name=PersonName(last=last, first=first), birth_date=born, gender=gender, address=home)


CAROL = person("Testperson", "Carol", dt.date(1988, 4, 2), Gender.FEMALE)
ERIN = person("Sample", "Erin", dt.date(1969, 7, 14), Gender.FEMALE)
FINN = person("Sample", "Finn", dt.date(2009, 1, 30), Gender.MALE)
GUS = person("Example", "Gus", dt.date(1955, 11, 8), Gender.MALE)


def line(
    code: str, charge: str, day: int, *, units: str = "1", modifiers: tuple[str, ...] = ()
) -> ProfessionalLine:
    return ProfessionalLine(
        procedure_code=code,
        charge=Decimal(charge),
        units=Decimal(units),
        service_date=dt.date(2026, 11, day),
        modifiers=modifiers,
    )


def professional_file() -> ClaimFile[ProfessionalClaim]:
    carol = Subscriber(person=CAROL, member_id="PMH100200", filing_indicator=ClaimFilingIndicator.COMMERCIAL)
    erin = Subscriber(
        person=ERIN,
        member_id="PMH300400",
        filing_indicator=ClaimFilingIndicator.COMMERCIAL,
        group_number="GRP77",
    )
    erin_secondary = Subscriber(
        person=ERIN,
        member_id="LBP555",
        filing_indicator=ClaimFilingIndicator.COMMERCIAL,
        responsibility=PayerResponsibility.SECONDARY,
    )
    claims = (
        ProfessionalClaim(
            claim_id="TRL-P-0001",
            subscriber=carol,
            diagnosis_codes=("F10.20", "F33.1"),
            lines=(
                line("H0015", "250.00", 2, modifiers=("HF",)),
                line("H0015", "250.00", 4, modifiers=("HF",)),
                line("90834", "140.50", 5),
                ProfessionalLine(
                    procedure_code="H0004",
                    charge=Decimal("90"),
                    units=Decimal(3),
                    service_date=dt.date(2026, 11, 6),
                    diagnosis_pointers=(1, 2),
                ),
            ),
            place_of_service="11",
            rendering_provider=CLINICIAN,
            prior_authorization="AUTH-7731",
        ),
        ProfessionalClaim(
            claim_id="TRL-P-0002",
            subscriber=erin,
            patient=Patient(person=FINN, relationship=Relationship.CHILD),
            diagnosis_codes=("F12.20",),
            lines=(line("90853", "75", 3), line("90847", "160", 10), line("80305", "25", 10)),
            frequency="7",  # replaces the claim the payer numbered below
            payer_claim_number="PMH2026110400123",
            other_coverages=(
                OtherCoverage(payer=SECONDARY, subscriber=erin_secondary, relationship=Relationship.CHILD),
            ),
        ),
    )
    return ClaimFile(
        interchange=INTERCHANGE,
        submitter=SUBMITTER,
        receiver=Receiver(name="Fictional Clearinghouse", identifier="FAKECLEAR"),
        billing_provider=BILLING_PROVIDER,
        payer=COMMERCIAL,
        claims=claims,
        reference="BATCH0001",
    )


def iop_line(revenue: str, code: str, charge: str, day: int) -> InstitutionalLine:
    return InstitutionalLine(
        revenue_code=revenue,
        procedure_code=code,
        charge=Decimal(charge),
        units=Decimal(1),
        service_date=dt.date(2026, 11, day),
    )


def institutional_file() -> ClaimFile[InstitutionalClaim]:
    gus = Subscriber(
        person=GUS, member_id="1EG4TE5MK73", filing_indicator=ClaimFilingIndicator.MEDICARE_PART_A
    )
    gus_secondary = Subscriber(
        person=GUS,
        member_id="LBP901",
        filing_indicator=ClaimFilingIndicator.COMMERCIAL,
        responsibility=PayerResponsibility.SECONDARY,
    )
    carol = Subscriber(
        person=CAROL, member_id="1AA2BB3CC44", filing_indicator=ClaimFilingIndicator.MEDICARE_PART_A
    )
    claims = (
        InstitutionalClaim(
            claim_id="TRL-I-0001",
            subscriber=gus,
            facility_type="13",
            statement_from=dt.date(2026, 11, 2),
            statement_through=dt.date(2026, 11, 6),
            principal_diagnosis="F33.2",
            other_diagnoses=("F10.20", "Z91.19"),
            attending_provider=PHYSICIAN,
            condition_codes=("92",),
            occurrence_codes=(OccurrenceCode(code="11", date=dt.date(2026, 10, 20)),),
            frequency="3",  # an interim claim continuing a stay admitted in October: still a patient
            patient_status="30",
            value_codes=(ValueCode(code="A1", amount=Decimal("257")),),
            lines=(
                iop_line("0915", "90853", "120", 2),
                iop_line("0914", "90834", "150", 2),
                iop_line("0915", "90853", "120", 4),
                iop_line("0916", "90847", "170", 6),
            ),
            other_coverages=(OtherCoverage(payer=SECONDARY, subscriber=gus_secondary),),
        ),
        InstitutionalClaim(
            claim_id="TRL-I-0002",
            subscriber=carol,
            facility_type="76",
            statement_from=dt.date(2026, 11, 9),
            statement_through=dt.date(2026, 11, 13),
            principal_diagnosis="F31.81",
            attending_provider=PHYSICIAN,
            condition_codes=("92",),
            prior_authorization="MCR-0042",
            frequency="4",  # the last interim claim: she completed treatment and went home
            patient_status="01",
            lines=(iop_line("0914", "90837", "190", 9), iop_line("0915", "90853", "120", 13)),
        ),
    )
    return ClaimFile(
        interchange=INTERCHANGE,
        submitter=SUBMITTER,
        receiver=Receiver(name="Fictional Medicare Contractor", identifier="FAKEMAC"),
        billing_provider=BILLING_PROVIDER,
        payer=MEDICARE,
        claims=claims,
        reference="BATCH0002",
    )
