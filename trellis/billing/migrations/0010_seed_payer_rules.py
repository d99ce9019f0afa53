"""Every existing payer gets one open version of REFERENCE.md's default rules, keeping its own per-diem hours."""

import datetime as dt
from typing import Any

from django.db import migrations

# Far enough back to cover any charge already captured; a payer changes a rule with a new dated version.
SINCE = dt.date(2000, 1, 1)


def seed(apps: Any, schema_editor: Any) -> None:
    Payer = apps.get_model("billing", "Payer")
    PayerRuleSet = apps.get_model("billing", "PayerRuleSet")
    PayerRuleSet.objects.bulk_create(
        PayerRuleSet(payer_id=pk, starts_on=SINCE, per_diem_minimum_minutes=minutes)
        for pk, minutes in Payer.objects.exclude(rule_sets__isnull=False).values_list(
            "pk", "per_diem_minimum_minutes"
        )
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    PayerRuleSet = apps.get_model("billing", "PayerRuleSet")
    PayerRuleSet.objects.filter(starts_on=SINCE).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0009_payer_rule_sets")]

    operations = [migrations.RunPython(seed, unseed)]
