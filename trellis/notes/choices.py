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
