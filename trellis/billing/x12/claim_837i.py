"""837I institutional claims, ASC X12 005010X223A2: one file per payer, many claims.

Layout per claim: 2000B subscriber (2000C patient for a dependent), 2300 CLM with the bill type in CLM05,
statement dates (DTP*434), CL1 with the patient status, REF*G1 prior authorization, REF*F8 the payer's
number of the claim a replacement (7) or void (8) corrects, HI principal and other diagnoses, occurrence,
value and condition codes (Medicare IOP: condition code 92), 2310A attending provider, 2320 other payers, one
2400 per line (LX, SV2 with the revenue code, DTP*472). Pure.
"""

from trellis.billing.rules.claim_sequence import check_bill, check_correction
from trellis.billing.x12.claims import Admission, ClaimFile, InstitutionalClaim, InstitutionalLine
from trellis.billing.x12.envelope import ControlNumbers
from trellis.billing.x12.loops import (
    icd10,
    person_name,
    render_claim_file,
    write_hi,
)
from trellis.billing.x12.secondary import PriorLines, write_other_payers
from trellis.billing.x12.segments import (
    DEFAULT_SEPARATORS,
    SegmentWriter,
    Separators,
    date8,
    decimal_value,
)

IMPLEMENTATION = "005010X223A2"
MAX_OTHER_DIAGNOSES = 24  # two HI segments of 12
MAX_CODES_PER_KIND = 24  # condition, value and occurrence codes: two HI segments of 12 each
MAX_CLAIMS_PER_TRANSACTION = 5000  # 837 IG recommendation for one ST-SE


def validate_claim(claim: InstitutionalClaim) -> None:
    if not claim.lines:
        raise ValueError(f"Claim {claim.claim_id} has no service lines.")
    if not claim.principal_diagnosis.strip():
        raise ValueError(f"Claim {claim.claim_id} has no principal diagnosis.")
    if claim.statement_through < claim.statement_from:
        raise ValueError(f"Claim {claim.claim_id} ends before it starts.")
    check_correction(claim.claim_id, claim.frequency, claim.payer_claim_number)
    check_bill(claim.claim_id, claim.frequency, claim.patient_status)
    if len(claim.other_diagnoses) > MAX_OTHER_DIAGNOSES:
        raise ValueError(f"Claim {claim.claim_id} lists more than {MAX_OTHER_DIAGNOSES} other diagnoses.")
    kinds = (claim.condition_codes, claim.value_codes, claim.occurrence_codes)
    if any(len(codes) > MAX_CODES_PER_KIND for codes in kinds):
        raise ValueError(f"Claim {claim.claim_id} has more than {MAX_CODES_PER_KIND} codes of one kind.")
    outside = [
        line
        for line in claim.lines
        if not claim.statement_from <= line.service_date <= claim.statement_through
    ]
    if outside:
        raise ValueError(f"Claim {claim.claim_id} has a line outside its statement dates.")


def write_admission(w: SegmentWriter, admission: Admission, patient_status: str) -> None:
    if admission.at is not None:
        w.add("DTP", "435", "DT", admission.at.strftime("%Y%m%d%H%M"))
    # CL1 is required on every 837I; for outpatient claims only the patient status is (CL103).
    w.add("CL1", admission.admission_type, admission.point_of_origin, patient_status)


def write_claim_codes(w: SegmentWriter, claim: InstitutionalClaim) -> None:
    """HI segments in the order loop 2300 defines them."""
    w.add("HI", ("ABK", icd10(claim.principal_diagnosis)))
    if claim.other_diagnoses:
        write_hi(w, "ABF", "ABF", [(icd10(code),) for code in claim.other_diagnoses])
    if claim.occurrence_codes:
        occurrences = [(o.code, "D8", date8(o.date)) for o in claim.occurrence_codes]
        write_hi(w, "BH", "BH", occurrences)
    if claim.value_codes:
        values = [(v.code, "", "", decimal_value(v.amount)) for v in claim.value_codes]
        write_hi(w, "BE", "BE", values)
    if claim.condition_codes:
        write_hi(w, "BG", "BG", [(code,) for code in claim.condition_codes])


def write_line(w: SegmentWriter, number: int, line: InstitutionalLine) -> None:
    w.add("LX", str(number))
    procedure = ("HC", line.procedure_code, *line.modifiers) if line.procedure_code else ""
    w.add("SV2", line.revenue_code, procedure, decimal_value(line.charge), "UN", decimal_value(line.units))
    w.add("DTP", "472", "D8", date8(line.service_date))


def write_claim(w: SegmentWriter, claim: InstitutionalClaim) -> None:
    """Loop 2300 and its 2310A, 2320 and 2400 loops."""
    validate_claim(claim)
    # CLM05: facility type (bill type digits 2-3), A (institutional), frequency; CLM07 assignment accepted,
    # CLM08 benefits assigned, CLM09 release of information on file.
    w.add(
        "CLM", claim.claim_id, decimal_value(claim.total_charge), "", "",
        (claim.facility_type, "A", claim.frequency), "", "A", "Y", "Y",
    )  # fmt: skip
    w.add("DTP", "434", "RD8", f"{date8(claim.statement_from)}-{date8(claim.statement_through)}")
    write_admission(w, claim.admission, claim.patient_status)
    if claim.prior_authorization:
        w.add("REF", "G1", claim.prior_authorization)
    if claim.payer_claim_number:
        w.add("REF", "F8", claim.payer_claim_number)
    write_claim_codes(w, claim)
    attending = claim.attending_provider
    person_name(w, "71", attending.name, "XX", attending.npi)
    if attending.taxonomy_code:
        w.add("PRV", "AT", "PXC", attending.taxonomy_code)
    write_other_payers(w, claim.other_coverages)
    keys = [(line.procedure_code or line.revenue_code, line.modifiers) for line in claim.lines]
    prior = PriorLines.of(claim.other_coverages, keys, [line.revenue_code for line in claim.lines])
    for number, line in enumerate(claim.lines, start=1):
        write_line(w, number, line)
        prior.write(w, number - 1)  # loop 2430: the prior payers' decisions on this line


def render_837i(
    claim_file: ClaimFile[InstitutionalClaim],
    *,
    control: ControlNumbers,
    separators: Separators = DEFAULT_SEPARATORS,
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> str:
    """The whole interchange: ISA/GS, one ST-SE per `max_claims_per_transaction` claims, GE/IEA."""
    return render_claim_file(
        claim_file, write_claim=write_claim, implementation=IMPLEMENTATION, control=control,
        separators=separators, max_claims_per_transaction=max_claims_per_transaction,
    )  # fmt: skip
