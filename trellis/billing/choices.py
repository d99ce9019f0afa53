"""The biller's words: payer kinds, order of benefits, units, charge and claim states, hold and denial reasons."""

from django.db import models

from trellis.billing.rules.holds import HOLD_MESSAGES
from trellis.billing.rules.holds import HoldReason as RuleHoldReason


class PayerKind(models.TextChoices):
    """Same values as rules.payers.PayerKind, so rules and rows speak one language."""

    MEDICARE = "medicare", "Medicare"
    MEDICAID = "medicaid", "Medicaid"
    COMMERCIAL = "commercial", "Commercial"
    SELF_PAY = "self_pay", "Self-pay"


class ClaimType(models.TextChoices):
    PROFESSIONAL = "837p", "Professional (837P)"
    INSTITUTIONAL = "837i", "Institutional (837I)"


class PerDiemCode(models.TextChoices):
    """Which code a payer pays an IOP day under (REFERENCE.md s3-4)."""

    NONE = "", "None: bill each service"
    H0015 = "H0015", "H0015 alcohol/drug IOP per diem"
    S9480 = "S9480", "S9480 IOP psychiatric per diem"
    MEDICARE_IOP = "medicare_iop", "Medicare IOP (institutional, condition code 92)"


class CoverageOrder(models.IntegerChoices):
    PRIMARY = 1, "Primary"
    SECONDARY = 2, "Secondary"
    TERTIARY = 3, "Tertiary"


class Relationship(models.TextChoices):
    """The client's relationship to the subscriber, as X12 codes it."""

    SELF = "18", "Self"
    SPOUSE = "01", "Spouse"
    CHILD = "19", "Child"
    OTHER = "G8", "Other"


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Unknown"


class UnitType(models.TextChoices):
    PER_DIEM = "per_diem", "Per diem"
    PER_15_MIN = "per_15_min", "Per 15 minutes"
    PER_SESSION = "per_session", "Per session"


class AuthorizedUnit(models.TextChoices):
    DAYS = "days", "Days"
    UNITS = "units", "Units"


class ChargeStatus(models.TextChoices):
    HELD = "held", "Held"
    RELEASED = "released", "Released"
    BILLED = "billed", "On a claim"
    VOID = "void", "Void"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    PAID = "paid", "Paid"
    DENIED = "denied", "Denied"
    VOIDED = "voided", "Voided"  # a void claim (frequency 8) for it has gone out


class CertificationKind(models.TextChoices):
    INITIAL = "initial", "Initial certification"
    RECERTIFICATION = "recertification", "Recertification"


# Reasons the pure rules give, plus the ones only the database can see (no coverage, no fee, Medicare rules).
HOLD_LABELS: dict[str, str] = {
    RuleHoldReason.UNSIGNED_NOTE: "Unsigned note",
    RuleHoldReason.MISSING_DIAGNOSIS: "Missing diagnosis",
    RuleHoldReason.NO_AUTHORIZATION: "No authorization",
    RuleHoldReason.BEFORE_AUTHORIZATION: "Before authorization",
    RuleHoldReason.AUTHORIZATION_EXPIRED: "Authorization expired",
    RuleHoldReason.AUTHORIZATION_USED_UP: "Authorization used up",
    RuleHoldReason.BELOW_PER_DIEM_MINIMUM: "Hours below per-diem minimum",
    RuleHoldReason.NEEDS_SUBSTANCE_USE_DIAGNOSIS: "No substance use diagnosis for this per diem",
    RuleHoldReason.NEEDS_MENTAL_HEALTH_DIAGNOSIS: "No mental health diagnosis for this per diem",
    RuleHoldReason.BELOW_DAYS_PER_WEEK: "Too few treatment days this week",
    RuleHoldReason.BUNDLED_IN_PER_DIEM: "Included in the day's per diem",
    "no_coverage": "No coverage",
    "no_fee": "No fee schedule entry",
    "no_certification": "No Medicare certification",
    "below_iop_services": "Too few Medicare IOP services that day",
    "attendance_corrected": "Attendance corrected",
    "no_consent": "No consent for the payer",
    "restricted_plan": "Client restricted this plan",
    "client_address": "Client's address is incomplete",
    "no_rendering_npi": "Prescriber has no NPI",
    "case_management_not_paid": "Payer does not pay for case management",
    "peer_support_not_paid": "Payer does not pay for peer support",
    "below_one_unit": "Too short for one unit",
}

