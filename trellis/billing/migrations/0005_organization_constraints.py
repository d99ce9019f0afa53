"""Claim control numbers (CLM01) and interchange control numbers (ISA13) are unique per organization."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_fill_claim_organization")]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="claims", to="programs.organization"
            ),
        ),
        migrations.AlterField(
            model_name="claimexport",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_exports",
                to="programs.organization",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="control_number",
            field=models.CharField(help_text="Patient control number (CLM01).", max_length=20),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(
                fields=("organization", "control_number"), name="claim_control_number_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="claimexport",
            constraint=models.UniqueConstraint(
                fields=("organization", "control_number"), name="export_control_number_unique"
            ),
        ),
    ]
