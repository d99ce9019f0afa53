"""Audit events keep their references without database foreign keys or single-column indexes.

Every page view writes one event per client shown. A deferred foreign key checks each new row at commit with a
KEY SHARE lock on the viewer's, the client's and the organization's rows: under many concurrent readers of one
program that is thousands of row locks a minute on its hottest rows (multixacts, extra writes), and the three
single-column indexes duplicate the (reference, -occurred_at) ones. The rows named are never deleted (PROTECT,
enforced by Django on every delete). request_id keeps an exact-lookup index, without PostgreSQL's LIKE twin.

On SQLite, changing a foreign key rebuilds the table, which drops its append-only triggers: they are installed
again afterwards (and before undoing, whose rebuild drops them too).
"""

import importlib
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GUARDS_0006 = importlib.import_module("trellis.privacy.migrations.0006_audit_chain_guards")


def install_guards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in GUARDS_0006.SQLITE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0010_site_activity_stamps"),
        ("privacy", "0011_audit_append_function"),
        ("programs", "0003_program_level_and_minimum_override"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, install_guards),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="client",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_events",
                to="clients.client",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programs.organization",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="request_id",
            field=models.CharField(max_length=64),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["request_id"], name="privacy_audit_request_id"),
        ),
        migrations.RunPython(install_guards, migrations.RunPython.noop),
    ]
