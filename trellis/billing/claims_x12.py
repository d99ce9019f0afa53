"""Claims as the pure 837 writers want them: rows read from the database mapped onto the x12 dataclasses."""

from decimal import Decimal
from typing import Any

from trellis.billing import claim_corrections
from trellis.billing.choices import ClaimType, PayerKind, Relationship
from trellis.billing.models import BillingProfile, Charge, Claim, Coverage, Payer
from trellis.billing.x12 import claims as x12
from trellis.clients import addresses
from trellis.clients.models import Client
from trellis.programs.choices import ProgramKind

# CMS place-of-service codes: 57 non-residential substance abuse treatment facility, 53 community mental
# health center.
PLACE_OF_SERVICE: dict[str, str] = {ProgramKind.MENTAL_HEALTH: "53"}
SUD_PLACE_OF_SERVICE = "57"


def filing_indicator(payer: Payer, claim_type: str) -> x12.ClaimFilingIndicator:
    if payer.kind == PayerKind.MEDICARE:
        institutional = claim_type == ClaimType.INSTITUTIONAL
        return (
            x12.ClaimFilingIndicator.MEDICARE_PART_A
            if institutional
            else x12.ClaimFilingIndicator.MEDICARE_PART_B
        )
    if payer.kind == PayerKind.MEDICAID:
        return x12.ClaimFilingIndicator.MEDICAID
    return x12.ClaimFilingIndicator.COMMERCIAL


def profile_address(profile: BillingProfile) -> x12.Address:
    return x12.Address(
        line1=profile.address_line1, city=profile.city, state=profile.state, postal_code=profile.postal_code
    )


class IncompleteAddress(ValueError):
    """The client's address lacks a street, city, state or ZIP: the claim is refused, never filled in."""


INCOMPLETE_ADDRESS = "client's address is incomplete"


def client_address(client: Client, profile: BillingProfile) -> x12.Address:
    """The client's own address for N3/N4 (837 2010BA/2010CA). An incomplete one is refused: a claim is a legal
    document, and the program's city is not where the client lives."""
    if not client.postal_address.is_complete or len(client.address_line1) > addresses.LINE_LENGTH:
        raise IncompleteAddress(f"Client {client.chart_number}: {INCOMPLETE_ADDRESS}.")
    return x12.Address(
        line1=client.address_line1,
        line2=client.address_line2,
        city=client.city,
        state=client.state,
        postal_code=client.postal_code.replace("-", ""),
    )


def client_person(client: Client, coverage: Coverage, profile: BillingProfile) -> x12.Person:
    if client.date_of_birth is None:
        raise ValueError(f"Client {client.chart_number} has no date of birth: a claim needs one.")
    return x12.Person(
        name=x12.PersonName(last=client.legal_last_name, first=client.legal_first_name),
        birth_date=client.date_of_birth,
        gender=x12.Gender(coverage.sex),
        address=client_address(client, profile),
    )


def subscriber_and_patient(
    client: Client, coverage: Coverage, profile: BillingProfile, claim_type: str
) -> tuple[x12.Subscriber, x12.Patient | None]:
    patient_person = client_person(client, coverage, profile)
    indicator = filing_indicator(coverage.payer, claim_type)
    if coverage.relationship == Relationship.SELF or coverage.subscriber_date_of_birth is None:
        subscriber = x12.Subscriber(
            patient_person, coverage.member_id, indicator, group_number=coverage.group_number
        )
        return subscriber, None
    holder = x12.Person(
        name=x12.PersonName(last=coverage.subscriber_last_name, first=coverage.subscriber_first_name),
        birth_date=coverage.subscriber_date_of_birth,
        gender=x12.Gender.UNKNOWN,
        address=patient_person.address,
    )
    subscriber = x12.Subscriber(holder, coverage.member_id, indicator, group_number=coverage.group_number)
    return subscriber, x12.Patient(
        person=patient_person, relationship=x12.Relationship(coverage.relationship)
    )


def x12_payer(payer: Payer) -> x12.Payer:
    address = None
    if payer.address_line1 and payer.city and payer.state and payer.postal_code:
        address = x12.Address(
            line1=payer.address_line1, city=payer.city, state=payer.state, postal_code=payer.postal_code
        )
    return x12.Payer(name=payer.name, payer_id=payer.payer_id, address=address)


def billing_provider(profile: BillingProfile) -> x12.BillingProvider:
    return x12.BillingProvider(
        organization_name=profile.legal_name, npi=profile.npi, tin=profile.tin,
        address=profile_address(profile), taxonomy_code=profile.taxonomy_code,
    )  # fmt: skip


def professional_claim(
    claim: Claim, charges: list[Charge], diagnoses: list[str], profile: BillingProfile, program_kind: str
) -> x12.ProfessionalClaim:
    subscriber, patient = subscriber_and_patient(claim.client, claim.coverage, profile, claim.claim_type)
    lines = tuple(
        x12.ProfessionalLine(
            procedure_code=c.code,
            charge=c.amount,
            units=Decimal(c.units),
            service_date=c.service_date,
            modifiers=(c.modifier,) if c.modifier else (),
        )
        for c in charges
    )
    authorization = next((c.authorization.number for c in charges if c.authorization is not None), "")
    return x12.ProfessionalClaim(
        claim_id=claim.control_number, subscriber=subscriber, diagnosis_codes=tuple(diagnoses[:12]), lines=lines,
        place_of_service=PLACE_OF_SERVICE.get(program_kind, SUD_PLACE_OF_SERVICE), patient=patient,
        prior_authorization=authorization, frequency=claim.frequency,
        payer_claim_number=claim_corrections.payer_number_to_name(claim),
    )  # fmt: skip


def institutional_claim(
    claim: Claim, charges: list[Charge], diagnoses: list[str], profile: BillingProfile, attending: Any
) -> x12.InstitutionalClaim:
    subscriber, patient = subscriber_and_patient(claim.client, claim.coverage, profile, claim.claim_type)
    lines = tuple(
        x12.InstitutionalLine(
            revenue_code=c.revenue_code,
            charge=c.amount,
            units=Decimal(c.units),
            service_date=c.service_date,
            procedure_code=c.code,
            modifiers=(c.modifier,) if c.modifier else (),
        )
        for c in charges
    )
    medicare = claim.payer.kind == PayerKind.MEDICARE
    authorization = next((c.authorization.number for c in charges if c.authorization is not None), "")
    return x12.InstitutionalClaim(
        claim_id=claim.control_number, subscriber=subscriber, facility_type=profile.facility_type,
        statement_from=claim.statement_from, statement_through=claim.statement_through,
        principal_diagnosis=diagnoses[0], other_diagnoses=tuple(diagnoses[1:12]),
        attending_provider=x12.Provider(
            name=x12.PersonName(last=attending.last_name, first=attending.first_name), npi=attending.npi
        ),
        lines=lines, patient=patient, prior_authorization=authorization, frequency=claim.frequency,
        patient_status=claim.patient_status, payer_claim_number=claim_corrections.payer_number_to_name(claim),
        condition_codes=("92",) if medicare else (),  # REFERENCE.md s3: Medicare IOP claims carry condition code 92
    )  # fmt: skip
