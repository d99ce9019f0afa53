"""Audit events name their organization and, when no person acted, the job that wrote them.

The table is append-only (0002): on SQLite adding a column with a default rebuilds the table, which drops its
triggers, so they are put back here. Existing rows are attributed (the actor's organization, else the
client's) with the append-only guard lifted for that one statement, inside this migration's transaction.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BACKFILL = """
UPDATE privacy_auditevent SET
  organization_id = COALESCE(
    (SELECT u.organization_id FROM accounts_user u WHERE u.id = privacy_auditevent.actor_id),
    (SELECT c.organization_id FROM clients_client c WHERE c.id = privacy_auditevent.client_id)
  ),
  system_job = CASE WHEN actor_id IS NULL THEN 'unrecorded (older event)' ELSE '' END
"""
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_update",
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_delete",
]
SQLITE_CREATE = [  # as in 0002
    """CREATE TRIGGER privacy_auditevent_no_update BEFORE UPDATE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER privacy_auditevent_no_delete BEFORE DELETE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]


def backfill(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE privacy_auditevent DISABLE TRIGGER privacy_auditevent_append_only")
        schema_editor.execute(BACKFILL)
        schema_editor.execute("ALTER TABLE privacy_auditevent ENABLE TRIGGER privacy_auditevent_append_only")
        return
    for statement in SQLITE_DROP:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)
    for statement in SQLITE_CREATE:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("privacy", "0002_append_only"),
        ("programs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programs.organization",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="system_job",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["organization", "-occurred_at"], name="privacy_aud_organiz_4df713_idx"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
