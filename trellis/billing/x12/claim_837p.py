"""837P professional claims, ASC X12 005010X222A1: one file per payer, many claims.

Layout per claim: 2000B subscriber (and 2000C patient for a dependent), 2300 CLM (CLM05-3 frequency: 1
original, 7 replacement, 8 void, the last two with REF*F8 naming the payer's claim number), HI diagnoses, 2310B
rendering provider, 2320/2330A/2330B other payers (with the prior payer's decision on a secondary claim), then one
2400 per service line (LX, SV1, DTP*472), each followed by a 2430 per prior payer that decided it. Pure.
"""

from trellis.billing.rules.claim_sequence import check_correction
from trellis.billing.x12.claims import ClaimFile, ProfessionalClaim, ProfessionalLine
from trellis.billing.x12.envelope import ControlNumbers
from trellis.billing.x12.loops import (
    icd10,
    person_name,
    render_claim_file,
    write_hi,
)
from trellis.billing.x12.secondary import PriorLines, write_other_payers
from trellis.billing.x12.segments import DEFAULT_SEPARATORS, SegmentWriter, Separators, date8, decimal_value

IMPLEMENTATION = "005010X222A1"
MAX_DIAGNOSES = 12  # 837P HI holds 12 diagnosis codes
MAX_DIAGNOSIS_POINTERS = 4  # SV107 points at up to 4 of them
MAX_CLAIMS_PER_TRANSACTION = 5000  # 837 IG recommendation for one ST-SE
PROFESSIONAL_FREQUENCIES = ("1", "7", "8")  # 837P CLM05-3: original, replacement, void


def validate_claim(claim: ProfessionalClaim) -> None:
    if not claim.lines:
        raise ValueError(f"Claim {claim.claim_id} has no service lines.")
    if claim.frequency not in PROFESSIONAL_FREQUENCIES:
        raise ValueError(
            f"Claim {claim.claim_id}: a professional claim is an original (1), replacement (7) or void (8)."
        )
    check_correction(claim.claim_id, claim.frequency, claim.payer_claim_number)
    if not 1 <= len(claim.diagnosis_codes) <= MAX_DIAGNOSES:
        raise ValueError(f"Claim {claim.claim_id} needs 1 to {MAX_DIAGNOSES} diagnosis codes.")
    for line in claim.lines:
        pointers = line.diagnosis_pointers
        if not 1 <= len(pointers) <= MAX_DIAGNOSIS_POINTERS or not all(
            1 <= p <= len(claim.diagnosis_codes) for p in pointers
        ):
            raise ValueError(f"Claim {claim.claim_id} has a line pointing at a diagnosis it does not list.")


def write_line(w: SegmentWriter, number: int, line: ProfessionalLine) -> None:
    w.add("LX", str(number))
    w.add(
        "SV1", ("HC", line.procedure_code, *line.modifiers), decimal_value(line.charge), "UN",
        decimal_value(line.units), "", "", [str(p) for p in line.diagnosis_pointers],
    )  # fmt: skip
    w.add("DTP", "472", "D8", date8(line.service_date))


def write_claim(w: SegmentWriter, claim: ProfessionalClaim) -> None:
    """Loop 2300 and its 2310B, 2320 and 2400 loops."""
    validate_claim(claim)
    # CLM05: place of service, B (professional), frequency; provider signature on file, assignment accepted,
    # benefits assigned, release of information: Y.
    w.add(
        "CLM", claim.claim_id, decimal_value(claim.total_charge), "", "",
        (claim.place_of_service, "B", claim.frequency), "Y", "A", "Y", "Y",
    )  # fmt: skip
    if claim.prior_authorization:
        w.add("REF", "G1", claim.prior_authorization)
    if claim.payer_claim_number:
        w.add("REF", "F8", claim.payer_claim_number)
    write_hi(w, "ABK", "ABF", [(icd10(code),) for code in claim.diagnosis_codes])
    if claim.rendering_provider is not None:
        person_name(w, "82", claim.rendering_provider.name, "XX", claim.rendering_provider.npi)
        if claim.rendering_provider.taxonomy_code:
            w.add("PRV", "PE", "PXC", claim.rendering_provider.taxonomy_code)
    write_other_payers(w, claim.other_coverages)
    keys = [(line.procedure_code, line.modifiers) for line in claim.lines]
    prior = PriorLines.of(claim.other_coverages, keys)
    for number, line in enumerate(claim.lines, start=1):
        write_line(w, number, line)
        prior.write(w, number - 1)  # loop 2430: the prior payers' decisions on this line


def render_837p(
    claim_file: ClaimFile[ProfessionalClaim],
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
