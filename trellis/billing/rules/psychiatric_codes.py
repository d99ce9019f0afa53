"""Procedure codes for psychiatric services: evaluations, and E/M visits by total time on the day. Pure.

CPT psychiatric diagnostic evaluation: 90791 without medical services, 90792 with medical services (a
prescriber's). Office E/M visits since 1 January 2021 (AMA CPT E/M Office or Other Outpatient Services
guidelines, 2021): the level is chosen by medical decision making or by the practitioner's total time on the
date of the encounter: established 99212 10-19, 99213 20-29, 99214 30-39, 99215 40-54 minutes; new 99202
15-29, 99203 30-44, 99204 45-59, 99205 60-74 (CPT 2024 keeps only each level's minimum, "must be met or
exceeded"). Time past the top level is prolonged service (99417), not modelled here: the visit stays 99215 or
99205. 99211 has no time threshold and 99201 was deleted.
"""

from collections.abc import Sequence
from enum import StrEnum

from trellis.billing.rules.psychotherapy_time import TimeBand

PSYCHIATRIC_EVALUATION = "90791"
PSYCHIATRIC_EVALUATION_MEDICAL = "90792"
MULTIPLE_FAMILY_GROUP = "90849"  # CPT: multiple-family group psychotherapy, per client

ESTABLISHED_BANDS: tuple[TimeBand, ...] = (
    TimeBand(code="99212", min_minutes=10, max_minutes=19),  # AMA 2021: 10 minutes must be met or exceeded
    TimeBand(code="99213", min_minutes=20, max_minutes=29),  # AMA 2021: 20 minutes
    TimeBand(code="99214", min_minutes=30, max_minutes=39),  # AMA 2021: 30 minutes
    TimeBand(code="99215", min_minutes=40, max_minutes=None),  # AMA 2021: 40 minutes
)
NEW_PATIENT_BANDS: tuple[TimeBand, ...] = (
    TimeBand(code="99202", min_minutes=15, max_minutes=29),  # AMA 2021: 15 minutes
    TimeBand(code="99203", min_minutes=30, max_minutes=44),  # AMA 2021: 30 minutes
    TimeBand(code="99204", min_minutes=45, max_minutes=59),  # AMA 2021: 45 minutes
    TimeBand(code="99205", min_minutes=60, max_minutes=None),  # AMA 2021: 60 minutes
)
ESTABLISHED_CODES = frozenset(band.code for band in ESTABLISHED_BANDS)
NEW_PATIENT_CODES = frozenset(band.code for band in NEW_PATIENT_BANDS)


class PsychiatricService(StrEnum):
    """The notes app's psychiatric services, by the same values."""

    EVALUATION = "psych_evaluation"
    EVALUATION_MEDICAL = "psych_evaluation_medical"
    MEDICATION_MANAGEMENT = "medication_management"
    MEDICATION_MANAGEMENT_NEW = "medication_management_new"


def em_code_by_time(minutes: int, *, bands: Sequence[TimeBand] = ESTABLISHED_BANDS) -> str | None:
    """The E/M level a visit's total time on the day earns; None below the lowest level's time."""
    return next((band.code for band in bands if band.contains(minutes)), None)


def psychiatric_code(service: str, *, minutes: int, chosen_level: str = "") -> str | None:
    """The code for one psychiatric service; an E/M level the prescriber chose stands over the time rule."""
    if service == PsychiatricService.EVALUATION:
        return PSYCHIATRIC_EVALUATION
    if service == PsychiatricService.EVALUATION_MEDICAL:
        return PSYCHIATRIC_EVALUATION_MEDICAL
    new = service == PsychiatricService.MEDICATION_MANAGEMENT_NEW
    allowed = NEW_PATIENT_CODES if new else ESTABLISHED_CODES
    if chosen_level in allowed:
        return chosen_level
    return em_code_by_time(minutes, bands=NEW_PATIENT_BANDS if new else ESTABLISHED_BANDS)
