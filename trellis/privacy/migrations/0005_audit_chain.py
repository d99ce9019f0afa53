"""Audit events form hash chains, one per organization (see trellis.privacy.chain).

The new columns arrive nullable; events already recorded are chained in the order they happened ((occurred_at,
id) within each organization) with the append-only guard lifted for that backfill only, inside this migration's
transaction, as 0003 did. 0006 makes the columns required and adds the constraints and the stronger guards.
"""

from typing import Any

from django.db import migrations, models

from trellis.privacy import chain

SQLITE_GUARDS = [  # as in 0002
    """CREATE TRIGGER IF NOT EXISTS privacy_auditevent_no_update BEFORE UPDATE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS privacy_auditevent_no_delete BEFORE DELETE ON privacy_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
BATCH = 500


def _chain_existing_events(apps: Any) -> None:
    events = apps.get_model("privacy", "AuditEvent")
    heads: dict[str, tuple[int, str]] = {}
    pending = []
    for event in events.objects.order_by("organization_id", "occurred_at", "id").iterator(chunk_size=BATCH):
        key = chain.chain_key(event.organization_id)
        sequence, previous = heads.get(key, (0, chain.GENESIS))
        event.sequence, event.previous_hash = sequence + 1, previous
        # The canonical form is a contract: the one the application uses, so the backfilled links verify.
        event.hash = chain.hash_of(event)
        heads[key] = (event.sequence, event.hash)
        pending.append(event)
        if len(pending) >= BATCH:
            events.objects.bulk_update(pending, ["sequence", "previous_hash", "hash"])
            pending = []
    events.objects.bulk_update(pending, ["sequence", "previous_hash", "hash"])
    apps.get_model("privacy", "AuditChainHead").objects.bulk_create(
        apps.get_model("privacy", "AuditChainHead")(chain=key, sequence=sequence, hash=digest)
        for key, (sequence, digest) in heads.items()
    )


def backfill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE privacy_auditevent DISABLE TRIGGER privacy_auditevent_append_only")
        _chain_existing_events(apps)
        schema_editor.execute("ALTER TABLE privacy_auditevent ENABLE TRIGGER privacy_auditevent_append_only")
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS privacy_auditevent_no_update")
    _chain_existing_events(apps)
    for statement in SQLITE_GUARDS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_password_actions")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("chain", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="auditevent", name="sequence", field=models.PositiveBigIntegerField(null=True)
        ),
        migrations.AddField(
            model_name="auditevent", name="previous_hash", field=models.CharField(max_length=64, null=True)
        ),
        migrations.AddField(model_name="auditevent", name="hash", field=models.CharField(max_length=64, null=True)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
