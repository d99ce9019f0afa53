"""Which claim of a stay this is: billing-cycle statement periods, bill-type frequency and patient status. Pure.

Sources:
- NUBC UB-04 FL4 (type of bill), third digit "frequency": 1 admit through discharge, 2 interim - first
  claim, 3 interim - continuing claims, 4 interim - last claim, 7 replacement of prior claim, 8 void/cancel
  of prior claim. CMS Pub. 100-04 (Medicare Claims Processing Manual) ch. 25 s75.1 repeats the FL4 codes.
- NUBC UB-04 FL17 (patient discharge status), CL1-03 on the 837I; CMS Pub. 100-04 ch. 25 s75.2. Code 30
  "still patient" belongs on interim claims 2 and 3 only; a claim with frequency 1 or 4 carries the discharge
  status (REFERENCE.md s4b). NUBC 01 "discharged to home or self care" includes discharges to "outpatient
  programs, such as partial hospitalization or outpatient chemical dependency programs"; 07 "left against
  medical advice or discontinued care"; 20 expired; 21 "discharged/transferred to court/law enforcement"
  (jail, prison or other detention); 65 psychiatric hospital or psychiatric distinct part unit; 70 "another
  type of health care institution not defined elsewhere in this code list". Code list as published by
  Noridian JF Part A, "Patient Discharge Status Codes".
- Medicare interim billing: CMS Pub. 100-04 ch. 1 s50.2.2 has repetitive outpatient services billed monthly
  or at the end of treatment, one claim a month (its revenue-code list, as the MACs publish it, e.g.
  Noridian "Repetitive Services", does not name the IOP codes 0905/0906: programs bill an ongoing IOP stay
  the same way; verify with the MAC). Each statement period (FL6, DTP*434) follows the one before it without
  overlap (REFERENCE.md s4b). Some payers take weekly claims: the cycle is a payer setting, monthly unless set.
- ASC X12 005010X222A1 / X223A2, loop 2300: CLM05-3 carries the frequency; REF*F8 (payer claim control
  number) is required when CLM05-3 is 7 or 8, naming the claim it replaces or voids.
Pages: https://med.noridianmedicare.com/web/jea/topics/claim-submission/bill-types ,
https://med.noridianmedicare.com/web/jfa/topics/claim-submission/repetitive-services ,
https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/clm104c25.pdf (ch. 25).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class BillingCycle(StrEnum):
    """How often a payer takes a claim for an ongoing stay (a payer setting; monthly unless the payer says)."""

    WEEKLY = "weekly"  # ISO weeks, Monday to Sunday
    MONTHLY = "monthly"  # calendar months


BILLING_CYCLE_CHOICES = [(BillingCycle.MONTHLY.value, "Monthly"), (BillingCycle.WEEKLY.value, "Weekly")]


class Frequency(StrEnum):
    """NUBC UB-04 FL4 third digit; X12 CLM05-3 (837P uses 1, 7 and 8 only)."""

    ADMIT_THROUGH_DISCHARGE = "1"
    INTERIM_FIRST = "2"
    INTERIM_CONTINUING = "3"
    INTERIM_LAST = "4"
    REPLACEMENT = "7"
    VOID = "8"


STILL_PATIENT = "30"  # NUBC FL17: still a patient (interim claims 2 and 3 only)
CORRECTIONS = frozenset({Frequency.REPLACEMENT, Frequency.VOID})


class TedsReason(IntEnum):
    """SAMHSA TEDS-D reason for discharge, the values episodes.choices.DischargeReason stores."""

    COMPLETED = 1
    DROPPED_OUT = 2
    TERMINATED = 3
    TRANSFERRED = 4
    INCARCERATED = 5
    DEATH = 6
    OTHER = 7


# TEDS-D reason -> NUBC FL17. A facility-initiated discharge and "other" send the client home: 01 (NUBC has
# no code for an administrative discharge). Transfers depend on where the client goes (below).
DISCHARGE_STATUS: dict[int, str] = {
    TedsReason.COMPLETED: "01",  # planned completion: home or self care
    TedsReason.DROPPED_OUT: "07",  # left against medical advice or discontinued care
    TedsReason.TERMINATED: "01",
    TedsReason.INCARCERATED: "21",  # court/law enforcement, incarceration included
    TedsReason.DEATH: "20",  # expired
    TedsReason.OTHER: "01",
}
# A transfer, by the ASAM level of care in the aftercare plan (episodes.choices.LevelOfCare values). NUBC 01
# covers moving on to outpatient, IOP and partial hospitalization programs; residential treatment and
# withdrawal management are "another type of health care institution" (70); level 4 is inpatient psychiatric.
TRANSFER_STATUS: dict[str, str] = {"1": "01", "2.1": "01", "2.5": "01", "3": "70", "wm": "70", "4": "65"}
TRANSFER_UNKNOWN = "70"  # transferred, destination not recorded


@dataclass(frozen=True)
class Stay:
    """The episode a claim bills: admission, and discharge with its TEDS-D reason once it happened."""

    admitted_on: dt.date
    discharged_on: dt.date | None = None
    discharge_reason: int | None = None
    transferred_to: str = ""  # next ASAM level of care from the aftercare plan, when known


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Sequenced:
    """What a claim says about its place in the stay: DTP*434, the bill type's third digit and CL1-03."""

    period: Period
    frequency: Frequency
    patient_status: str


