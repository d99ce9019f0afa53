"""The demo payers' billing rules (REFERENCE.md's defaults from the demo's first fee year) and diagnoses that fit
each client's program, as the per diem now follows them."""

import datetime as dt
from typing import Any

from trellis.billing.models import Payer
from trellis.billing.payer_settings import change_payer_rules
from trellis.billing.rules.per_diem import is_substance_use_diagnosis
from trellis.programs.choices import ProgramKind
from trellis.programs.models import Organization

# A commercial contract renewed on January 1 that dropped H0015's days-a-week minimum: the payers page shows
# two dated versions, and last year's days keep last year's rule.
RENEWED_CONTRACT = "Prairie Mutual Health (fictional)"


def seed_payer_rules(organization: Organization, biller: Any, *, since: dt.date) -> None:
    for payer in Payer.objects.filter(organization=organization, rule_sets__isnull=True):
        change_payer_rules(payer=payer, starts_on=since, changed_by=biller)
        if payer.name == RENEWED_CONTRACT:
            renewed = dt.date(since.year + 1, 1, 1)
            change_payer_rules(
                payer=payer, starts_on=renewed, changed_by=biller, substance_use_days_per_week=0
            )


Coded = tuple[str, str]
MENTAL_HEALTH_PARTNER: Coded = ("F33.1", "Major depressive disorder, recurrent, moderate")
SUBSTANCE_USE_PARTNER: Coded = ("F10.20", "Alcohol dependence, uncomplicated")


def diagnoses_for_program(kind: str, drawn: Coded) -> tuple[Coded, ...]:
    """Diagnoses that fit the client's program, so the per diem follows them: a substance use program's client
    has a substance use disorder, a co-occurring program's client one of each."""
    substance_use = is_substance_use_diagnosis(drawn[0])
    if kind == ProgramKind.CO_OCCURRING:
        return (drawn, MENTAL_HEALTH_PARTNER if substance_use else SUBSTANCE_USE_PARTNER)
    if kind == ProgramKind.SUBSTANCE_USE and not substance_use:
        return (SUBSTANCE_USE_PARTNER,)
    if kind == ProgramKind.MENTAL_HEALTH and substance_use:
        return (MENTAL_HEALTH_PARTNER,)
    return (drawn,)
