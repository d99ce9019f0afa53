"""Tampering with the audit table as someone past the application's guards would (a superuser, or a stolen
owner role): on PostgreSQL with `session_replication_role = replica`, on SQLite by dropping the triggers. Both
are undone when the test's transaction rolls back."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from trellis.privacy import audit
from trellis.privacy.models import AuditEvent

GUARDS = importlib.import_module("trellis.privacy.migrations.0006_audit_chain_guards")
SQLITE_TRIGGERS = [
    "privacy_auditevent_no_update",
    "privacy_auditevent_no_delete",
    "privacy_auditevent_no_rewrite",
]


@contextmanager
def guards_lifted() -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks that would block TRUNCATE
            cursor.execute("SET LOCAL session_replication_role = replica")
            yield cursor
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        for trigger in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {trigger}")
        yield cursor
        for statement in GUARDS.SQLITE:
            cursor.execute(statement)


def organization_trail(*, actor: Any, count: int) -> list[AuditEvent]:
    """`count` events by `actor`, one per transaction as pages write them; oldest first."""
    for number in range(count):
        audit.record(actor=actor, action=audit.Action.VIEW, client_id=None, detail=f"page {number + 1}")
    return list(AuditEvent.objects.filter(organization_id=actor.organization_id).order_by("sequence"))


def empty_audit_table() -> None:
    """For tests on committed data, before Django empties the database: the audit table refuses DELETE (SQLite)
    and TRUNCATE while it holds rows (PostgreSQL), so it is emptied here with its guards lifted."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")
            cursor.execute("SET session_replication_role = origin")
            return
        cursor.execute("DROP TRIGGER IF EXISTS privacy_auditevent_no_delete")
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")
        for statement in GUARDS.SQLITE:
            cursor.execute(statement)
