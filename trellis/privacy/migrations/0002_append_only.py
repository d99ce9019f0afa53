from django.db import migrations

SQLITE = [
    """CREATE TRIGGER privacy_auditevent_no_update BEFORE UPDATE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER privacy_auditevent_no_delete BEFORE DELETE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
POSTGRES = [
    """CREATE FUNCTION privacy_auditevent_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$;""",
    """CREATE TRIGGER privacy_auditevent_append_only BEFORE UPDATE OR DELETE ON privacy_auditevent
       FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_refuse();""",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