# Set by hand, not by the rules: kept through every capture until a biller reviews and releases the charge.
ATTENDANCE_CORRECTED = "attendance_corrected"

# Set from the disclosure gate (42 CFR Part 2), at capture and again at export: no consent in force lets the
# client's records go to the payer, or the client asked that this health plan not be told (2.26).
NO_CONSENT = "no_consent"
RESTRICTED_PLAN = "restricted_plan"

# Set at claim preparation: an 837 carries the client's street, city, state and ZIP (N3/N4), never the program's.
CLIENT_ADDRESS = "client_address"

HOLD_DETAILS: dict[str, str] = {
    **{str(reason): message for reason, message in HOLD_MESSAGES.items()},
    "no_coverage": "The client has no coverage in effect on the service date.",
    "no_fee": "The payer's fee schedule has no entry for this code on the service date.",
    "no_rendering_npi": (
        "A psychiatric service is billed under the prescriber who gave it, and no NPI is on record for the"
        " note's author: add it to their staff record, then capture again."
    ),
    "no_certification": "Medicare IOP needs a physician certification in effect on the service date.",
    "below_iop_services": (
        "Medicare pays an IOP day only with its minimum of qualifying services (3 unless the payer's rules say"
        " otherwise, CY2024 OPPS); each whole unit of group therapy time (G0410, 45 minutes unless the payer's"
        " rules say otherwise, breaks not counted) is one service."
    ),
    "attendance_corrected": (
        "The attendance this charge stood on was corrected after it was released: check it, then release it."
    ),
    "no_consent": (
        "No consent in force lets this client's records go to the payer shown for payment (42 CFR 2.31): none "
        "was signed, or it was revoked or has expired. Ask the client to sign the TPO consent, then recheck."
    ),
    "restricted_plan": (
        "The client paid for these services themselves and asked that this health plan not be told; the "
        "program agreed (42 CFR 2.26). It is never claimed to the plan: bill the client instead."
    ),
    "client_address": (
        "The client's address is incomplete: a claim needs their street, city, state and ZIP code. Complete it "
        "on the client's face sheet, then recheck."
    ),
    "case_management_not_paid": (
        "The payer's billing rules say it does not pay for case management (H0006) on this date. Bill another"
        " payer or the client, or change the payer's rules if its contract now covers it."
    ),
    "peer_support_not_paid": (
        "The payer's billing rules say it does not pay for peer support (H0038) on this date. Bill another"
        " payer or the client, or change the payer's rules if its contract now covers it."
    ),
    "below_one_unit": (
        "The payer pays this service per 15 minutes and the contact was shorter than half a unit (8 minutes,"
        " CMS 8-minute rule): there is no unit to bill."
    ),
}

# Holds a biller may not override by hand: billing them is the denial, or worse, a false claim.
NEVER_RELEASED_BY_HAND = frozenset(
    {
        RuleHoldReason.UNSIGNED_NOTE,
        RuleHoldReason.MISSING_DIAGNOSIS,
        "no_coverage",
        NO_CONSENT,
        RESTRICTED_PLAN,
        CLIENT_ADDRESS,
    }
)


class DenialReason(models.TextChoices):
    """Claim adjustment reason codes (X12 CARC) the program sees most (REFERENCE.md s4 denial causes)."""

    AUTHORIZATION = "197", "197 Precertification/authorization absent"
    UNITS_EXCEED = "198", "198 Precertification/authorization exceeded"
    MISSING_INFO = "16", "16 Claim lacks information or has billing errors"
    NOT_COVERED = "96", "96 Non-covered charge"
    DUPLICATE = "18", "18 Duplicate claim or service"
    TIMELY_FILING = "29", "29 Time limit for filing has expired"
    MEDICAL_NECESSITY = "50", "50 Not deemed a medical necessity"
    PROVIDER_ID = "B7", "B7 Provider not certified/eligible (NPI/TIN)"
    OTHER = "other", "Other"
