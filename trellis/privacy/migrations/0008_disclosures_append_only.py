"""The accounting of disclosures cannot be edited or thinned: UPDATE and DELETE on disclosures are refused by
the database itself, as for the audit trail (0002)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER privacy_disclosure_no_update BEFORE UPDATE ON privacy_disclosure
       BEGIN SELECT RAISE(ABORT, 'disclosures are append-only'); END;""",
    """CREATE TRIGGER privacy_disclosure_no_delete BEFORE DELETE ON privacy_disclosure
       BEGIN SELECT RAISE(ABORT, 'disclosures are append-only'); END;""",
]
POSTGRES = [
    """CREATE FUNCTION privacy_disclosure_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'disclosures are append-only'; END; $$;""",
    """CREATE TRIGGER privacy_disclosure_append_only BEFORE UPDATE OR DELETE ON privacy_disclosure
       FOR EACH ROW EXECUTE FUNCTION privacy_disclosure_refuse();""",
]
SQLITE_BACK = ["DROP TRIGGER privacy_disclosure_no_update", "DROP TRIGGER privacy_disclosure_no_delete"]
POSTGRES_BACK = [
    "DROP TRIGGER privacy_disclosure_append_only ON privacy_disclosure",
    "DROP FUNCTION privacy_disclosure_refuse()",
]


def _run(schema_editor, postgres, sqlite):
    for statement in postgres if schema_editor.connection.vendor == "postgresql" else sqlite:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRES, SQLITE)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_BACK, SQLITE_BACK)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_part2_consents_disclosures")]
    operations = [migrations.RunPython(forwards, backwards)]
