"""Kinds of payer, and the rules each payer sets for the service dates of one version of its settings. Pure.

Every rule below is a payer setting with an effective period (rules/effective.py), like a fee: a payer that
changes a rule on a date gets a new version from that date, and earlier service dates keep the old one. The
defaults are REFERENCE.md's (sections 3, 4 and 4b):

- H0015 (HCPCS: "Alcohol and/or drug services; intensive outpatient (treatment program that operates at least
  3 hours/day and at least 3 days/week and is based on an individualized treatment plan)...") bills a
  substance use day, revenue code 0906 (NUBC UB-04: IOP chemical dependency); S9480 (HCPCS: "Intensive
  outpatient psychiatric services, per diem") a mental health day, revenue code 0905 (NUBC: IOP psychiatric).
  Co-occurring: the payer's contract decides.
- Medicare IOP (CMS CY2024 OPPS final rule, 88 FR 81540, section VIII): one per diem for days with 3 services,
  another for 4 or more, counting the IOP services on the rule's list, among them G0410/G0411 group
  psychotherapy, G0129 occupational therapy, G0176 activity therapy and G0177 patient education. G0410 is
  "approximately 45-50 minutes": its units come from therapy time, breaks excluded.
"""

from dataclasses import dataclass
from enum import StrEnum

from trellis.billing.rules.effective import EffectivePeriod
from trellis.billing.rules.units import Rounding


class PayerKind(StrEnum):
    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    SELF_PAY = "self_pay"


class Focus(StrEnum):
    """What a per-diem day treats: it picks the HCPCS code and revenue code."""

    SUBSTANCE_USE = "substance_use"
    MENTAL_HEALTH = "mental_health"


# CMS CY2024 OPPS final rule, PHP/IOP services list (psychotherapy, diagnostic evaluation, family and group
# psychotherapy, crisis, occupational and activity therapy, patient education). Verify each year's addendum.
CY2024_IOP_SERVICES = frozenset(
    {
        "90785", "90791", "90792", "90832", "90833", "90834", "90836", "90837", "90838", "90839", "90840",
        "90845", "90846", "90847", "90849", "90853", "90865", "90880",
        "G0129", "G0176", "G0177", "G0410", "G0411",
    }
)  # fmt: skip


@dataclass(frozen=True)
class PayerRules:
    """One version of a payer's billing rules, for the service dates in `effective`."""

    effective: EffectivePeriod
    substance_use_code: str = "H0015"  # HCPCS H0015 alcohol/drug IOP
    substance_use_revenue_code: str = "0906"  # NUBC: IOP chemical dependency
    mental_health_code: str = "S9480"  # HCPCS S9480 IOP psychiatric, per diem
    mental_health_revenue_code: str = "0905"  # NUBC: IOP psychiatric
    co_occurring_focus: Focus = Focus.SUBSTANCE_USE  # REFERENCE.md 4b: the payer's contract decides
    per_diem_minimum_minutes: int = 180  # H0015 descriptor: at least 3 hours a day
    substance_use_days_per_week: int = 3  # H0015 descriptor: at least 3 days a week
    mental_health_days_per_week: int = 0  # S9480's descriptor sets no weekly minimum
    individual_therapy_bundled: bool = False  # billed on its own unless the contract folds it into the day
    iop_lower_tier_services: int = 3  # CY2024 OPPS: per diem for days with 3 services
    iop_upper_tier_services: int = 4  # CY2024 OPPS: higher per diem for 4 or more
    iop_counted_services: frozenset[str] = CY2024_IOP_SERVICES
    group_unit_minutes: int = 45  # G0410 descriptor: approximately 45-50 minutes
    group_unit_rounding: Rounding = Rounding.WHOLE_UNITS_ONLY  # a part unit is not a service
    breaks_count_as_therapy: bool = False  # REFERENCE.md 4b: therapy time excludes breaks
    # Case management (H0006) and peer support (H0038) are paid by many Medicaid plans and few others; a
    # payer that does not pay one holds its charges with a reason saying so (billing/capture_support.py).
    pays_case_management: bool = True
    pays_peer_support: bool = True

    def __post_init__(self) -> None:
        if self.group_unit_minutes <= 0:
            raise ValueError("A group therapy unit lasts at least one minute.")
        if self.iop_upper_tier_services < self.iop_lower_tier_services:
            raise ValueError("The higher Medicare IOP tier cannot need fewer services than the lower one.")

    def code_for(self, focus: Focus) -> str:
        return self.substance_use_code if focus is Focus.SUBSTANCE_USE else self.mental_health_code

    def revenue_code_for(self, focus: Focus) -> str:
        if focus is Focus.SUBSTANCE_USE:
            return self.substance_use_revenue_code
        return self.mental_health_revenue_code

    def days_per_week_for(self, focus: Focus) -> int:
        if focus is Focus.SUBSTANCE_USE:
            return self.substance_use_days_per_week
        return self.mental_health_days_per_week

    def therapy_minutes(self, *, attended: int, break_minutes: int) -> int:
        """Minutes of therapy in an attendance. We do not know whether the client was in the room during the
        break, so the whole break comes off: never more therapy than was delivered."""
        if self.breaks_count_as_therapy:
            return max(0, attended)
        return max(0, attended - max(0, break_minutes))
