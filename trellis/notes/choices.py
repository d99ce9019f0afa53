"""The clinic's words for notes: participation, risk, and the sections of each individual-note format."""

from django.db import models


class Participation(models.TextChoices):
    ACTIVE = "active", "Active, engaged"
    PROMPTED = "prompted", "Participated when prompted"
    MINIMAL = "minimal", "Minimal participation"
    WITHDRAWN = "withdrawn", "Withdrawn, did not participate"
    DISRUPTIVE = "disruptive", "Disruptive"


class RiskLevel(models.TextChoices):
    NONE = "none", "No risk noted"
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class NoteFormat(models.TextChoices):
    DAP = "dap", "DAP (Data, Assessment, Plan)"
    BIRP = "birp", "BIRP (Behavior, Intervention, Response, Plan)"
    SOAP = "soap", "SOAP (Subjective, Objective, Assessment, Plan)"


# Section keys in the order a clinician writes them; `IndividualNote.sections` is keyed by these.
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    NoteFormat.DAP: (("data", "Data"), ("assessment", "Assessment"), ("plan", "Plan")),
    NoteFormat.BIRP: (
        ("behavior", "Behavior"),
        ("intervention", "Intervention"),
        ("response", "Response"),
        ("plan", "Plan"),
    ),
    NoteFormat.SOAP: (
        ("subjective", "Subjective"),
        ("objective", "Objective"),
        ("assessment", "Assessment"),
        ("plan", "Plan"),
    ),
}


def section_keys(note_format: str) -> tuple[str, ...]:
    return tuple(key for key, _ in SECTIONS.get(note_format, ()))


class NoteService(models.TextChoices):
    """What service an individual note documents; the billing app maps each to its procedure code."""

    INDIVIDUAL = "individual", "Individual psychotherapy"
    FAMILY_WITH_CLIENT = "family_with_client", "Family psychotherapy, client present"
    FAMILY_WITHOUT_CLIENT = "family_without_client", "Family psychotherapy, client not present"
    PSYCH_EVALUATION = "psych_evaluation", "Psychiatric evaluation"
    PSYCH_EVALUATION_MEDICAL = "psych_evaluation_medical", "Psychiatric evaluation with medical services"
    MEDICATION_MANAGEMENT = "medication_management", "Medication management, established client"
    MEDICATION_MANAGEMENT_NEW = "medication_management_new", "Medication management, new client"


FAMILY_SERVICES = frozenset({NoteService.FAMILY_WITH_CLIENT, NoteService.FAMILY_WITHOUT_CLIENT})
PSYCHIATRIC_SERVICES = frozenset(
    {
        NoteService.PSYCH_EVALUATION,
        NoteService.PSYCH_EVALUATION_MEDICAL,
        NoteService.MEDICATION_MANAGEMENT,
        NoteService.MEDICATION_MANAGEMENT_NEW,
    }
)
EM_SERVICES = frozenset({NoteService.MEDICATION_MANAGEMENT, NoteService.MEDICATION_MANAGEMENT_NEW})


class OrderAction(models.TextChoices):
    """What a prescriber did with one medication order at a psychiatric visit."""

    REVIEWED = "reviewed", "Reviewed, no change"
    STARTED = "started", "Started"
    CHANGED = "changed", "Changed"
    STOPPED = "stopped", "Stopped"


# The E/M levels a prescriber may choose for a visit (CPT 2021 office visits); billing maps time to them.
EM_LEVELS: dict[str, tuple[str, ...]] = {
    NoteService.MEDICATION_MANAGEMENT: ("99212", "99213", "99214", "99215"),
    NoteService.MEDICATION_MANAGEMENT_NEW: ("99202", "99203", "99204", "99205"),
}