def cycle_of(day: dt.date, cycle: BillingCycle) -> Period:
    """The billing cycle holding `day`: its calendar month, or its ISO week (Monday to Sunday)."""
    if cycle == BillingCycle.WEEKLY:
        monday = day - dt.timedelta(days=day.weekday())
        return Period(monday, monday + dt.timedelta(days=6))
    first = day.replace(day=1)
    next_month = (first + dt.timedelta(days=31)).replace(day=1)
    return Period(first, next_month - dt.timedelta(days=1))


def split_by_cycle(days: Iterable[dt.date], cycle: BillingCycle) -> dict[dt.date, list[dt.date]]:
    """Service dates grouped by the first day of their cycle: a claim never spans a cycle boundary."""
    groups: dict[dt.date, list[dt.date]] = {}
    for day in sorted(days):
        groups.setdefault(cycle_of(day, cycle).first, []).append(day)
    return groups


def discharge_status(stay: Stay) -> str:
    """NUBC FL17 for a discharged stay, from its TEDS-D reason (01 home when the reason is unknown)."""
    if stay.discharge_reason == TedsReason.TRANSFERRED:
        return TRANSFER_STATUS.get(stay.transferred_to, TRANSFER_UNKNOWN)
    return DISCHARGE_STATUS.get(stay.discharge_reason or TedsReason.COMPLETED, "01")


def statement_period(
    *,
    service_dates: Iterable[dt.date],
    stay: Stay | None,
    cycle: BillingCycle,
    earlier_through: dt.date | None,
) -> Period:
    """DTP*434 for one cycle's services: from the first to the last service date, widened to the admission
    and to the discharge when they fall in the same cycle and no earlier claim already covers those days."""
    days = sorted(service_dates)
    if not days:
        raise ValueError("A claim needs at least one service date.")
    bounds = cycle_of(days[0], cycle)
    if days[-1] > bounds.last:
        raise ValueError("A claim's services span two billing cycles: split them first.")
    first, last = days[0], days[-1]
    if stay is not None:
        floor = (
            bounds.first if earlier_through is None else max(bounds.first, earlier_through + dt.timedelta(1))
        )
        if floor <= stay.admitted_on < first:
            first = stay.admitted_on
        if stay.discharged_on is not None and last < stay.discharged_on <= bounds.last:
            last = stay.discharged_on
    return Period(first, last)


def sequence(*, period: Period, stay: Stay | None, earlier_claims: bool) -> Sequenced:
    """Frequency and patient status of an original claim for `period` (NUBC FL4, FL17).

    It is the first claim of the stay when no earlier claim exists and the admission falls inside the
    period; it is the last when the discharge falls inside the period. A service outside any episode (an
    assessment before admission) is billed on its own: admit through discharge, seen and sent home (01)."""
    if stay is None:
        return Sequenced(period, Frequency.ADMIT_THROUGH_DISCHARGE, "01")
    first = not earlier_claims and period.first <= stay.admitted_on
    discharged = stay.discharged_on is not None and stay.discharged_on <= period.last
    if discharged:
        frequency = Frequency.ADMIT_THROUGH_DISCHARGE if first else Frequency.INTERIM_LAST
        return Sequenced(period, frequency, discharge_status(stay))
    frequency = Frequency.INTERIM_FIRST if first else Frequency.INTERIM_CONTINUING
    return Sequenced(period, frequency, STILL_PATIENT)


def check_bill(claim_id: str, frequency: str, patient_status: str) -> None:
    """Refuse the pairs Medicare returns: 30 "still patient" only on interim claims 2 and 3, and only there."""
    interim = frequency in (Frequency.INTERIM_FIRST, Frequency.INTERIM_CONTINUING)
    if frequency in CORRECTIONS:
        return  # a replacement or void repeats the status of the claim it corrects
    if interim != (patient_status == STILL_PATIENT):
        raise ValueError(
            f"Claim {claim_id}: bill type frequency {frequency} cannot go with patient status {patient_status}: status 30 "
            "(still a patient) goes only with interim claims (2 first, 3 continuing)."
        )


def check_correction(claim_id: str, frequency: str, payer_claim_number: str) -> None:
    """X12 loop 2300 REF*F8 is required on a replacement (7) or void (8) and names the claim it corrects."""
    if (frequency in CORRECTIONS) != bool(payer_claim_number.strip()):
        raise ValueError(
            f"Claim {claim_id}: a replacement (7) or void (8) names the payer's claim number of the claim it "
            "corrects, and only they do."
        )
