"""Claims and claim files name their organization (filled in 0004, required from 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_remittance"),
        ("clients", "0001_initial"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="programs.organization",
            ),
        ),
        migrations.AddField(
            model_name="claimexport",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_exports",
                to="programs.organization",
            ),
        ),
    ]
