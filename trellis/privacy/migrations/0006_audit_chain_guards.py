"""Every audit event has its place in a chain; and the guards that make the table append-only get stronger.

- SQLite: `INSERT OR REPLACE` (and `REPLACE INTO`) deletes the row it collides with without firing a DELETE
  trigger. A BEFORE INSERT trigger now refuses any insert that would collide, on the id or on the chain place,
  so no insert can rewrite a row. Making the columns required rebuilds the table, which drops its triggers, so
  all of them are (re)created here.
- PostgreSQL: a statement trigger refuses TRUNCATE of a non-empty audit table (emptying an empty table loses
  nothing, and is how the test suite resets its database). The stronger guard is the role split documented in
  docs/operations.md: the runtime role owns nothing and cannot truncate, alter or disable triggers at all.
"""

from typing import Any

from django.db import migrations, models

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS privacy_auditevent_no_update BEFORE UPDATE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS privacy_auditevent_no_delete BEFORE DELETE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS privacy_auditevent_no_rewrite BEFORE INSERT ON privacy_auditevent
       WHEN EXISTS (
         SELECT 1 FROM privacy_auditevent WHERE id = NEW.id
           OR (organization_id = NEW.organization_id AND sequence = NEW.sequence)
           OR (organization_id IS NULL AND NEW.organization_id IS NULL AND sequence = NEW.sequence))
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: an insert may not replace an event'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION privacy_auditevent_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM privacy_auditevent) THEN
           RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused';
         END IF;
         RETURN NULL;
       END; $$;""",
    """CREATE TRIGGER privacy_auditevent_no_truncate BEFORE TRUNCATE ON privacy_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION privacy_auditevent_refuse_truncate();""",
]

REMOVE = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS privacy_auditevent_no_truncate ON privacy_auditevent",
        "DROP FUNCTION IF EXISTS privacy_auditevent_refuse_truncate()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS privacy_auditevent_no_rewrite"],
}


def remove_guards(apps: Any, schema_editor: Any) -> None:
    for statement in REMOVE[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def install_guards(apps: Any, schema_editor: Any) -> None:
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0005_audit_chain")]

    operations = [
        migrations.AlterField(
            model_name="auditevent", name="sequence", field=models.PositiveBigIntegerField()
        ),
        migrations.AlterField(
            model_name="auditevent", name="previous_hash", field=models.CharField(max_length=64)
        ),
        migrations.AlterField(model_name="auditevent", name="hash", field=models.CharField(max_length=64)),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("organization", "sequence"), name="privacy_audit_one_place_in_chain"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organization__isnull", True)),
                fields=("sequence",),
                name="privacy_audit_one_place_in_unowned_chain",
            ),
        ),
        migrations.RunPython(install_guards, remove_guards),
    ]
