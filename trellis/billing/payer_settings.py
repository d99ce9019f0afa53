"""Changing a payer's billing rules: each change is a new dated version from its first service date, so
charges for earlier dates keep the rules they were captured under (the same pattern as fee schedules)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.billing.models import Payer, PayerRuleSet
from trellis.billing.models.payer_rules import RULE_FIELDS, rule_values
from trellis.billing.scope import require_same_organization
from trellis.core.errors import reject
from trellis.privacy import audit


def _versions(payer: Payer) -> list[PayerRuleSet]:
    return list(PayerRuleSet.objects.select_for_update().filter(payer=payer).order_by("starts_on"))


def _new_version(payer: Payer, starts_on: dt.date, versions: list[PayerRuleSet]) -> PayerRuleSet:
    """A version from `starts_on` copying the one it splits (if any) and running to where that one ran, or to
    the day before the next version."""
    current = next((v for v in versions if v.effective.covers(starts_on)), None)
    if current is not None and current.starts_on == starts_on:
        return current
    later = [v.starts_on for v in versions if v.starts_on > starts_on]
    version = PayerRuleSet(payer=payer, starts_on=starts_on, **(rule_values(current) if current else {}))
    version.ends_on = min(later) - dt.timedelta(days=1) if later else None
    if current is not None:
        version.ends_on = current.ends_on
        current.ends_on = starts_on - dt.timedelta(days=1)
        current.save(update_fields=["ends_on", "updated_at"])
    return version


@transaction.atomic
def change_payer_rules(*, payer: Payer, starts_on: dt.date, changed_by: Any, **changes: Any) -> PayerRuleSet:
    """Set some of a payer's rules for service dates from `starts_on`; dates before keep their version."""
    require(changed_by, Capability.MANAGE_BILLING)
    require_same_organization(
        user=changed_by, organization_id=payer.organization_id, field="payer", what="payer"
    )
    unknown = sorted(set(changes) - set(RULE_FIELDS))
    if unknown:
        reject("starts_on", f"Unknown payer rule: {', '.join(unknown)}.")
    Payer.objects.select_for_update().filter(pk=payer.pk).get()  # one change to a payer's versions at a time
    version = _new_version(payer, starts_on, _versions(payer))
    for name, value in changes.items():
        setattr(version, name, value)
    try:
        version.full_clean(exclude=["payer"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    version.save()
    detail = f"payer rules from {starts_on.isoformat()}: {', '.join(sorted(changes)) or 'defaults'}"
    audit.record(actor=changed_by, action=audit.Action.UPDATE, obj=version, detail=detail)
    return version
