from django.db import models

from trellis.intake import level_of_care, levels


class ReferralSource(models.TextChoices):
    SELF = "self", "Self"
    FAMILY = "family", "Family"
    HOSPITAL = "hospital", "Hospital / ED"
    COURT = "court", "Court / probation"
    EMPLOYER = "employer", "Employer / EAP"
    PHYSICIAN = "physician", "Physician"
    THERAPIST = "therapist", "Therapist"
    SCHOOL = "school", "School"
    OTHER = "other", "Other"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Within 48 hours"
    URGENT = "urgent", "Urgent (same day)"


class InquiryStatus(models.TextChoices):
    NEW = "new", "New"
    SCREENED = "screened", "Screened"
    ASSESSMENT_BOOKED = "assessment_booked", "Assessment booked"
    ADMITTED = "admitted", "Admitted"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
    LOST = "lost", "Lost"


OPEN_STATUSES = (InquiryStatus.NEW, InquiryStatus.SCREENED, InquiryStatus.ASSESSMENT_BOOKED)
CLOSED_STATUSES = (InquiryStatus.ADMITTED, InquiryStatus.REFERRED_ELSEWHERE, InquiryStatus.LOST)

# The pipeline only moves forward, except a booked assessment that falls through goes back to screened.
# Admission is its own step (it registers the client), so it is reached only through convert_inquiry.
TRANSITIONS: dict[str, frozenset[str]] = {
    InquiryStatus.NEW: frozenset(
        {InquiryStatus.SCREENED, InquiryStatus.REFERRED_ELSEWHERE, InquiryStatus.LOST}
    ),
    InquiryStatus.SCREENED: frozenset(
        {InquiryStatus.ASSESSMENT_BOOKED, InquiryStatus.REFERRED_ELSEWHERE, InquiryStatus.LOST}
    ),
    InquiryStatus.ASSESSMENT_BOOKED: frozenset(
        {
            InquiryStatus.SCREENED,
            InquiryStatus.ADMITTED,
            InquiryStatus.REFERRED_ELSEWHERE,
            InquiryStatus.LOST,
        }
    ),
    InquiryStatus.ADMITTED: frozenset(),
    InquiryStatus.REFERRED_ELSEWHERE: frozenset(),
    InquiryStatus.LOST: frozenset(),
}


class InquiryEventKind(models.TextChoices):
    CREATED = "created", "Inquiry taken"
    CRISIS = "crisis", "Crisis flagged"
    STATUS = "status", "Status changed"
    NEXT_ACTION = "next_action", "Next action set"


class Edition(models.TextChoices):
    THIRD = "3", "ASAM 3rd edition (2013)"
    FOURTH = "4", "ASAM 4th edition (2023)"


class Severity(models.TextChoices):
    AT_RISK = level_of_care.Severity.AT_RISK.value, "At risk, no use disorder"
    NONE = level_of_care.Severity.NONE.value, "In remission (no current criteria)"
    MILD = level_of_care.Severity.MILD.value, "Mild (2-3 criteria)"
    MODERATE = level_of_care.Severity.MODERATE.value, "Moderate (4-5 criteria)"
    SEVERE = level_of_care.Severity.SEVERE.value, "Severe (6+ criteria)"


class Readiness(models.TextChoices):
    READY = level_of_care.Readiness.READY.value, "Ready, engaged"
    AMBIVALENT = level_of_care.Readiness.AMBIVALENT.value, "Ambivalent"
    NOT_READY = level_of_care.Readiness.NOT_READY.value, "Not ready"


class FailedLevel(models.TextChoices):
    OUTPATIENT = levels.Level.OUTPATIENT.value, "Outpatient"
    IOP = levels.Level.IOP.value, "IOP"
    PHP = levels.Level.PHP.value, "PHP"
