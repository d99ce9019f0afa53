"""Which psychotherapy code a session's length earns, and the fixed codes for group and family work. Pure.

CPT time rules (REFERENCE.md section 4): 90832 16-37 minutes, 90834 38-52, 90837 53 or more; under 16
minutes is not billable as psychotherapy. The bands are data so a payer's variant can replace them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class TimeBand:
    code: str
    min_minutes: int
    max_minutes: int | None  # inclusive; None: no upper bound

    def contains(self, minutes: int) -> bool:
        return self.min_minutes <= minutes and (self.max_minutes is None or minutes <= self.max_minutes)


PSYCHOTHERAPY_BANDS: tuple[TimeBand, ...] = (
    TimeBand(code="90832", min_minutes=16, max_minutes=37),  # REFERENCE.md s4: 90832 16-37 min
    TimeBand(code="90834", min_minutes=38, max_minutes=52),  # REFERENCE.md s4: 90834 38-52 min
    TimeBand(code="90837", min_minutes=53, max_minutes=None),  # REFERENCE.md s4: 90837 >= 53 min
)

GROUP_PSYCHOTHERAPY = "90853"  # REFERENCE.md s4: group psychotherapy (not time-based)
FAMILY_WITHOUT_CLIENT = "90846"  # REFERENCE.md s4: family psychotherapy without the patient present
FAMILY_WITH_CLIENT = "90847"  # REFERENCE.md s4: family psychotherapy with the patient present


def psychotherapy_code(minutes: int, *, bands: Sequence[TimeBand] = PSYCHOTHERAPY_BANDS) -> str | None:
    """The individual psychotherapy code for a session of `minutes`; None when too short to bill."""
    for band in bands:
        if band.contains(minutes):
            return band.code
    return None


def family_code(*, client_present: bool) -> str:
    return FAMILY_WITH_CLIENT if client_present else FAMILY_WITHOUT_CLIENT


class Service(StrEnum):
    """What was delivered, in the clinic's words; the billing app maps sessions and notes to these."""

    INDIVIDUAL_PSYCHOTHERAPY = "individual_psychotherapy"
    GROUP_PSYCHOTHERAPY = "group_psychotherapy"
    FAMILY_WITH_CLIENT = "family_with_client"
    FAMILY_WITHOUT_CLIENT = "family_without_client"
    SUD_ASSESSMENT = "sud_assessment"  # H0001
    SUD_COUNSELING = "sud_counseling"  # H0004, per 15 minutes
    SUD_GROUP_COUNSELING = "sud_group_counseling"  # H0005
    CASE_MANAGEMENT = "case_management"  # H0006


# REFERENCE.md s4: H0001 assessment, H0004 counseling per 15 min, H0005 group counseling, H0006 case management.
FIXED_CODES: dict[Service, str] = {
    Service.GROUP_PSYCHOTHERAPY: GROUP_PSYCHOTHERAPY,
    Service.FAMILY_WITH_CLIENT: FAMILY_WITH_CLIENT,
    Service.FAMILY_WITHOUT_CLIENT: FAMILY_WITHOUT_CLIENT,
    Service.SUD_ASSESSMENT: "H0001",
    Service.SUD_COUNSELING: "H0004",
    Service.SUD_GROUP_COUNSELING: "H0005",
    Service.CASE_MANAGEMENT: "H0006",
}


def service_code(
    service: Service, *, minutes: int, bands: Sequence[TimeBand] = PSYCHOTHERAPY_BANDS
) -> str | None:
    """The procedure code for one delivered service; None when it is not billable (psychotherapy < 16 min)."""
    if service is Service.INDIVIDUAL_PSYCHOTHERAPY:
        return psychotherapy_code(minutes, bands=bands)
    return FIXED_CODES[service]
