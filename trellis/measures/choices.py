"""Enumerations for measures: who answered, safety-task kinds and states, and the documented assessment."""

from django.db import models

from trellis.measures.instrument_data import list_instruments


def instrument_choices() -> list[tuple[str, str]]:
    """The instruments defined in instruments/*.json, as (code, short name)."""
    return [(instrument.code, instrument.short_name) for instrument in list_instruments()]


class Source(models.TextChoices):
    STAFF = "staff", "Administered by staff"
    CLIENT = "client", "Self-report by the client"


class SafetyTaskKind(models.TextChoices):
    """The urgent flags of the instrument definitions (the "code" of each flag with "urgent": true)."""

    PHQ9_ITEM9 = "phq9_item9", "PHQ-9 item 9 above 0"
    CSSRS_HIGH_RISK = "cssrs_high_risk", "C-SSRS high risk"
    CIWA_SEVERE = "ciwa_severe", "CIWA-Ar severe withdrawal"
    COWS_SEVERE = "cows_severe", "COWS severe withdrawal"
    # Not an instrument's flag: a clinician rated a client's risk high in a note entry (notes/risk.py).
    NOTE_HIGH_RISK = "note_high_risk", "High risk written in a note"


class SafetyTaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskLevel(models.TextChoices):
    """The clinician's judgement after the assessment (C-SSRS risk assessment uses the same three levels)."""

    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Disposition(models.TextChoices):
    CONTINUE_WITH_SAFETY_PLAN = "continue_safety_plan", "Continue IOP with a safety plan"
    INCREASED_CONTACT = "increased_contact", "Continue IOP with increased contact"
    MEDICAL_EVALUATION = "medical_evaluation", "Referred for same-day medical evaluation"
    HIGHER_LEVEL_OF_CARE = "higher_level", "Referred to a higher level of care"
    EMERGENCY = "emergency", "Emergency services / crisis evaluation"
