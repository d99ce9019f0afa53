"""Existing claims belong to their client's organization, existing files to their payer's."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps: Any, schema_editor: Any) -> None:
    Claim = apps.get_model("billing", "Claim")
    ClaimExport = apps.get_model("billing", "ClaimExport")
    Client = apps.get_model("clients", "Client")
    Payer = apps.get_model("billing", "Payer")
    Claim.objects.filter(organization__isnull=True).update(
        organization=Subquery(Client.objects.filter(pk=OuterRef("client_id")).values("organization_id")[:1])
    )
    ClaimExport.objects.filter(organization__isnull=True).update(
        organization=Subquery(Payer.objects.filter(pk=OuterRef("payer_id")).values("organization_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_claim_organization")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
